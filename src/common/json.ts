/**
 * JSON values for the json and jsonb types.
 *
 * A json value is the input text, kept as given once validated; a jsonb value is PostgreSQL's normal form of
 * it as text: object keys ordered by length then bytes (a duplicate key keeps its last value), numbers as
 * numeric prints them, strings re-escaped, `{"a": 1, "b": [1, 2]}` spacing. Functions that look inside either
 * parse the text into a JsonValue and render the result back.
 *
 * Parse errors are PostgreSQL's: 22P02 "invalid input syntax for type json" with its DETAIL lines, and 22P05
 * for a `\u0000` that would have to become text.
 */
import { Decimal } from './decimal.ts';
import { SqlError } from './errors.ts';
import { SqlState } from './sqlstate.ts';

/** A JSON object's pairs in order. Parsed json keeps duplicates; jsonb objects have unique, sorted keys. */
export class JsonObject {
  constructor(readonly entries: readonly JsonEntry[]) {}

  static readonly EMPTY = new JsonObject([]);

  get size(): number { return this.entries.length; }

  /** The value of the last pair with this key (jsonb objects have at most one), or undefined. */
  get(key: string): JsonValue | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e[0] === key) return e[1];
    }
    return undefined;
  }

  has(key: string): boolean { return this.get(key) !== undefined; }
}
export type JsonEntry = readonly [key: string, value: JsonValue];

/**
 * Valid JSON text embedded as it is: a json-typed argument of json_build_object, a float printed by its output
 * function (`1e+20`). renderJson copies it verbatim; jsonb normalises it.
 */
export class JsonRaw {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | Decimal | string | readonly JsonValue[] | JsonObject | JsonRaw;

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

// --- parsing ---------------------------------------------------------------------------------------------------

/**
 * Nesting deeper than this fails with 54001 as PostgreSQL's stack check does (PostgreSQL's default
 * max_stack_depth allows about 10,000 levels; V8's default stack fits this parser and the recursive renderers
 * to about 3,000, so the limit stays well below that).
 */
const MAX_DEPTH = 2000;

type Tok = '{' | '}' | '[' | ']' | ',' | ':' | 'string' | 'number' | 'true' | 'false' | 'null' | 'end';

interface ParseMode {
  /** Build values (false: only validate, as json_in does). */
  readonly build: boolean;
  /** jsonb: one pair per key, sorted. */
  readonly unique: boolean;
  /** Keep numbers as their text (JsonRaw) instead of Decimal. */
  readonly numberText: boolean;
}

const JSONB_MODE: ParseMode = { build: true, unique: true, numberText: false };
const JSON_MODE: ParseMode = { build: true, unique: false, numberText: false };
const JSON_TEXT_MODE: ParseMode = { build: true, unique: false, numberText: true };
const VALIDATE_MODE: ParseMode = { build: false, unique: false, numberText: false };

const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function syntaxError(detail: string): SqlError {
  return new SqlError(SqlState.invalidTextRepresentation, 'invalid input syntax for type json', { detail });
}

/** A child of the top-level container: its key (objects) and where its text lies in the input. */
export interface JsonSpan {
  readonly key?: string;
  readonly start: number;
  readonly end: number;
}

/** A recursive-descent parser over PostgreSQL's JSON tokens (json_lex / parse_object / parse_array). */
class Parser {
  private i = 0;
  private tok: Tok = 'end';
  private tokStart = 0;
  private tokEnd = 0;
  private prevEnd = 0;
  private str = '';
  /** Spans of the top-level container's children, when asked for. */
  spans: JsonSpan[] | undefined;

  constructor(private readonly s: string, private readonly mode: ParseMode) {}

  /** The current token (a method, so that type narrowing does not outlive a call to next()). */
  private t(): Tok { return this.tok; }

  parse(): JsonValue {
    try {
      this.next();
      const v = this.value(0);
      if (this.t() !== 'end') throw this.expected('end of input');
      return v;
    } catch (e) {
      if (e instanceof RangeError) throw tooDeep(); // the stack ran out before MAX_DEPTH (a deep caller)
      throw e;
    }
  }

  private value(depth: number): JsonValue {
    switch (this.t()) {
      case '{': return this.object(depth + 1);
      case '[': return this.array(depth + 1);
      case 'string': { const v = this.str; this.next(); return v; }
      case 'number': {
        const text = this.s.slice(this.tokStart, this.tokEnd);
        this.next();
        if (!this.mode.build) return null;
        return this.mode.numberText ? new JsonRaw(text) : Decimal.parse(text);
      }
      case 'true': this.next(); return true;
      case 'false': this.next(); return false;
      case 'null': this.next(); return null;
      default: throw this.expected('JSON value');
    }
  }

  private object(depth: number): JsonValue {
    if (depth > MAX_DEPTH) throw tooDeep();
    this.next();
    const entries: [string, JsonValue][] = [];
    if (this.t() === '}') { this.next(); return this.mode.build ? JsonObject.EMPTY : null; }
    if (this.t() !== 'string') throw this.expected('string or "}"');
    for (;;) {
      const key = this.str;
      this.next();
      if (this.t() !== ':') throw this.expected('":"');
      this.next();
      const start = this.tokStart;
      const v = this.value(depth);
      if (depth === 1 && this.spans !== undefined) this.spans.push({ key, start, end: this.prevEnd });
      if (this.mode.build) entries.push([key, v]);
      if (this.t() === ',') {
        this.next();
        if (this.t() !== 'string') throw this.expected('string');
        continue;
      }
      if (this.t() === '}') break;
      throw this.expected('"," or "}"');
    }
    this.next();
    if (!this.mode.build) return null;
    return this.mode.unique ? uniqueObject(entries) : new JsonObject(entries);
  }

  private array(depth: number): JsonValue {
    if (depth > MAX_DEPTH) throw tooDeep();
    this.next();
    const items: JsonValue[] = [];
    if (this.t() === ']') { this.next(); return this.mode.build ? items : null; }
    if (!startsValue(this.t())) throw this.expected('array element or "]"');
    for (;;) {
      const start = this.tokStart;
      const v = this.value(depth);
      if (depth === 1 && this.spans !== undefined) this.spans.push({ start, end: this.prevEnd });
      if (this.mode.build) items.push(v);
      if (this.t() === ',') { this.next(); continue; }
      if (this.t() === ']') break;
      throw this.expected('"," or "]"');
    }
    this.next();
    return this.mode.build ? items : null;
  }

  private expected(what: string): SqlError {
    if (this.t() === 'end') return syntaxError('The input string ended unexpectedly.');
    return syntaxError(`Expected ${what}, but found "${this.s.slice(this.tokStart, this.tokEnd)}".`);
  }

  /** json_lex: the next token into tok/tokStart/tokEnd (and str for strings). */
  private next(): void {
    const s = this.s;
    this.prevEnd = this.tokEnd;
    let i = this.i;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++; else break;
    }
    this.tokStart = i;
    if (i >= s.length) { this.tok = 'end'; this.tokEnd = this.i = i; return; }
    const c = s[i]!;
    if (c === '{' || c === '}' || c === '[' || c === ']' || c === ',' || c === ':') {
      this.tok = c;
      this.tokEnd = this.i = i + 1;
      return;
    }
    if (c === '"') { this.lexString(i); return; }
    const code = c.charCodeAt(0);
    if (c === '-' || isDigit(code)) { this.lexNumber(i); return; }
    let j = i;
    while (j < s.length && isWordChar(s.charCodeAt(j))) j++;
    if (j === i) j = i + 1;
    const word = s.slice(i, j);
    if (word !== 'true' && word !== 'false' && word !== 'null') throw syntaxError(`Token "${word}" is invalid.`);
    this.tok = word;
    this.tokEnd = this.i = j;
  }

  /** -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, with trailing word characters part of the token. */
  private lexNumber(start: number): void {
    const s = this.s;
    let i = start, ok = true;
    if (s[i] === '-') i++;
    if (s[i] === '0') i++;
    else if (isDigit(s.charCodeAt(i))) { while (isDigit(s.charCodeAt(i))) i++; }
    else ok = false;
    if (ok && s[i] === '.') {
      i++;
      if (!isDigit(s.charCodeAt(i))) ok = false;
      while (isDigit(s.charCodeAt(i))) i++;
    }
    if (ok && (s[i] === 'e' || s[i] === 'E')) {
      i++;
      if (s[i] === '+' || s[i] === '-') i++;
      if (!isDigit(s.charCodeAt(i))) ok = false;
      while (isDigit(s.charCodeAt(i))) i++;
    }
    while (i < s.length && isWordChar(s.charCodeAt(i))) { i++; ok = false; }
    if (!ok) throw syntaxError(`Token "${s.slice(start, i)}" is invalid.`);
    this.tok = 'number';
    this.tokEnd = this.i = i;
  }

  /** A string token; decoded (escapes resolved, \u0000 and lone surrogates rejected) unless only validating. */
  private lexString(start: number): void {
    const s = this.s;
    const decode = this.mode.build;
    let i = start + 1;
    let out = '';
    let chunk = i; // start of the run of plain characters not yet copied to out
    let hi = -1; // a high surrogate waiting for its low half
    for (;;) {
      if (i >= s.length) throw syntaxError(`Token "${s.slice(start)}" is invalid.`);
      const code = s.charCodeAt(i);
      if (code === 34) break; // "
      if (code < 0x20) {
        throw syntaxError(`Character with value 0x${code.toString(16).padStart(2, '0')} must be escaped.`);
      }
      if (code !== 92) { // not a backslash
        if (decode && hi !== -1) throw syntaxError('Unicode low surrogate must follow a high surrogate.');
        i++;
        continue;
      }
      if (decode) out += s.slice(chunk, i);
      const e = s[i + 1];
      if (e === undefined) throw syntaxError(`Token "${s.slice(start)}" is invalid.`);
      if (e === 'u') {
        const hex = s.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw syntaxError('"\\u" must be followed by four hexadecimal digits.');
        i += 6;
        chunk = i;
        if (!decode) continue;
        const u = parseInt(hex, 16);
        if (u >= 0xd800 && u <= 0xdbff) {
          if (hi !== -1) throw syntaxError('Unicode high surrogate must not follow a high surrogate.');
          hi = u;
          continue;
        }
        if (u >= 0xdc00 && u <= 0xdfff) {
          if (hi === -1) throw syntaxError('Unicode low surrogate must follow a high surrogate.');
          out += String.fromCharCode(hi, u);
          hi = -1;
          continue;
        }
        if (hi !== -1) throw syntaxError('Unicode low surrogate must follow a high surrogate.');
        if (u === 0) {
          throw new SqlError(SqlState.untranslatableCharacter, 'unsupported Unicode escape sequence', {
            detail: '\\u0000 cannot be converted to text.',
          });
        }
        out += String.fromCharCode(u);
        continue;
      }
      const simple = ESCAPES[e];
      if (simple === undefined) throw syntaxError(`Escape sequence "\\${String.fromCodePoint(s.codePointAt(i + 1)!)}" is invalid.`);
      if (decode) {
        if (hi !== -1) throw syntaxError('Unicode low surrogate must follow a high surrogate.');
        out += simple;
      }
      i += 2;
      chunk = i;
    }
    if (decode && hi !== -1) throw syntaxError('Unicode low surrogate must follow a high surrogate.');
    this.str = decode ? out + s.slice(chunk, i) : '';
    this.tok = 'string';
    this.tokEnd = this.i = i + 1;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const startsValue = (t: Tok): boolean => t !== '}' && t !== ']' && t !== ',' && t !== ':' && t !== 'end';

function tooDeep(): SqlError {
  return new SqlError(SqlState.statementTooComplex, 'stack depth limit exceeded', {
    hint: 'Increase the configuration parameter "max_stack_depth" (currently 2048kB), after ensuring the platform\'s stack depth limit is adequate.',
  });
}

/** json_in: validate, keep the text unchanged. */
export function validateJson(text: string): string {
  new Parser(text, VALIDATE_MODE).parse();
  return text;
}

/**
 * Parse json text as the json functions see it: pairs in input order, duplicate keys kept. With `numberText`,
 * numbers stay as their text (JsonRaw), so rendering reproduces them (json_strip_nulls).
 */
export function parseJson(text: string, opts: { numberText?: boolean } = {}): JsonValue {
  return new Parser(text, opts.numberText === true ? JSON_TEXT_MODE : JSON_MODE).parse();
}

/** Parse as jsonb_in does: objects with unique keys (the last duplicate wins) in jsonb order, numbers numeric. */
export function parseJsonb(text: string): JsonValue {
  return new Parser(text, JSONB_MODE).parse();
}

/** jsonb_in followed by jsonb_out: the normalised text. */
export function normalizeJsonb(text: string): string {
  return renderJsonb(parseJsonb(text));
}

/** The top-level value of json text and, for an object or array, where each child's text lies. */
export interface JsonTopLevel {
  /** The parsed value (null when not decoded). */
  readonly value: JsonValue;
  readonly kind: JsonKind;
  /** Children of an object or array, in order (duplicate keys kept); [] for scalars. */
  readonly children: readonly JsonSpan[];
}

/**
 * json -> and friends return a child's text exactly as it was written; this finds it. Without `decode`
 * (json_array_length), strings are only checked, not decoded: a \u0000 passes and keys are left empty.
 */
export function jsonTopLevel(text: string, decode = true): JsonTopLevel {
  const p = new Parser(text, decode ? JSON_MODE : VALIDATE_MODE);
  p.spans = [];
  const value = p.parse();
  return { value, kind: jsonTextKind(text), children: p.spans };
}

/** The kind of valid json text, from its first token. */
export function jsonTextKind(text: string): JsonKind {
  const c = text.trimStart()[0];
  return c === '{' ? 'object' : c === '[' ? 'array' : c === '"' ? 'string' : c === 't' || c === 'f' ? 'boolean'
    : c === 'n' ? 'null' : 'number';
}

// --- jsonb normal form ---------------------------------------------------------------------------------------

/** Number of bytes of s in UTF-8. */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2; // a surrogate pair: 2 units, 4 bytes
  }
  return n;
}

/** Code-point (= UTF-8 byte) order of two strings; JS `<` compares UTF-16 units, which differs past U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // surrogates (astral code points) sort after U+E000..U+FFFF
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** jsonb key order: shorter keys (in UTF-8 bytes) first, then bytewise. */
export function keyOrder(a: string, b: string): number {
  if (a === b) return 0;
  const d = utf8Length(a) - utf8Length(b);
  return d !== 0 ? d : compareCodePoints(a, b);
}

/** Pairs in jsonb order with one pair per key, the last of duplicates winning (uniqueifyJsonbObject). */
function uniqueObject(entries: readonly JsonEntry[]): JsonObject {
  if (entries.length <= 1) return entries.length === 0 ? JsonObject.EMPTY : new JsonObject(entries);
  const last = new Map<string, JsonEntry>();
  for (const e of entries) last.set(e[0], e);
  const out = [...last.values()];
  out.sort((x, y) => keyOrder(x[0], y[0]));
  return new JsonObject(out);
}

/** A value in jsonb's normal form: raw text parsed, objects made unique and sorted, all the way down. */
export function toJsonb(v: JsonValue): JsonValue {
  if (v instanceof JsonRaw) return parseJsonb(v.text);
  if (Array.isArray(v)) return (v as readonly JsonValue[]).map(toJsonb);
  if (v instanceof JsonObject) return uniqueObject(v.entries.map(([k, x]) => [k, toJsonb(x)] as const));
  return v;
}

/** escape_json: quotes, backslash and control characters; everything else as is. */
export function quoteJsonString(s: string): string {
  let out = '"';
  let chunk = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0x20 && code !== 34 && code !== 92) continue;
    out += s.slice(chunk, i);
    chunk = i + 1;
    switch (code) {
      case 34: out += '\\"'; break;
      case 92: out += '\\\\'; break;
      case 8: out += '\\b'; break;
      case 12: out += '\\f'; break;
      case 10: out += '\\n'; break;
      case 13: out += '\\r'; break;
      case 9: out += '\\t'; break;
      default: out += `\\u${code.toString(16).padStart(4, '0')}`;
    }
  }
  return `${out}${s.slice(chunk)}"`;
}

/** jsonb_out: `{"a": 1, "b": [1, 2]}`. Objects are put in jsonb order (and JsonRaw normalised) on the way. */
export function renderJsonb(v: JsonValue): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return quoteJsonString(v);
  if (v instanceof Decimal) return v.toString();
  if (v instanceof JsonRaw) return renderJsonb(parseJsonb(v.text));
  if (Array.isArray(v)) return `[${(v as readonly JsonValue[]).map(renderJsonb).join(', ')}]`;
  const o = uniqueObject((v as JsonObject).entries);
  return `{${o.entries.map(([k, x]) => `${quoteJsonString(k)}: ${renderJsonb(x)}`).join(', ')}}`;
}

/**
 * Compact json text, as to_json and array_to_json write it: `[1,2]`, `{"a":1}`; pairs in their order,
 * JsonRaw verbatim.
 */
export function renderJson(v: JsonValue): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return quoteJsonString(v);
  if (v instanceof Decimal) return v.toString();
  if (v instanceof JsonRaw) return v.text;
  if (Array.isArray(v)) return `[${(v as readonly JsonValue[]).map(renderJson).join(',')}]`;
  return `{${(v as JsonObject).entries.map(([k, x]) => `${quoteJsonString(k)}:${renderJson(x)}`).join(',')}}`;
}

/** json_typeof / jsonb_typeof. A JsonRaw is inspected by its first character. */
export function jsonKind(v: JsonValue): JsonKind {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (v instanceof Decimal) return 'number';
  if (Array.isArray(v)) return 'array';
  if (v instanceof JsonObject) return 'object';
  return jsonTextKind((v as JsonRaw).text);
}
