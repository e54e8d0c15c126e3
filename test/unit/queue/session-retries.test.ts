import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SessionRetries } from '../../../queue/session-retries.ts';

describe('SessionRetries', () => {
  test('sessions that decide nothing get the budget, the wait doubling, then the batch gives up', () => {
    const retries = new SessionRetries(2, 100, 2000);
    assert.equal(retries.next(100), 2000);
    assert.equal(retries.next(100), 4000);
    assert.equal(retries.next(100), null);
  });

  test('a session that decided probes before it died starts the count again', () => {
    const retries = new SessionRetries(2, 100, 2000);
    assert.equal(retries.next(100), 2000);
    assert.equal(retries.next(100), 4000);
    // the third session decided two term pairs, then died too
    assert.equal(retries.next(96), 2000);
    assert.equal(retries.next(96), 4000);
    assert.equal(retries.next(96), null);
  });

  test('a long batch under many faults is not given up while each session decides some', () => {
    const retries = new SessionRetries(2, 100, 2000);
    const waits: (number | null)[] = [];
    for (let left = 98; left > 0; left -= 7) waits.push(retries.next(left));
    assert.equal(waits.length, 14);
    assert.deepEqual(new Set(waits), new Set([2000]));
  });

  test('no retries configured: a dead session is never replaced, whatever it decided', () => {
    assert.equal(new SessionRetries(0, 100, 2000).next(50), null);
  });
});
