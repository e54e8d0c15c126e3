import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AttemptLimiter } from '../../../src/api/attempt-limiter.ts';

function clock(start = 1_000_000) {
  const time = { now: start };
  return { time, now: () => time.now };
}

describe('AttemptLimiter', () => {
  test('lets an address fail `limit` times, then asks it to wait until the oldest failure ages out', () => {
    const { time, now } = clock();
    const limiter = new AttemptLimiter({ limit: 3, windowMs: 60_000, now });
    for (let i = 0; i < 3; i++) {
      assert.equal(limiter.retryAfterMs('a'), 0);
      limiter.fail('a');
      time.now += 1000;
    }
    assert.equal(limiter.retryAfterMs('a'), 57_000, 'the first failure was 3 s ago');
    assert.equal(limiter.retryAfterMs('b'), 0, 'other addresses are not affected');
    time.now += 57_000;
    assert.equal(limiter.retryAfterMs('a'), 0, 'a minute after the first failure, one more try');
    limiter.fail('a');
    assert.ok(limiter.retryAfterMs('a') > 0);
  });

  test('forgets addresses whose failures aged out, and the oldest past maxClients', () => {
    const { time, now } = clock();
    const limiter = new AttemptLimiter({ limit: 1, windowMs: 1000, maxClients: 2, now });
    limiter.fail('a');
    limiter.fail('b');
    limiter.fail('c');
    assert.equal(limiter.size, 2);
    assert.equal(limiter.retryAfterMs('a'), 0, 'a was dropped to make room');
    assert.ok(limiter.retryAfterMs('c') > 0);
    time.now += 1000;
    assert.equal(limiter.retryAfterMs('b'), 0);
    assert.equal(limiter.retryAfterMs('c'), 0);
    assert.equal(limiter.size, 0);
  });

  test('refuses a limit or window that makes no sense', () => {
    assert.throws(
      () => new AttemptLimiter({ limit: 0 }),
      /Expected `limit` to be an integer >= 1, got 0/,
    );
    assert.throws(() => new AttemptLimiter({ windowMs: -1 }), /Expected `windowMs`/);
  });
});
