/** encode(bytea, format) / decode(text, format) for PostgreSQL's base64, hex and escape formats. */
import type { ScalarFunction } from '../../../plan/index.ts';
import { SqlError, SqlState } from '../../../common/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_LOOKUP[B64.charCodeAt(i)] = i;
const badParam = (msg: string, hint?: string): SqlError =>
  new SqlError(SqlState.invalidParameterValue, msg, hint === undefined ? {} : { hint });

/** Base64 with a newline every 76 output characters, as PostgreSQL writes it. */
function base64Encode(b: Uint8Array): string {
  const s = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
  if (s.length <= 76) return s;
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += 76) lines.push(s.slice(i, i + 76));
  return lines.join('\n');
}

/** A port of PostgreSQL's pg_b64_decode loop, so the same inputs fail with the same messages. */
function base64Decode(s: string): Uint8Array {
  const out: number[] = [];
  let buf = 0;
  let pos = 0;
  let end = 0;
  for (const ch of s) {
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    let b = 0;
    if (ch === '=') {
      if (end === 0) {
        if (pos === 2) end = 1;
        else if (pos === 3) end = 2;
        else throw badParam('unexpected "=" while decoding base64 sequence');
      }
    } else {
      const c = ch.codePointAt(0)!;
      b = c > 0 && c < 127 ? B64_LOOKUP[c]! : -1;
      if (b < 0) throw badParam(`invalid symbol "${ch}" found while decoding base64 sequence`);
    }
    buf = (buf << 6) + b;
    pos++;
    if (pos === 4) {
      out.push((buf >> 16) & 255);
      if (end === 0 || end > 1) out.push((buf >> 8) & 255);
      if (end === 0 || end > 2) out.push(buf & 255);
      buf = 0;
      pos = 0;
    }
  }
  if (pos !== 0) {
    throw badParam('invalid base64 end sequence', 'Input data is missing padding, is truncated, or is otherwise corrupted.');
  }
  return Uint8Array.from(out);
}

function hexEncode(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function hexDigit(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  throw badParam(`invalid hexadecimal digit: "${ch}"`);
}

function hexDecode(s: string): Uint8Array {
  const out: number[] = [];
  const cs = Array.from(s);
  for (let i = 0; i < cs.length;) {
    const c = cs[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    const hi = hexDigit(c);
    if (i + 1 >= cs.length) throw badParam('invalid hexadecimal data: odd number of digits');
    out.push((hi << 4) | hexDigit(cs[i + 1]!));
    i += 2;
  }
  return Uint8Array.from(out);
}

/** Escape format: NUL and bytes >= 0x80 as \ooo, backslash doubled, everything else as itself. */
function escapeEncode(b: Uint8Array): string {
  let out = '';
  for (const x of b) {
    if (x === 0 || x >= 0x80) out += `\\${x.toString(8).padStart(3, '0')}`;
    else if (x === 0x5c) out += '\\\\';
    else out += String.fromCharCode(x);
  }
  return out;
}

function escapeDecode(s: string): Uint8Array {
  const bytes = Buffer.from(s, 'utf8');
  const out: number[] = [];
  const isOct = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 55;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 0x5c) { out.push(c); continue; }
    if (bytes[i + 1] === 0x5c) { out.push(0x5c); i++; continue; }
    const a = bytes[i + 1];
    if (a !== undefined && a >= 48 && a <= 51 && isOct(bytes[i + 2]) && isOct(bytes[i + 3])) {
      out.push(((a - 48) << 6) | ((bytes[i + 2]! - 48) << 3) | (bytes[i + 3]! - 48));
      i += 3;
      continue;
    }
    throw new SqlError(SqlState.invalidTextRepresentation, 'invalid input syntax for type bytea');
  }
  return Uint8Array.from(out);
}

function encodeOf(b: Uint8Array, format: string): string {
  switch (format.toLowerCase()) {
    case 'base64': return base64Encode(b);
    case 'hex': return hexEncode(b);
    case 'escape': return escapeEncode(b);
    default: throw badParam(`unrecognized encoding: "${format}"`);
  }
}

function decodeOf(s: string, format: string): Uint8Array {
  switch (format.toLowerCase()) {
    case 'base64': return base64Decode(s);
    case 'hex': return hexDecode(s);
    case 'escape': return escapeDecode(s);
    default: throw badParam(`unrecognized encoding: "${format}"`);
  }
}

export const encode: ScalarFunction = {
  name: 'encode',
  overloads: [{ args: ['bytea', 'text'], returns: 'text', kernel: mapStrict2('text', encodeOf) }],
};

export const decode: ScalarFunction = {
  name: 'decode',
  overloads: [{ args: ['text', 'text'], returns: 'bytea', kernel: mapStrict2('bytea', decodeOf) }],
};
