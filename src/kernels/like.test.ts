import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileLike } from './like.ts';

/** LIKE by the definition: a backtracking match of the pattern's tokens against the string's characters. */
function likeByDefinition(s: string, pattern: string): boolean {
  const p = [...pattern], t = [...s];
  const tokens: ({ any: true } | { one: true } | { lit: string })[] = [];
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') tokens.push({ lit: p[++i]! });
    else if (p[i] === '%') tokens.push({ any: true });
    else if (p[i] === '_') tokens.push({ one: true });
    else tokens.push({ lit: p[i]! });
  }
  const match = (k: number, j: number): boolean => {
    if (k === tokens.length) return j === t.length;
    const tok = tokens[k]!;
    if ('any' in tok) {
      for (let x = j; x <= t.length; x++) if (match(k + 1, x)) return true;
      return false;
    }
    if (j === t.length) return false;
    return ('one' in tok || tok.lit === t[j]) && match(k + 1, j + 1);
  };
  return match(0, 0);
}

test('LIKE matchers agree with the definition on random patterns and strings', () => {
  let seed = 12345;
  const rand = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  const patternChars = ['a', 'b', '%', '%', '_', '\\%', '\\_', '\\\\', '\n'];
  const stringChars = ['a', 'b', 'a', '%', '_', '\\', '\n', '😀'];
  let checked = 0;
  for (let round = 0; round < 4000; round++) {
    let pattern = '';
    for (let k = rand(6); k > 0; k--) pattern += patternChars[rand(patternChars.length)];
    const m = compileLike(pattern, null, false);
    for (let r = 0; r < 6; r++) {
      let s = '';
      for (let k = rand(7); k > 0; k--) s += stringChars[rand(stringChars.length)];
      assert.equal(m.test(s), likeByDefinition(s, pattern), `${JSON.stringify(s)} LIKE ${JSON.stringify(pattern)}`);
      checked++;
    }
  }
  assert.equal(checked, 24000);
});

test('LIKE runs do not overlap, and anchor at both ends', () => {
  assert.ok(!compileLike('ab%ba', null, false).test('aba'));
  assert.ok(compileLike('ab%ba', null, false).test('abba'));
  assert.ok(!compileLike('%special%requests%', null, false).test('requests special'));
  assert.ok(compileLike('%special%requests%', null, false).test('xx special, and requests yy'));
  assert.ok(!compileLike('%aa%aa%', null, false).test('aaa'));
  assert.ok(compileLike('%', null, false).test(''));
  assert.ok(compileLike('', null, false).test(''));
  assert.ok(!compileLike('', null, false).test('x'));
  assert.ok(compileLike('a%%b', null, false).test('ab'));
});
