import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planBatch } from '../../../src/probe/plan-probes.ts';
import type { ProbeDriver } from '../../../src/probe/probe-driver.ts';
import { ProbeEngine } from '../../../src/probe/probe-engine.ts';
import { percentEncodedBytes } from '../../../src/screening/payload-measure.ts';
import { isUnplanned } from '../../../src/store/probe-result.ts';
import type { Term } from '../../../src/terms/term.ts';
import { batchRequest } from '../../support/batch-request.ts';
import { CensorDriver, SimulatedCensor, type CensorRule } from '../screening/simulated-censor.ts';

/** `n` generated terms, every fiftieth planted (2 %). */
function plantedList(n: number): { terms: Term[]; planted: string[] } {
  const planted: string[] = [];
  const terms = Array.from({ length: n }, (_, i) => {
    const text = i % 50 === 7 ? `planted ${i} mark` : `calm lake ${i}`;
    if (text.startsWith('planted')) planted.push(text);
    return {
      id: `t${String(i).padStart(4, '0')}`,
      text,
      language: 'en',
      category: 'generated',
      source: 'unit test',
      licence: 'CC0-1.0',
      control: `green hill ${i}`,
    };
  });
  return { terms, planted };
}

const REPETITION = { required: 2, attempts: 2 };

/**
 * Runs a screening batch on a clock the phone moves: a payload takes 2 s plus 20 ms a character
 * (group payloads are long), a blocked one its whole submit wait as well. At every record it
 * reads (every fifth) the engine's ETA and the plan-rate ETA a progress bar would show without it.
 */
async function timedRun(n: number, action: 'mask' | 'block') {
  const { terms, planted } = plantedList(n);
  const rules: CensorRule[] = planted.map((keyword) => ({ keyword, action }));
  const censor = new CensorDriver(new SimulatedCensor({ rules }));
  let clock = 0;
  const phone: ProbeDriver = {
    ...censor,
    setUp: () => censor.setUp(),
    tearDown: () => censor.tearDown(),
    keepEvidence: (probe) => censor.keepEvidence(probe),
    run: async (probe) => {
      const outcome = await censor.run(probe);
      clock += 2000 + 20 * probe.payload.length + (outcome.observations.movedOn ? 0 : 4000);
      return outcome;
    },
  };
  const plan = planBatch(batchRequest(terms));
  const samples: { at: number; eta: number | null; planRate: number | null }[] = [];
  let done = 0;
  const engine: ProbeEngine = new ProbeEngine({
    batch: {
      plan,
      repetition: REPETITION,
      inputPath: 'key-events',
      screening: { measure: percentEncodedBytes, limit: 8000, maxMembers: 40 },
    },
    driver: phone,
    now: () => new Date(clock),
    sink: {
      record: async (result) => {
        if (!isUnplanned(result)) done += 1;
        // every fifth record is enough to see the ETA drift, and keeps the test quick
        if (done % 5 !== 0) return;
        samples.push({
          at: clock,
          eta: engine.estimate().etaMs,
          planRate: done === 0 ? null : (clock / done) * (plan.length - done),
        });
      },
    },
  });
  await engine.run();
  const end = clock;
  /** Largest error of an ETA once a fifth of the batch's time has passed, as a share of the whole. */
  const worst = (of: 'eta' | 'planRate') =>
    Math.max(
      ...samples
        .filter((s) => s.at >= end / 5)
        .map((s) => Math.abs((s[of] ?? 0) - (end - s.at)) / end),
    );
  return { worst, end, estimateAtEnd: engine.estimate() };
}

describe("a batch's estimate of what it has left", () => {
  for (const action of ['mask', 'block'] as const) {
    test(`${action}ed terms: the ETA stays within 10 % of the batch's time as screening adds probes`, async () => {
      const run = await timedRun(1000, action);
      const ours = run.worst('eta');
      const planRate = run.worst('planRate');
      assert.ok(ours <= 0.1, `engine ETA off by up to ${(ours * 100).toFixed(0)} %`);
      // the plan-rate ETA, which screening fools (groups clear hundreds of records at once)
      assert.ok(
        planRate > 2 * ours,
        `plan rate ${(planRate * 100).toFixed(0)} % vs ${(ours * 100).toFixed(0)} %`,
      );
      assert.deepEqual(
        { payloads: run.estimateAtEnd.payloads, etaMs: run.estimateAtEnd.etaMs },
        { payloads: 0, etaMs: 0 },
      );
    });
  }
});
