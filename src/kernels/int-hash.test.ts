import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, vectorFromValues } from '../common/index.ts';
import { IntHashChains, IntKeyPacker } from './int-hash.ts';

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
