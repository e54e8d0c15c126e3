// Prints a run's progress to stderr as probes are recorded: done / planned, findings so far.
import { isFinding } from '../oracle/finding.ts';
import type { ResultStore } from '../store/result-store.ts';

const POLL_MS = 2 * 1000;

export function followRunProgress(store: ResultStore, runId: string, planned: number): () => void {
  let last = '';
  const timer = setInterval(async () => {
    const results = await store.probesOfRun(runId).catch(() => null);
    if (!results) return;
    const findings = results.filter(isFinding).length;
    const inconclusive = results.filter((r) => r.verdict === 'inconclusive').length;
    const line = `  probes ${results.length}/${planned}, findings ${findings}, inconclusive ${inconclusive}`;
    if (line !== last) process.stderr.write(`${line}\n`);
    last = line;
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
