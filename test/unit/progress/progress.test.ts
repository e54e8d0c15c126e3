import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  countsOf,
  formatDuration,
  formatProgressBar,
  progressOf,
  runEtaMs,
  SETTLED_TYPED,
} from '../../../src/progress/progress.ts';
import type { BatchEstimateRecord } from '../../../src/store/result-store.ts';

const term = (verdict: 'intact' | 'masked' | 'inconclusive') => ({
  role: 'term' as const,
  verdict,
});

describe('run progress', () => {
  test('counts done, findings and inconclusive, and estimates the rest at the pace so far', () => {
    const progress = progressOf(
      countsOf([
        term('intact'),
        term('masked'),
        term('inconclusive'),
        { role: 'control', verdict: 'masked' },
      ]),
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
    assert.equal(progressOf(countsOf([]), 10, 5000).etaMs, null, 'no pace before the first probe');
  });

  test("the ETA of a run whose batches estimate: the slowest device's batches left, less the time since they said it", () => {
    const at = (s: number) => new Date(s * 1000).toISOString();
    const estimate = (
      batchId: string,
      startedS: number,
      atS: number,
      etaMs: number | null,
    ): BatchEstimateRecord => ({
      runId: 'run-1',
      batchId,
      deviceId: batchId.split('.')[0]!,
      startedAt: at(startedS),
      at: at(atS),
      payloads: 0,
      etaMs,
      typed: 1,
    });
    const planned = [
      { batchId: 'mi.lab-browser.0', planned: 100 },
      { batchId: 'mi.lab-browser.1', planned: 100 },
      { batchId: 'pixel.lab-browser.0', planned: 100 },
    ];
    // mi's first batch: 60 s in at 60, 240 s left: 3 s a planned probe, the pace of its second
    // (not started); pixel said 500 s left at 40
    const estimates = [
      estimate('mi.lab-browser.0', 0, 60, 240_000),
      estimate('pixel.lab-browser.0', 0, 40, 500_000),
    ];
    assert.equal(
      runEtaMs({ planned, estimates }, 100_000),
      Math.max(200_000 + 100 * 3000, 440_000),
    );
    assert.equal(runEtaMs({ planned, estimates: [] }, 100_000), null, 'nothing estimated yet');
    const counts = { done: 150, findings: 0, inconclusive: 0 };
    assert.equal(
      progressOf(counts, 300, 100_000).etaMs,
      100_000,
      'the plan rate without estimates',
    );
    assert.equal(
      progressOf(counts, 300, 100_000, { planned, estimates, nowMs: 100_000 }).etaMs,
      runEtaMs({ planned, estimates }, 100_000),
    );
  });

  test("a batch that has just started goes at its phone's pace until it has typed enough to say its own", () => {
    const at = (s: number) => new Date(s * 1000).toISOString();
    const estimate = (
      batchId: string,
      startedS: number,
      atS: number,
      etaMs: number,
      typed: number,
    ): BatchEstimateRecord => ({
      runId: 'run-1',
      batchId,
      deviceId: 'mi',
      startedAt: at(startedS),
      at: at(atS),
      payloads: 0,
      etaMs,
      typed,
    });
    const planned = [
      { batchId: 'mi.lab-browser.0', planned: 100 },
      { batchId: 'mi.lab-browser.1', planned: 100 },
    ];
    // the first batch took 100 s (1 s a planned probe); the second, 2 s in, has typed two
    // payloads and overshoots as a batch's start does
    const done = estimate('mi.lab-browser.0', 0, 100, 0, 60);
    const young = estimate('mi.lab-browser.1', 100, 102, 900_000, SETTLED_TYPED - 1);
    assert.equal(runEtaMs({ planned, estimates: [done, young] }, 102_000), 100_000 - 2000);
    const settled = { ...young, typed: SETTLED_TYPED, etaMs: 90_000 };
    assert.equal(
      runEtaMs({ planned, estimates: [done, settled] }, 102_000),
      90_000,
      'a settled batch says its own',
    );
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
