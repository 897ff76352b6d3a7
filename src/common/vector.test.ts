import { test } from 'node:test';
import assert from 'node:assert/strict';
import { internalize } from './vector.ts';

test('internalize keeps every string\'s text, property-like and numeric-like ones too', () => {
  for (const s of ['', 'AIR', 'DELIVER IN PERSON', '123', '-0', 'é€😀', '__proto__', 'constructor']) {
    assert.equal(internalize(`${s}`), s);
    assert.equal(internalize([...s].join('')), s);
  }
});
