import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict1 } from '../kernel-helpers.ts';

export const lower: ScalarFunction = {
  name: 'lower',
  overloads: [{ args: ['text'], returns: 'text', kernel: mapStrict1('text', (s: string) => s.toLowerCase()) }],
};

export const upper: ScalarFunction = {
  name: 'upper',
  overloads: [{ args: ['text'], returns: 'text', kernel: mapStrict1('text', (s: string) => s.toUpperCase()) }],
};

const ALNUM = /[\p{L}\p{N}]/u;

/** First letter of each alphanumeric run upper-cased, the rest lower-cased (PostgreSQL's initcap). */
function initcapOf(s: string): string {
  let out = '';
  let inWord = false;
  for (const c of s) {
    out += inWord ? c.toLowerCase() : c.toUpperCase();
    inWord = ALNUM.test(c);
  }
  return out;
}

export const initcap: ScalarFunction = {
  name: 'initcap',
  overloads: [{ args: ['text'], returns: 'text', kernel: mapStrict1('text', initcapOf) }],
};
