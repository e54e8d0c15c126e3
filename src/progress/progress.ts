// A run's progress from its recorded probes: done / planned, findings and inconclusive so far, an ETA.
import { isFinding } from '../oracle/finding.ts';
import { isUnplanned, type ProbeResult } from '../store/probe-result.ts';

export interface RunProgress {
  done: number;
  planned: number;
  findings: number;
  inconclusive: number;
  /** Milliseconds left at the pace so far; null before the first probe ends. */
  etaMs: number | null;
}

export function progressOf(
  results: readonly Pick<ProbeResult, 'role' | 'verdict' | 'members'>[],
  planned: number,
  elapsedMs: number,
): RunProgress {
  // group screening's own probes are not in the plan; a combination it found is a finding all the same
  const ofPlan = results.filter((r) => !isUnplanned(r));
  const done = ofPlan.length;
  return {
    done,
    planned,
    findings: results.filter(isFinding).length,
    inconclusive: ofPlan.filter((r) => r.verdict === 'inconclusive').length,
    etaMs: done === 0 ? null : Math.max(0, Math.round((elapsedMs / done) * (planned - done))),
  };
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
