import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, vectorFromValues, type Batch } from '../../common/index.ts';
import { Cursor, type FetchDirection } from './cursor.ts';

/** Rows 1..n in batches of `size`, the way an executor hands them over. */
async function* rows(n: number, size: number): AsyncGenerator<Batch> {
  for (let i = 1; i <= n; i += size) {
    const ids = Array.from({ length: Math.min(size, n - i + 1) }, (_, k) => i + k);
    yield { columns: [vectorFromValues(T.int4, ids)], length: ids.length };
  }
}

const cursor = (scroll: boolean) => new Cursor('c', 'DECLARE c', [], { binary: false, scroll, hold: false }, rows(10, 3), 0);

async function fetch(c: Cursor, direction: FetchDirection, count: number): Promise<number[]> {
  const out: number[] = [];
  for await (const b of c.run(direction, count, true, () => undefined)) out.push(...(b.columns[0]!.values as unknown[] as number[]));
  return out;
}

async function move(c: Cursor, direction: FetchDirection, count: number): Promise<number> {
  const run = c.run(direction, count, false, () => undefined);
  for (;;) {
    const r = await run.next();
    if (r.done === true) return r.value;
  }
}

const ALL = 2147483647;

test('a SCROLL cursor moves across batch boundaries both ways', async () => {
  const c = cursor(true);
  assert.deepEqual(await fetch(c, 'FETCH_FORWARD', 5), [1, 2, 3, 4, 5]);
  assert.deepEqual(await fetch(c, 'FETCH_BACKWARD', 4), [4, 3, 2, 1]);
  assert.deepEqual(await fetch(c, 'FETCH_ABSOLUTE', 8), [8]);
  assert.deepEqual(await fetch(c, 'FETCH_RELATIVE', -3), [5]);
  assert.deepEqual(await fetch(c, 'FETCH_FORWARD', ALL), [6, 7, 8, 9, 10]);
  assert.deepEqual(await fetch(c, 'FETCH_BACKWARD', 1), [10]);
  assert.deepEqual(await fetch(c, 'FETCH_BACKWARD', ALL), [9, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.deepEqual(await fetch(c, 'FETCH_ABSOLUTE', -1), [10]);
  assert.equal(await move(c, 'FETCH_BACKWARD', ALL), 9);
  assert.deepEqual(await fetch(c, 'FETCH_FORWARD', 2), [1, 2]);
});

test('a NO SCROLL cursor streams forwards and refuses to go back', async () => {
  const c = cursor(false);
  assert.deepEqual(await fetch(c, 'FETCH_FORWARD', 4), [1, 2, 3, 4]);
  assert.equal(await move(c, 'FETCH_FORWARD', 3), 3);
  assert.deepEqual(await fetch(c, 'FETCH_RELATIVE', 2), [9]);
  await assert.rejects(fetch(c, 'FETCH_BACKWARD', 1), { code: '55000' });
  assert.deepEqual(await fetch(c, 'FETCH_FORWARD', ALL), [10]);
  assert.deepEqual(await fetch(c, 'FETCH_FORWARD', ALL), []);
  assert.equal(await move(c, 'FETCH_FORWARD', 0), 0);
});

test('persist keeps the position and the rows still to come', async () => {
  const c = cursor(false);
  assert.deepEqual(await fetch(c, 'FETCH_FORWARD', 2), [1, 2]);
  await c.persist(() => undefined);
  assert.deepEqual(await fetch(c, 'FETCH_FORWARD', ALL), [3, 4, 5, 6, 7, 8, 9, 10]);
});
