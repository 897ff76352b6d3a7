import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryGrant, MemoryPool } from './memory.ts';

test('a grant grows up to its work_mem and while the pool has room, and gives all back at once', () => {
  const pool = new MemoryPool(1000);
  const a = new MemoryGrant(600, pool), b = new MemoryGrant(600, pool);
  assert.equal(a.grow(500), true);
  assert.equal(a.grow(200), false); // beyond its work_mem: nothing taken
  assert.equal(a.held, 500);
  assert.equal(b.grow(400), true);
  assert.equal(b.grow(200), false); // the pool has 100 left
  assert.equal(pool.held, 900);
  a.release();
  assert.equal(a.held, 0);
  assert.equal(pool.held, 400);
  assert.equal(b.grow(200), true);
  assert.equal(pool.peak, 900);
  b.release();
  b.release();
  assert.equal(pool.held, 0);
});

test('without a pool only work_mem bounds a grant', () => {
  const g = new MemoryGrant(100, undefined);
  assert.equal(g.grow(0), true);
  assert.equal(g.grow(100), true);
  assert.equal(g.grow(1), false);
});
