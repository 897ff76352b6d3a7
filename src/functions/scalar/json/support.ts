/**
 * What the JSON functions share: reading json/jsonb arguments, text[] paths, the text form of a JSON value
 * (`->>`), and PostgreSQL's error messages.
 */
import type { ScalarKernel } from '../../../plan/index.ts';
import {
  Decimal, getValue, jsonTextKind, jsonTopLevel, JsonObject, parseJson, parseJsonb, renderJsonb, SqlError, SqlState,
  sqlType, type JsonValue, type PgArray, type SqlType, type TextOptions,
} from '../../../common/index.ts';
import { textOptionsOf } from '../text-options.ts';

/** A jsonb argument (already in normal form) as a value. */
export const jsonb = (text: unknown): JsonValue => parseJsonb(text as string);

export const isObject = (v: JsonValue): v is JsonObject => v instanceof JsonObject;
export const isArray = (v: JsonValue): v is readonly JsonValue[] => Array.isArray(v);
/** A top-level jsonb scalar, which PostgreSQL stores as a one-element "raw scalar" array. */
export const isScalar = (v: JsonValue): boolean => !isObject(v) && !isArray(v);

export function invalidParameter(message: string, hint?: string): SqlError {
  return new SqlError(SqlState.invalidParameterValue, message, hint === undefined ? {} : { hint });
}

/** The elements of a text[] argument in storage order (any dimensions), NULL as null. */
export const textItems = (a: unknown): readonly (string | null)[] => (a as PgArray).items as readonly (string | null)[];

/** A path argument for jsonb_set and friends, which take one dimension only. */
export function onePath(a: unknown): readonly (string | null)[] {
  if ((a as PgArray).ndims > 1) throw new SqlError(SqlState.arraySubscriptError, 'wrong number of array subscripts');
  return textItems(a);
}

/**
 * An array index written as text in a path (strtol: optional leading space and sign, then digits to the end),
 * or undefined when it is not an int4.
 */
export function pathIndex(s: string): number | undefined {
  if (!/^[ \t\n\r\v\f]*[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/** An index counted from the end when negative; undefined when outside [0, n). */
export function resolveIndex(i: number, n: number): number | undefined {
  const k = i < 0 ? n + i : i;
  return k >= 0 && k < n ? k : undefined;
}

/** The text a jsonb value gives as text (->>, #>>, *_text): strings unquoted, null as NULL, others rendered. */
export function jsonbText(v: JsonValue): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Decimal) return v.toString();
  return renderJsonb(v);
}

/** The same for a piece of json text: a string decoded, null as NULL, anything else as written. */
export function jsonText(text: string): string | null {
  const kind = jsonTextKind(text);
  if (kind === 'string') return parseJson(text) as string;
  return kind === 'null' ? null : text;
}

/** A child of json text as written: the last pair with this key, or the element at a (negative) index. */
export function jsonChild(text: string, step: string | number): string | null {
  const top = jsonTopLevel(text);
  if (typeof step === 'string') {
    if (top.kind !== 'object') return null;
    for (let i = top.children.length - 1; i >= 0; i--) {
      const c = top.children[i]!;
      if (c.key === step) return text.slice(c.start, c.end);
    }
    return null;
  }
  if (top.kind !== 'array') return null;
  const k = resolveIndex(step, top.children.length);
  if (k === undefined) return null;
  const c = top.children[k]!;
  return text.slice(c.start, c.end);
}

/** A child of a jsonb value: the value of a key, or an element at a (negative) index. */
export function jsonbChild(v: JsonValue, step: string | number): JsonValue | undefined {
  if (typeof step === 'string') return isObject(v) ? v.get(step) : undefined;
  if (!isArray(v)) return undefined;
  const k = resolveIndex(step, v.length);
  return k === undefined ? undefined : v[k];
}

/**
 * A kernel over rows whose function also needs the arguments' SQL types (to_json, json_build_object): f gets
 * the row's values (NULL as null), the argument types and the session's output options. `strict` makes a row
 * with any NULL argument NULL without calling f.
 */
export function mapTyped(out: 'json' | 'jsonb' | 'text', strict: boolean,
  f: (row: readonly unknown[], types: readonly SqlType[], opts: TextOptions) => string | null): ScalarKernel {
  const type = sqlType(out);
  return (args, n, ctx) => {
    const opts = textOptionsOf(ctx);
    const types = args.map((a) => a.type);
    const values = new Array<string>(n);
    let nulls: Uint8Array | null = null;
    const row = new Array<unknown>(args.length);
    for (let i = 0; i < n; i++) {
      let anyNull = false;
      for (let j = 0; j < args.length; j++) {
        row[j] = getValue(args[j]!, i);
        if (row[j] === null) anyNull = true;
      }
      const r = strict && anyNull ? null : f(row, types, opts);
      if (r === null) (nulls ??= new Uint8Array(n))[i] = 1;
      else values[i] = r;
    }
    return { type, length: n, values, nulls };
  };
}
