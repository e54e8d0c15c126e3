// Shows a run's progress on stderr while it runs: a bar redrawn in place on a terminal, a line per change otherwise.
import { formatProgressBar, progressOf } from '../progress/progress.ts';
import type { ResultStore } from '../store/result-store.ts';

const POLL_MS = 1000;

export function followRunProgress(store: ResultStore, runId: string, planned: number): () => void {
  const startedAt = Date.now();
  const tty = process.stderr.isTTY === true;
  let last = '';
  const timer = setInterval(async () => {
    const results = await store.probesOfRun(runId).catch(() => null);
    if (!results) return;
    const line = formatProgressBar(progressOf(results, planned, Date.now() - startedAt));
    if (line === last) return;
    process.stderr.write(tty ? `\r${line}\u001b[K` : `  ${line}\n`);
    last = line;
  }, POLL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (tty && last !== '') process.stderr.write('\n');
  };
}
