/**
 * Bind's bookkeeping: expanding format-code lists (none = all text, one = applies to all, else one each)
 * and decoding parameter values with type-io into the JS values the engine expects. The error texts and
 * codes are PostgreSQL's (exec_bind_message).
 */
import {
  binaryIn, isInternal, SqlError, SqlState, textIn, toSqlError, type SqlType, type TextOptions,
} from '../common/index.ts';
import { decodeUtf8 } from './utf8.ts';
import { protocolError } from './wire-errors.ts';

/** Expand Bind's parameter format codes to one per parameter. */
export function expandParamFormats(codes: readonly number[], nParams: number): number[] {
  if (codes.length > 1 && codes.length !== nParams) {
    throw protocolError(`bind message has ${codes.length} parameter formats but ${nParams} parameters`);
  }
  return expand(codes, nParams);
}

/** Expand Bind's result format codes to one per result column. */
export function expandResultFormats(codes: readonly number[], nColumns: number): number[] {
  if (codes.length > 1 && codes.length !== nColumns) {
    throw protocolError(`bind message has ${codes.length} result formats but query has ${nColumns} columns`);
  }
  return expand(codes, nColumns);
}

function expand(codes: readonly number[], n: number): number[] {
  for (const c of codes) {
    if (c !== 0 && c !== 1) throw new SqlError(SqlState.invalidParameterValue, `unsupported format code: ${c}`);
  }
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = codes.length === 0 ? 0 : codes.length === 1 ? codes[0]! : codes[i]!;
  return out;
}

/** Bind must supply exactly as many values as the statement has parameters. */
export function checkParamCount(supplied: number, required: number, statementName: string): void {
  if (supplied === required) return;
  const stmt = statementName === '' ? 'unnamed prepared statement' : `prepared statement "${statementName}"`;
  throw protocolError(`bind message supplies ${supplied} parameters, but ${stmt} requires ${required}`);
}

/**
 * Decode each raw parameter as its statement's parameter type says. `raw[i]` null is SQL NULL;
 * `formats[i]` is 0 (text) or 1 (binary). The count was checked with checkParamCount.
 */
export function decodeParams(
  raw: readonly (Buffer | null)[], formats: readonly number[], types: readonly SqlType[], opts: TextOptions,
): unknown[] {
  const out = new Array<unknown>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const bytes = raw[i]!;
    if (bytes === null) { out[i] = null; continue; }
    const type = types[i]!;
    out[i] = formats[i] === 1 ? decodeBinary(type, bytes, i + 1) : decodeText(type, bytes, opts);
  }
  return out;
}

function decodeText(type: SqlType, bytes: Buffer, opts: TextOptions): unknown {
  const text = decodeUtf8(bytes);
  if (type.typmod === -1 && (type.id === 'text' || type.id === 'varchar' || type.id === 'unknown')) return text;
  return textIn(type, text, opts);
}

function decodeBinary(type: SqlType, bytes: Buffer, n: number): unknown {
  try {
    return binaryIn(type, bytes);
  } catch (err) {
    const e = toSqlError(err);
    if (!isInternal(e)) throw e;
    // A decoder that tripped over the bytes (RangeError reading past the end, ...) means bad client data.
    throw new SqlError(SqlState.invalidBinaryRepresentation, `incorrect binary data format in bind parameter ${n}`);
  }
}
