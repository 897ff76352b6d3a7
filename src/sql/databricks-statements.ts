/**
 * Databricks' Delta maintenance statements, which PostgreSQL's grammar does not have. Recognised only after
 * PostgreSQL's parser has failed on the query string (plain queries pay nothing), each becomes a statement
 * node of its own kind for dispatch:
 *
 *   DESCRIBE|DESC HISTORY t [LIMIT n]                  → DeltaDescribeHistoryStmt
 *   DESCRIBE|DESC DETAIL t                             → DeltaDescribeDetailStmt
 *   RESTORE [TABLE] t [TO] VERSION AS OF n             → DeltaRestoreStmt
 *   RESTORE [TABLE] t [TO] TIMESTAMP AS OF expr
 *   OPTIMIZE t [WHERE predicate] [ZORDER BY (c1, …)]   → DeltaOptimizeStmt
 *   VACUUM t [RETAIN n HOURS] [DRY RUN]                 → DeltaVacuumStmt
 *
 * (`VACUUM t` alone is PostgreSQL grammar and arrives as a VacuumStmt.) Expressions inside them are parse
 * trees with byte locations into the client's text (fragments.ts). In a string of several statements the
 * others are parsed as usual, each from a copy of the string in which the rest is blanked out.
 */
import type { Node } from 'libpg-query';
import { parseSync } from 'libpg-query';
import { SqlError, SqlState } from '../common/index.ts';
import { charIndex, expressionAt, identifierName, isWord, parseExpressionAt, stringConstant, tokens, type Token } from './fragments.ts';
import type { ParsedStatement } from './parse.ts';
import type { AsOfClause } from './time-travel.ts';

/** A table name as a RangeVar would give it; `location` is the byte offset of its first part. */
export interface DeltaRelation {
  readonly schemaname?: string;
  readonly relname: string;
  readonly location: number;
}

export interface DeltaDescribeStmt {
  readonly relation: DeltaRelation;
  readonly limit?: number;
}

export interface DeltaRestoreStmt {
  readonly relation: DeltaRelation;
  readonly to: AsOfClause;
}

export interface DeltaOptimizeStmt {
  readonly relation: DeltaRelation;
  /** The predicate's parse tree, and its text for commitInfo. */
  readonly where?: unknown;
  readonly whereText?: string;
  readonly zorderBy: readonly string[];
}

export interface DeltaVacuumStmt {
  readonly relation: DeltaRelation;
  readonly retainHours?: number;
  readonly dryRun: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const LEADING = ['DESCRIBE', 'DESC', 'RESTORE', 'OPTIMIZE', 'VACUUM'];

/** The query string with every byte outside [from, to) a space (byte offsets unchanged). */
function blankOutside(sql: string, from: number, to: number): string {
  const bytes = encoder.encode(sql);
  const copy = new Uint8Array(bytes.length).fill(0x20);
  copy.set(bytes.subarray(from, to), from);
  return decoder.decode(copy);
}

const parses = (text: string): boolean => {
  try {
    parseSync(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * The statements of a query string that PostgreSQL's grammar rejected, if one of them is a Databricks
 * statement; undefined otherwise (the caller goes on with its own error). `parseOther` parses the other
 * statements (a string in which only that statement is left).
 */
export function parseDatabricksStatements(sql: string, parseOther: (sql: string) => ParsedStatement[]): ParsedStatement[] | undefined {
  if (!/\b(?:DESC|DESCRIBE|RESTORE|OPTIMIZE|VACUUM)\b/i.test(sql)) return undefined;
  const toks = tokens(sql);
  if (toks === undefined || !toks.some((t) => isWord(t, ...LEADING))) return undefined;
  const pieces: Token[][] = [[]];
  for (const t of toks) {
    if (t.text === ';') pieces.push([]);
    else pieces[pieces.length - 1]!.push(t);
  }
  const plan = pieces.filter((p) => p.length > 0).map((p) => {
    const text = blankOutside(sql, p[0]!.start, p[p.length - 1]!.end);
    return { p, text, ours: isWord(p[0], ...LEADING) && !parses(text) };
  });
  if (!plan.some((x) => x.ours)) return undefined;
  const out: ParsedStatement[] = [];
  for (const { p, text, ours } of plan) {
    if (!ours) {
      // Same bytes as `sql`: AST locations hold; character offsets are recomputed against `sql`.
      for (const s of parseOther(text)) out.push({ ...s, offset: charIndex(sql, encoder.encode(text.slice(0, s.offset)).length) });
      continue;
    }
    const node = recognize(sql, p);
    if (node === undefined) throw syntaxError(sql, p[0]!);
    const offset = charIndex(sql, p[0]!.start);
    out.push({ node: node as unknown as Node, text: sql.slice(offset, charIndex(sql, p[p.length - 1]!.end)), offset });
  }
  return out;
}

function syntaxError(sql: string, at: Token | undefined, last?: Token): SqlError {
  if (at === undefined) {
    return new SqlError(SqlState.syntaxError, 'syntax error at end of input',
      { position: last === undefined ? undefined : charIndex(sql, last.end) + 1 });
  }
  return new SqlError(SqlState.syntaxError, `syntax error at or near "${at.text}"`, { position: charIndex(sql, at.start) + 1 });
}

const NAME = /^(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)$/;

/** A statement's tokens with a cursor; `fail` reports a syntax error at the current token. */
class Cursor {
  i = 0;
  constructor(readonly sql: string, readonly toks: readonly Token[]) {}
  get t(): Token | undefined { return this.toks[this.i]; }
  get done(): boolean { return this.i >= this.toks.length; }
  fail(): never { throw syntaxError(this.sql, this.t, this.toks[this.toks.length - 1]); }
  word(...words: string[]): boolean {
    if (!isWord(this.t, ...words)) return false;
    this.i++;
    return true;
  }
  expectWord(...words: string[]): void { if (!this.word(...words)) this.fail(); }
  punct(p: string): boolean {
    if (this.t?.text !== p) return false;
    this.i++;
    return true;
  }
  name(): string {
    const t = this.t;
    if (t === undefined || !NAME.test(t.text)) this.fail();
    this.i++;
    return identifierName(t);
  }
  relation(): DeltaRelation {
    const location = this.t?.start ?? 0;
    const parts = [this.name()];
    while (this.punct('.')) parts.push(this.name());
    if (parts.length > 3) this.fail();
    const relname = parts[parts.length - 1]!;
    return parts.length >= 2 ? { schemaname: parts[parts.length - 2]!, relname, location } : { relname, location };
  }
  number(integer: boolean): number {
    const t = this.t;
    if (t === undefined || !(t.kind === 'ICONST' || (!integer && t.kind === 'FCONST'))) this.fail();
    this.i++;
    return Number(t.text);
  }
  end(): void { if (!this.done) this.fail(); }
}

/** The statement node of one statement's tokens, or undefined if it is not a Databricks statement. */
function recognize(sql: string, toks: readonly Token[]): Record<string, unknown> | undefined {
  const c: Cursor = new Cursor(sql, toks);
  if (c.word('DESCRIBE', 'DESC')) {
    const what = c.word('HISTORY') ? 'History' : c.word('DETAIL') ? 'Detail' : undefined;
    if (what === undefined || c.done) return undefined;
    const relation = c.relation();
    let limit: number | undefined;
    if (what === 'History' && c.word('LIMIT')) limit = c.number(true);
    c.end();
    return { [`DeltaDescribe${what}Stmt`]: { relation, ...(limit === undefined ? {} : { limit }) } satisfies DeltaDescribeStmt };
  }
  if (c.word('RESTORE')) {
    c.word('TABLE');
    const relation = c.relation();
    c.word('TO');
    let to: AsOfClause;
    if (c.word('VERSION')) {
      c.expectWord('AS');
      c.expectWord('OF');
      to = { kind: 'version', version: c.number(true) };
    } else {
      c.expectWord('TIMESTAMP');
      c.expectWord('AS');
      c.expectWord('OF');
      const first = c.i;
      const e = c.done ? undefined : expressionAt(sql, toks, first);
      if (e === undefined || e.next !== toks.length) c.fail();
      const literal = e.next === first + 1 ? stringConstant(sql, toks[first]!) : undefined;
      const text = sql.slice(charIndex(sql, toks[first]!.start), charIndex(sql, e.end));
      to = literal !== undefined ? { kind: 'timestamp', text: literal } : { kind: 'timestamp', text, expr: e.ast };
      c.i = e.next;
    }
    c.end();
    return { DeltaRestoreStmt: { relation, to } satisfies DeltaRestoreStmt };
  }
  if (c.word('OPTIMIZE')) {
    const relation = c.relation();
    let where: unknown;
    let whereText: string | undefined;
    if (c.word('WHERE')) {
      // The predicate runs to ZORDER (at parenthesis depth 0) or to the end.
      const first = c.i;
      let depth = 0;
      let k = first;
      for (; k < toks.length; k++) {
        const t = toks[k]!;
        if (t.text === '(') depth++;
        else if (t.text === ')') depth--;
        else if (depth === 0 && isWord(t, 'ZORDER')) break;
      }
      if (k === first) c.fail();
      where = parseExpressionAt(sql, toks[first]!.start, toks[k - 1]!.end);
      if (where === undefined) c.fail();
      whereText = sql.slice(charIndex(sql, toks[first]!.start), charIndex(sql, toks[k - 1]!.end));
      c.i = k;
    }
    const zorderBy: string[] = [];
    if (c.word('ZORDER')) {
      c.expectWord('BY');
      const parens = c.punct('(');
      do zorderBy.push(c.name()); while (c.punct(','));
      if (parens && !c.punct(')')) c.fail();
    }
    c.end();
    return { DeltaOptimizeStmt: { relation, ...(where === undefined ? {} : { where, whereText: whereText! }), zorderBy } satisfies DeltaOptimizeStmt };
  }
  if (c.word('VACUUM')) {
    const relation = c.relation();
    let retainHours: number | undefined;
    let dryRun = false;
    if (c.word('RETAIN')) {
      retainHours = c.number(false);
      c.expectWord('HOURS');
    }
    if (c.word('DRY')) {
      c.expectWord('RUN');
      dryRun = true;
    }
    c.end();
    return { DeltaVacuumStmt: { relation, ...(retainHours === undefined ? {} : { retainHours }), dryRun } satisfies DeltaVacuumStmt };
  }
  return undefined;
}
