/**
 * UTF-8 validation of COPY input with PostgreSQL's message: `invalid byte sequence for encoding "UTF8":
 * 0xe2 0x28 0xa1` names the bytes of the first bad character (as many as its lead byte announces). NUL is
 * invalid too: PostgreSQL text cannot hold it.
 */
import { isUtf8 } from 'node:buffer';
import { SqlError, SqlState } from '../../../../common/index.ts';

/** Length a lead byte announces (PostgreSQL's pg_utf_mblen). */
const announced = (b: number): number => (b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 1);

/** Index of the first byte of the first invalid character, or -1. */
function firstInvalid(b: Uint8Array): number {
  const n = b.length;
  for (let i = 0; i < n;) {
    const c = b[i]!;
    if (c === 0) return i;
    if (c < 0x80) { i++; continue; }
    const len = announced(c);
    if (len === 1 || i + len > n) return i;
    for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    const cp = len === 2 ? ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f)
      : len === 3 ? ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f)
        : ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
    const min = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return -1;
}

/** Throw 22021 unless `b` is valid UTF-8 without NUL bytes. */
export function checkUtf8(b: Uint8Array, where?: string): void {
  if (isUtf8(b) && !b.includes(0)) return;
  const at = firstInvalid(b);
  if (at < 0) return;
  const len = Math.min(announced(b[at]!), b.length - at);
  const shown = [...b.subarray(at, at + len)].map((x) => `0x${x.toString(16).padStart(2, '0')}`).join(' ');
  throw new SqlError(SqlState.characterNotInRepertoire, `invalid byte sequence for encoding "UTF8": ${shown}`, where === undefined ? {} : { where });
}
