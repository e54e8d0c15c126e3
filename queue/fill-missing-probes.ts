// Every planned probe ends with a verdict: those never recorded become inconclusive, never lost.
import type { InconclusiveReason } from '../src/oracle/verdict.ts';
import { planProbes, probeIdentityOf } from '../src/probe/plan-probes.ts';
import { writeAllurePlaceholder } from '../src/report/allure-placeholder.ts';
import type { ResultStore } from '../src/store/result-store.ts';
import type { ProbeBatchJobData } from './job-data.ts';

/** Returns how many probes were filled in. Existing results are never overwritten. */
export async function fillMissingProbes(
  store: ResultStore,
  batch: ProbeBatchJobData,
  why: { reason: InconclusiveReason; detail: string },
  allureResultsDir: string,
): Promise<number> {
  const now = new Date().toISOString();
  let filled = 0;
  for (const probe of planProbes(batch)) {
    const result = {
      ...probeIdentityOf(batch, probe),
      probeToken: '',
      verdict: 'inconclusive' as const,
      reason: why.reason,
      detail: why.detail,
      channel: null,
      channels: { echo: null, egress: null, render: null },
      attempts: [],
      reference: null,
      evidence: [],
      timings: {},
      startedAt: now,
      endedAt: now,
    };
    if (await store.saveProbeIfAbsent(result)) {
      writeAllurePlaceholder(allureResultsDir, result, probe.title);
      filled += 1;
    }
  }
  return filled;
}
