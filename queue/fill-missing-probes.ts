// Every planned probe ends with a verdict: those never recorded become inconclusive, never lost.
import type { InconclusiveReason } from '../src/oracle/verdict.ts';
import { unrunResult } from '../src/probe/unrun-result.ts';
import type { ResultStore } from '../src/store/result-store.ts';

/**
 * Records every probe of the batch's stored plan that has no result yet as inconclusive with
 * `why`, under the firmware its phone said it ran when it said one. Returns how many were
 * filled in; existing results are never overwritten.
 */
export async function fillMissingProbes(
  store: ResultStore,
  batch: { runId: string; batchId: string },
  why: { reason: InconclusiveReason; detail: string; evidence?: readonly string[] },
): Promise<number> {
  const now = new Date().toISOString();
  const read = (await store.batchFirmware(batch.runId)).find((f) => f.batchId === batch.batchId);
  let filled = 0;
  for (const probe of await store.plannedProbes(batch.runId, batch.batchId)) {
    const identity = read ? { ...probe.identity, firmwareKey: read.firmwareKey } : probe.identity;
    const recorded = await store.saveProbeIfAbsent(unrunResult(identity, why, now));
    if (recorded) filled += 1;
  }
  return filled;
}
