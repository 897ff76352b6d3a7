/**
 * Client text must be valid UTF-8 (the only client_encoding Basin speaks). PostgreSQL rejects an invalid
 * byte sequence with 22021 and names the offending bytes; node's decoder would silently put U+FFFD there.
 */
import { isUtf8 } from 'node:buffer';
import { SqlError, SqlState } from '../common/index.ts';

/** Decode bytes as UTF-8, throwing 22021 as PostgreSQL does when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const view = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
  let ascii = true;
  for (let i = 0; i < view.length; i++) {
    const c = view[i]!;
    if (c === 0) throw invalidSequence(view);
    if (c >= 0x80) { ascii = false; break; }
  }
  if (!ascii && (!isUtf8(view) || view.includes(0))) throw invalidSequence(view);
  return Buffer.from(view.buffer, view.byteOffset, view.length).toString(ascii ? 'latin1' : 'utf8');
}

function invalidSequence(b: Uint8Array): SqlError {
  const at = firstInvalid(b);
  const len = Math.min(b[at] === 0 ? 1 : sequenceLength(b[at]!), b.length - at);
  const shown = Array.from(b.subarray(at, at + len), (x) => `0x${x.toString(16).padStart(2, '0')}`).join(' ');
  return new SqlError(SqlState.characterNotInRepertoire, `invalid byte sequence for encoding "UTF8": ${shown}`);
}

/** PostgreSQL's pg_utf_mblen: how many bytes its error message shows for a bad sequence. */
const sequenceLength = (lead: number): number =>
  (lead & 0x80) === 0 ? 1 : (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 1;

/** Offset of the first byte that does not start a valid UTF-8 sequence (NUL counts as invalid, as in PG). */
function firstInvalid(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c === 0) return i;
    if (c < 0x80) { i++; continue; }
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > b.length) return i;
    const c1 = b[i + 1]!;
    if (c1 < 0x80 || c1 > 0xbf) return i;
    if (c === 0xe0 && c1 < 0xa0) return i; // overlong
    if (c === 0xed && c1 > 0x9f) return i; // surrogate
    if (c === 0xf0 && c1 < 0x90) return i; // overlong
    if (c === 0xf4 && c1 > 0x8f) return i; // above U+10FFFF
    for (let k = 2; k < n; k++) {
      const ck = b[i + k]!;
      if (ck < 0x80 || ck > 0xbf) return i;
    }
    i += n;
  }
  return b.length - 1;
}
