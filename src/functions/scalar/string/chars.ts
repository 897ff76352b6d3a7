/**
 * Character helpers: PostgreSQL counts characters (code points), JS strings count UTF-16 units. Each helper
 * takes the fast path when the string has no surrogate pairs, which is nearly always.
 */
const SURROGATE = /[\uD800-\uDFFF]/;

export const hasSurrogates = (s: string): boolean => SURROGATE.test(s);

/** Number of characters (code points). */
export function charLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Characters [from, to) by code point index (0-based, clamped). */
export function charSlice(s: string, from: number, to = Infinity): string {
  if (!hasSurrogates(s)) return s.slice(Math.max(0, from), to === Infinity ? undefined : Math.max(0, to));
  return Array.from(s).slice(Math.max(0, from), to === Infinity ? undefined : Math.max(0, to)).join('');
}

/** Code points of s as an array of one-character strings. */
export const chars = (s: string): string[] => (hasSurrogates(s) ? Array.from(s) : s.split(''));

/** PostgreSQL's text_substring: 1-based start, optional length, negative-start semantics. */
export function pgSubstring(s: string, start: number, length: number | undefined): string {
  const s1 = Math.max(start, 1);
  if (length === undefined) return charSlice(s, s1 - 1);
  const e = start + length;
  if (e < 1) return '';
  return charSlice(s, s1 - 1, e - 1);
}

const utf8 = new TextEncoder();
/** UTF-8 byte length without allocating for ASCII-only strings. */
export function byteLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return utf8.encode(s).length;
  }
  return n;
}
