// Shows a run's progress on standard error while it runs, read from the store: see ProgressPrinter for what a terminal and a log get.
import { ProgressPrinter } from './progress-printer.ts';
import { progressOf } from './progress.ts';
import type { ResultStore } from '../store/result-store.ts';

/** How often the store is read for new probe results. */
const POLL_MS = 1000;

export interface FollowProgressOptions {
  /** Where progress is written. @defaultValue `process.stderr` */
  output?: { write(text: string): unknown; isTTY?: boolean };
  /** Whether `output` is a terminal. @defaultValue `output.isTTY === true` */
  tty?: boolean;
  /** The clock. @defaultValue `Date.now` */
  now?: () => number;
  /** How often the store is read. @defaultValue 1 s */
  pollMs?: number;
}

/**
 * Follows a run's recorded probes until the returned function is called; that function reads the
 * store once more so the last thing shown is where the run ended.
 */
export function followRunProgress(
  store: Pick<ResultStore, 'runCounts' | 'batchEstimates' | 'plannedPerBatch'>,
  runId: string,
  planned: number,
  options: FollowProgressOptions = {},
): () => Promise<void> {
  const output = options.output ?? process.stderr;
  const now = options.now ?? Date.now;
  const printer = new ProgressPrinter({
    write: (text) => void output.write(text),
    tty: options.tty ?? output.isTTY === true,
    now,
  });
  const startedAt = now();
  let reading: Promise<void> | null = null;
  /** The batches' plan sizes: stored with the run, read once. */
  let perBatch: { batchId: string; planned: number }[] = [];
  const read = async (): Promise<void> => {
    try {
      if (perBatch.length === 0) perBatch = await store.plannedPerBatch(runId);
      // counted in the database: a run of thousands of terms is read every second
      const [counts, estimates] = await Promise.all([
        store.runCounts(runId),
        store.batchEstimates(runId),
      ]);
      const at = now();
      printer.update(
        progressOf(counts, planned, at - startedAt, { planned: perBatch, estimates, nowMs: at }),
      );
    } catch {
      // a store that cannot be read now is read again at the next poll
    }
  };
  const poll = () => {
    // a slow store must not stack reads
    reading ??= read().finally(() => (reading = null));
  };
  const timer = setInterval(poll, options.pollMs ?? POLL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await reading;
    await read();
    printer.finish();
  };
}
