// A run's progress from its recorded probes: done / planned, findings and inconclusive so far, an ETA from its batches' own estimates.
import { isFinding } from '../oracle/finding.ts';
import { deviceOfBatch } from '../probe/plan-probes.ts';
import { isUnplanned, type ProbeResult } from '../store/probe-result.ts';
import type { BatchEstimateRecord, RunCounts } from '../store/result-store.ts';

export interface RunProgress {
  done: number;
  planned: number;
  findings: number;
  inconclusive: number;
  /** Milliseconds left; null before the first probe ends. */
  etaMs: number | null;
}

/** What the batches of a run say of themselves: each one's plan size, and the estimates the running ones wrote. */
export interface RunBatches {
  planned: readonly { batchId: string; planned: number }[];
  estimates: readonly BatchEstimateRecord[];
}

/** Counts a run's records for its progress (the store counts them itself: `ResultStore.runCounts`). */
export function countsOf(
  results: readonly Pick<ProbeResult, 'role' | 'verdict' | 'members'>[],
): RunCounts {
  // group screening's own probes are not in the plan; a combination it found is a finding all the same
  const ofPlan = results.filter((r) => !isUnplanned(r));
  return {
    done: ofPlan.length,
    findings: results.filter(isFinding).length,
    inconclusive: ofPlan.filter((r) => r.verdict === 'inconclusive').length,
  };
}

/**
 * A run's progress. The ETA comes from its batches' own estimates when they wrote any (see
 * {@link runEtaMs}); otherwise from the pace of the plan so far, which group screening fools:
 * a group clears hundreds of records at once, and the terms left to confirm alone go slowly.
 */
export function progressOf(
  counts: RunCounts,
  planned: number,
  elapsedMs: number,
  batches?: RunBatches & { nowMs: number },
): RunProgress {
  const { done } = counts;
  const planRate =
    done === 0 ? null : Math.max(0, Math.round((elapsedMs / done) * (planned - done)));
  const fromBatches = batches ? runEtaMs(batches, batches.nowMs) : null;
  return { ...counts, planned, etaMs: fromBatches ?? planRate };
}

/**
 * Payloads a batch types before its own estimate is trusted over its phone's pace so far: the
 * first payloads of a batch carry its session start and first group, so an estimate from them
 * alone overshoots (a 20,020-probe nightly run said "3h 26m" at each batch's start, 440 % over).
 */
export const SETTLED_TYPED = 10;

/**
 * When the run's last phone should be done: per device (its batches run one after another) the
 * time its started batches said they had left, less the time since they said it, plus its batches
 * not started yet at the time per planned probe its batches (else the run's) have taken or expect
 * to take; the run ends with its slowest device. A batch that has typed fewer than
 * {@link SETTLED_TYPED} payloads counts as not started while a settled batch gives a pace.
 * Null when no batch has estimated yet.
 */
export function runEtaMs(batches: RunBatches, nowMs: number): number | null {
  const estimateOf = new Map(batches.estimates.map((e) => [e.batchId, e]));
  const deviceOf = (batchId: string) => estimateOf.get(batchId)?.deviceId ?? deviceOfBatch(batchId);
  const settled = (e: BatchEstimateRecord) => e.typed >= SETTLED_TYPED;
  const estimated = batches.planned.flatMap(({ batchId, planned }) => {
    const e = estimateOf.get(batchId);
    return e && e.etaMs !== null && planned > 0 ? [{ e, etaMs: e.etaMs, planned }] : [];
  });
  // the paces come from the settled batches; before any has settled, from what there is
  const pacing = estimated.some(({ e }) => settled(e))
    ? estimated.filter(({ e }) => settled(e))
    : estimated;
  /** Per device, and for the run: time a planned probe has taken or is expected to take. */
  const rates = new Map<string, number[]>();
  for (const { e, etaMs, planned } of pacing) {
    const rate = (Date.parse(e.at) - Date.parse(e.startedAt) + etaMs) / planned;
    for (const key of [e.deviceId, '']) rates.set(key, [...(rates.get(key) ?? []), rate]);
  }
  if (!rates.has('')) return null;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const paced = new Set(pacing.map(({ e }) => e.batchId));
  const left = new Map<string, number>();
  for (const { batchId, planned } of batches.planned) {
    const e = estimateOf.get(batchId);
    const device = deviceOf(batchId);
    const pace = planned * mean(rates.get(device) ?? rates.get('')!);
    let ms: number;
    if (e && e.etaMs !== null && paced.has(batchId)) {
      ms = Math.max(0, e.etaMs - (nowMs - Date.parse(e.at)));
    } else if (e) {
      // started, not settled: its phone's pace, less the time it has run
      ms = Math.max(0, pace - (nowMs - Date.parse(e.startedAt)));
    } else {
      // not started: its phone's pace so far, or the run's
      ms = pace;
    }
    left.set(device, (left.get(device) ?? 0) + ms);
  }
  return Math.round(Math.max(...left.values()));
}

/** `[########------------] 12/30 · findings 2 · inconclusive 0 · ETA 1m 20s` */
export function formatProgressBar(progress: RunProgress, width = 24): string {
  const ratio = progress.planned === 0 ? 1 : Math.min(1, progress.done / progress.planned);
  const filled = Math.round(ratio * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const eta = progress.etaMs === null ? 'ETA …' : `ETA ${formatDuration(progress.etaMs)}`;
  return `${bar} ${progress.done}/${progress.planned} · findings ${progress.findings} · inconclusive ${progress.inconclusive} · ${eta}`;
}

/** `progress 12/30 probes (40%) · findings 2 · inconclusive 0 · ETA 1m 20s`: for a log, no bar. */
export function formatProgressLine(progress: RunProgress): string {
  const percent =
    progress.planned === 0
      ? 100
      : Math.floor((Math.min(progress.done, progress.planned) * 100) / progress.planned);
  const eta = progress.etaMs === null ? 'ETA …' : `ETA ${formatDuration(progress.etaMs)}`;
  return `progress ${progress.done}/${progress.planned} probes (${percent}%) · findings ${progress.findings} · inconclusive ${progress.inconclusive} · ${eta}`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
