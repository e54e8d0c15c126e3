import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StreamSlots } from '../../../src/api/stream-slots.ts';

describe('StreamSlots', () => {
  test('gives each address up to perClient slots, and everyone together up to total', () => {
    const slots = new StreamSlots({ total: 3, perClient: 2 });
    const a1 = slots.acquire('a');
    const a2 = slots.acquire('a');
    assert.ok(a1 && a2);
    assert.equal(slots.acquire('a'), undefined, 'a third for a');
    const b1 = slots.acquire('b');
    assert.ok(b1);
    assert.equal(slots.acquire('c'), undefined, 'the total is reached');
    assert.equal(slots.open, 3);
    a1.release();
    assert.ok(slots.acquire('c'), 'a released slot is free again');
  });

  test('a slot released twice is given back once', () => {
    const slots = new StreamSlots({ total: 2, perClient: 2 });
    const slot = slots.acquire('a')!;
    slots.acquire('a');
    slot.release();
    slot.release();
    assert.equal(slots.open, 1);
    assert.ok(slots.acquire('a'));
    assert.equal(slots.acquire('a'), undefined);
  });

  test('defaults to 50 in all and 5 per address; refuses a cap below 1', () => {
    const slots = new StreamSlots();
    assert.deepEqual([slots.total, slots.perClient], [50, 5]);
    assert.throws(
      () => new StreamSlots({ perClient: 0 }),
      /Expected `perClient` to be an integer >= 1, got 0/,
    );
  });
});
