import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, formatProgressBar, progressOf } from '../../../src/progress/progress.ts';

const term = (verdict: 'intact' | 'masked' | 'inconclusive') => ({
  role: 'term' as const,
  verdict,
});

describe('run progress', () => {
  test('counts done, findings and inconclusive, and estimates the rest at the pace so far', () => {
    const progress = progressOf(
      [
        term('intact'),
        term('masked'),
        term('inconclusive'),
        { role: 'control', verdict: 'masked' },
      ],
      10,
      8000,
    );
    assert.deepEqual(progress, {
      done: 4,
      planned: 10,
      findings: 1,
      inconclusive: 1,
      etaMs: 12000,
    });
    assert.equal(progressOf([], 10, 5000).etaMs, null, 'no pace before the first probe');
  });

  test('draws a bar with the counts and the ETA', () => {
    assert.equal(
      formatProgressBar({ done: 3, planned: 12, findings: 1, inconclusive: 0, etaMs: 80_000 }, 12),
      '[###---------] 3/12 · findings 1 · inconclusive 0 · ETA 1m 20s',
    );
    assert.match(
      formatProgressBar({ done: 0, planned: 0, findings: 0, inconclusive: 0, etaMs: null }),
      /ETA …$/,
    );
    assert.equal(formatDuration(3_725_000), '1h 2m');
    assert.equal(formatDuration(4_000), '4s');
  });
});
