import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, getValue, numericTypmod, scaledNumeric, sqlType, T, unscaledVector, vectorFromValues, type Vector } from '../common/index.ts';
import { numericArith } from './arith.ts';
import { compareVectors, compareWithConstant } from './compare.ts';
import { scaledArith, scaledArithConstant, scaledCompare, scaledCompareConstant, scaledNegate, scaledToFloat8, toScaled } from './scaled-decimal.ts';

const N152 = sqlType('numeric', numericTypmod(15, 2));

/** A scaled numeric(15,2) vector of these texts (null for NULL). */
function scaled(texts: readonly (string | null)[]): Vector {
  const v = toScaled(vectorFromValues(N152, texts.map((t) => (t === null ? null : Decimal.parse(t).applyTypmod(15, 2)))));
  assert.ok(v !== undefined && v.type.scaled === 2);
  return v;
}

const texts = (v: Vector): (string | null)[] => Array.from({ length: v.length }, (_, i) => {
  const x = getValue(v, i);
  return x === null ? null : (x as Decimal).toString();
});

/** A deterministic spread of values with two decimals, signs and magnitudes mixed. */
function sample(n: number, seed: number): string[] {
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2147483648);
  return Array.from({ length: n }, () => {
    const digits = next() % 13;
    const coef = BigInt(next()) * BigInt(next()) % 10n ** BigInt(digits + 1);
    return Decimal.of(next() % 2 === 0 ? coef : -coef, 2).toString();
  });
}

test('+, − and × of scaled columns equal Decimal arithmetic, scale included', () => {
  const a = sample(500, 1), b = sample(500, 2);
  for (const op of ['+', '-', '*']) {
    const l = scaled(a), r = scaled(b);
    const fast = scaledArith(op, l, r, T.numeric);
    const slow = numericArith(op as '+', unscaledVector(l), unscaledVector(r), T.numeric)!;
    if (fast === undefined) {
      // Only a product may leave the exact range of doubles; then the caller uses Decimals.
      assert.equal(op, '*');
      continue;
    }
    assert.deepEqual(texts(fast), texts(slow), op);
  }
});

test('a result beyond ±(2^53 − 1) is refused, so the Decimal path gives the exact answer', () => {
  const big = scaled(['9999999999999.99']);
  assert.equal(scaledArith('*', big, big, T.numeric), undefined);
  // Rescaling to the other side's scale 9 would leave the range.
  assert.equal(scaledArith('+', big, vectorFromValues(T.numeric, [Decimal.parse('0.000000001')]), T.numeric), undefined);
  assert.equal(scaledArith('/', big, big, T.numeric), undefined);
});

test('a constant operand joins at its own scale: 1 − x, x × 0.001', () => {
  const x = scaled(['0.05', '0.10', null]);
  const one = vectorFromValues(T.numeric, [Decimal.parse('1'), Decimal.parse('1'), Decimal.parse('1')]);
  assert.deepEqual(texts(scaledArith('-', one, x, T.numeric)!), ['0.95', '0.90', null]);
  const milli = vectorFromValues(T.numeric, [Decimal.parse('0.001'), Decimal.parse('0.001'), Decimal.parse('0.001')]);
  assert.deepEqual(texts(scaledArith('*', x, milli, T.numeric)!), ['0.00005', '0.00010', null]);
  assert.deepEqual(texts(scaledNegate(scaled(['0.00', '-1.50']), T.numeric)), ['0.00', '1.50']);
});

test('comparisons across scales agree with Decimal comparisons', () => {
  const l = scaled(['0.05', '0.06', '0.07', '-3.00', null]);
  for (const [op, c] of [['<', '0.065'], ['>=', '0.06'], ['=', '0.0600'], ['<>', '-3'], ['>', '-2.999999']] as const) {
    const d = Decimal.parse(c);
    const fast = scaledCompareConstant(op, l, d, T.bool)!;
    const slow = compareWithConstant(op, unscaledVector(l), d, T.numeric, T.bool);
    assert.deepEqual([...fast.values as Uint8Array].filter((_, i) => i < 4), [...slow.values as Uint8Array].filter((_, i) => i < 4), `${op} ${c}`);
    assert.deepEqual(fast.nulls, slow.nulls);
  }
  const r = scaled(['0.050', '0.07', '0.06', '-3', '1']);
  const fast = scaledCompare('<', l, r, T.bool)!;
  const slow = compareVectors('<', unscaledVector(l), unscaledVector(r), T.bool);
  assert.deepEqual([...fast.values as Uint8Array].slice(0, 4), [...slow.values as Uint8Array].slice(0, 4));
});

test('special values never become scaled; float8 reads the exact value', () => {
  assert.equal(toScaled(vectorFromValues(T.numeric, [Decimal.NaN])), undefined);
  assert.equal(toScaled(vectorFromValues(T.numeric, [Decimal.parse('1e-12')])), undefined);
  const f = scaledToFloat8(scaled(['0.10', '123.45', '-0.07']), T.float8);
  assert.deepEqual([...f.values as Float64Array], [0.1, 123.45, -0.07]);
  assert.equal(scaledNumeric(N152.typmod, 2), scaledNumeric(N152.typmod, 2));
});

test('arithmetic with a constant equals arithmetic with a column of it, on either side, scale and refusals included', () => {
  const a = sample(300, 3);
  const constants = ['1', '0.001', '-2.5', '123456789.123', '0', '99999999999.9999'];
  for (const text of constants) {
    const c = Decimal.parse(text);
    for (const op of ['+', '-', '*']) {
      for (const constLeft of [false, true]) {
        const x = scaled([...a, null]);
        const column = vectorFromValues(T.numeric, Array.from({ length: x.length }, () => c));
        const [l, r] = constLeft ? [column, x] : [x, column];
        const expected = scaledArith(op, l, r, T.numeric);
        const got = scaledArithConstant(op, x, c, constLeft, T.numeric);
        const what = `${constLeft ? `${text} ${op} x` : `x ${op} ${text}`}`;
        if (expected === undefined) { assert.equal(got, undefined, what); continue; }
        assert.ok(got !== undefined, what);
        assert.equal(got.type.scaled, expected.type.scaled, what);
        assert.deepEqual(texts(got), texts(expected), what);
        assert.deepEqual(texts(got), texts(numericArith(op as '+', unscaledVector(l), unscaledVector(r), T.numeric)!), what);
      }
    }
  }
  assert.equal(scaledArithConstant('/', scaled(['1.00']), Decimal.parse('2'), false, T.numeric), undefined);
});
