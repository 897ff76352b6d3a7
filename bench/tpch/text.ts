/**
 * Comment text (specification clause 4.2.2.10): sentences from a small grammar over fixed word lists,
 *
 *   sentence    := NP VP T | NP VP PP T | NP VP NP T | NP PP VP NP T | NP PP VP PP T
 *   NP (noun)   := noun | adjective noun | adjective, adjective noun | adverb adjective noun
 *   VP (verb)   := verb | auxiliary verb | verb adverb | auxiliary verb adverb
 *   PP          := preposition the NP
 *
 * written once into a pool, and each comment is a substring of the pool at a random offset with a length
 * uniform in [min, max] ("text string [min, max]"). The pool is generated from its own stream, so it is the
 * same on every run. Every choice here is uniform over its list.
 */
import { WORDS } from './lists.ts';
import { Stream } from './random.ts';

const POOL_CHARS = 8 << 20;

function nounPhrase(r: Stream): string {
  switch (r.int(0, 3)) {
    case 0: return r.pick(WORDS.nouns);
    case 1: return `${r.pick(WORDS.adjectives)} ${r.pick(WORDS.nouns)}`;
    case 2: return `${r.pick(WORDS.adjectives)}, ${r.pick(WORDS.adjectives)} ${r.pick(WORDS.nouns)}`;
    default: return `${r.pick(WORDS.adverbs)} ${r.pick(WORDS.adjectives)} ${r.pick(WORDS.nouns)}`;
  }
}

function verbPhrase(r: Stream): string {
  switch (r.int(0, 3)) {
    case 0: return r.pick(WORDS.verbs);
    case 1: return `${r.pick(WORDS.auxiliaries)} ${r.pick(WORDS.verbs)}`;
    case 2: return `${r.pick(WORDS.verbs)} ${r.pick(WORDS.adverbs)}`;
    default: return `${r.pick(WORDS.auxiliaries)} ${r.pick(WORDS.verbs)} ${r.pick(WORDS.adverbs)}`;
  }
}

const prepPhrase = (r: Stream): string => `${r.pick(WORDS.prepositions)} the ${nounPhrase(r)}`;

function sentence(r: Stream): string {
  let body: string;
  switch (r.int(0, 4)) {
    case 0: body = `${nounPhrase(r)} ${verbPhrase(r)}`; break;
    case 1: body = `${nounPhrase(r)} ${verbPhrase(r)} ${prepPhrase(r)}`; break;
    case 2: body = `${nounPhrase(r)} ${verbPhrase(r)} ${nounPhrase(r)}`; break;
    case 3: body = `${nounPhrase(r)} ${prepPhrase(r)} ${verbPhrase(r)} ${nounPhrase(r)}`; break;
    default: body = `${nounPhrase(r)} ${prepPhrase(r)} ${verbPhrase(r)} ${prepPhrase(r)}`; break;
  }
  return body + r.pick(WORDS.terminators);
}

let pool: string | undefined;

function textPool(): string {
  if (pool !== undefined) return pool;
  const r = new Stream('text.pool');
  const parts: string[] = [];
  let n = 0;
  while (n < POOL_CHARS) {
    const s = sentence(r);
    parts.push(s);
    n += s.length + 1;
  }
  pool = parts.join(' ');
  return pool;
}

/** Draws comments of "text string [min, max]" from one column's stream. */
export class TextColumn {
  private readonly offsets: Stream;
  private readonly lengths: Stream;
  private readonly pool = textPool();

  constructor(column: string, private readonly min: number, private readonly max: number) {
    this.offsets = new Stream(`${column}.offset`);
    this.lengths = new Stream(`${column}.length`);
  }

  next(): string {
    const len = this.lengths.int(this.min, this.max);
    const at = this.offsets.int(0, this.pool.length - len);
    return this.pool.substring(at, at + len);
  }
}

/** "random v-string [min, max]": random alphanumeric characters (clause 4.2.2.7), for addresses. */
export class VStringColumn {
  private static readonly CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,.';
  private readonly chars: Stream;
  private readonly lengths: Stream;

  constructor(column: string, private readonly min: number, private readonly max: number) {
    this.chars = new Stream(`${column}.chars`);
    this.lengths = new Stream(`${column}.length`);
  }

  next(): string {
    const len = this.lengths.int(this.min, this.max);
    let s = '';
    for (let i = 0; i < len; i++) s += VStringColumn.CHARS[Math.floor(this.chars.next() * 64)];
    return s;
  }
}
