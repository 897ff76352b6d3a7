import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, vectorFromValues } from '../common/index.ts';
import { IntHashChains, IntIds, IntKeyPacker } from './int-hash.ts';

/** Build rows of each probe row, through find/next, as the hash join walks them. */
function matches(build: ReturnType<typeof vectorFromValues>[], probe: ReturnType<typeof vectorFromValues>[]): number[][] {
  const n = build[0]!.length, m = probe[0]!.length;
  const packer = IntKeyPacker.forBuild(build, n)!;
  const table = new IntHashChains(packer.pack(build, n), n);
  const keys = packer.pack(probe, m);
  return Array.from({ length: m }, (_, i) => {
    const rows: number[] = [];
    for (let j = table.find(keys[i]!); j >= 0; j = table.next[j]!) rows.push(j);
    return rows;
  });
}

test('one integer key: every matching build row, ascending; NULL never matches', () => {
  const build = [vectorFromValues(T.int4, [5, 7, 5, null, -3, 5])];
  const probe = [vectorFromValues(T.int4, [5, null, -3, 8, 7])];
  assert.deepEqual(matches(build, probe), [[0, 2, 5], [], [4], [], [1]]);
});

test('two keys pack by the build side ranges; probe values outside them match nothing', () => {
  const build = [vectorFromValues(T.int4, [1, 1, 2, 1000000]), vectorFromValues(T.int8, [10n, 11n, 10n, -5n])];
  const probe = [vectorFromValues(T.int4, [1, 2, 1000000, 3, 1, 1]), vectorFromValues(T.int8, [11n, 10n, -5n, 10n, 12n, null])];
  assert.deepEqual(matches(build, probe), [[1], [2], [3], [], [], []]);
});

test('int8 keys beyond 2^53 and non-integer types are left to the general path', () => {
  assert.equal(IntKeyPacker.forBuild([vectorFromValues(T.int8, [2n ** 60n])], 1), undefined);
  assert.equal(IntKeyPacker.forBuild([vectorFromValues(T.text, ['a'])], 1), undefined);
  assert.equal(IntKeyPacker.forBuild([vectorFromValues(T.int8, [2n ** 40n, 0n]), vectorFromValues(T.int8, [2n ** 40n, 0n])], 2), undefined);
});

test('dense keys (addressed directly) and sparse keys (hashed) find the same rows as a Map', () => {
  let seed = 7;
  const rand = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  for (const span of [50, 3000, 100_000, 1e9]) { // direct; beyond the 1024 allowance; within 64 per key; hashed
    const n = 2000;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = rand(10) === 0 ? NaN : rand(span) - 20;
    const table = new IntHashChains(keys, n);
    const expected = new Map<number, number[]>();
    keys.forEach((k, i) => { if (k === k) expected.set(k, [...expected.get(k) ?? [], i]); });
    const probes = Float64Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? NaN : i % 2 === 0 ? keys[rand(n)]! : rand(span + 100) - 70));
    const firsts = table.findAll(probes, probes.length);
    probes.forEach((k, i) => {
      const rows: number[] = [];
      for (let j = firsts[i]!; j >= 0; j = table.next[j]!) rows.push(j);
      assert.deepEqual(rows, k === k ? expected.get(k) ?? [] : [], `span ${span}, key ${k}`);
      assert.equal(table.find(k), firsts[i]);
    });
    assert.equal(table.find(0.5), -1);
  }
  assert.equal(new IntHashChains(Float64Array.of(NaN, NaN), 2).find(0), -1);
});

test('IntIds gives dense ids in first-seen order, directly addressed or hashed, and across the switch', () => {
  let seed = 99;
  const rand = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  const streams: number[][] = [
    Array.from({ length: 5000 }, () => rand(3000)), // dense: stays direct
    Array.from({ length: 5000 }, (_, i) => 100000 - i * 3 + rand(5)), // dense, growing downward
    Array.from({ length: 5000 }, () => rand(2 ** 40) - 2 ** 39), // sparse: hashed at once
    [...Array.from({ length: 3000 }, () => rand(500)), ...Array.from({ length: 3000 }, () => rand(2 ** 35))], // direct, then hashed
    [0, -0, 5, -5, Infinity, -Infinity, 5, 0],
  ];
  for (const keys of streams) {
    const ids = new IntIds();
    const expected = new Map<number, number>();
    let next = 0;
    for (const k of keys) {
      const want = expected.get(k === 0 ? 0 : k) ?? next;
      const got = ids.idOf(k, next);
      assert.equal(got, want, `key ${k}`);
      if (got === next) { expected.set(k === 0 ? 0 : k, next); next++; }
    }
  }
});

test('findAll over spread keys (hashed, behind the bit filter) and over keys past the filter\'s span', () => {
  for (const far of [5_000_000, 2 ** 40]) {
    const keys = Float64Array.from([3, 100_003, far, 3, -7]);
    const table = new IntHashChains(keys, keys.length);
    const probe = Float64Array.from([3, 4, 100_003, far, far + 1, -7, -8, NaN, 2 ** 32 + 3, 2 ** 33 + 100_003]);
    assert.deepEqual([...table.findAll(probe, probe.length)], [0, -1, 1, 2, -1, 4, -1, -1, -1, -1]);
    assert.equal(table.next[0], 3);
  }
});

test('pack reads a column without NULLs as numbers, whatever its array type', () => {
  const packer = IntKeyPacker.forBuild([vectorFromValues(T.int4, [1, 2])], 2)!;
  assert.deepEqual([...packer.pack([vectorFromValues(T.int2, [7, -3])], 2)], [7, -3]);
  assert.deepEqual([...packer.pack([vectorFromValues(T.int8, [7n, null])], 2)], [7, NaN]);
  assert.deepEqual([...packer.pack([vectorFromValues(T.date, [19000, 1])], 2)], [19000, 1]);
});
