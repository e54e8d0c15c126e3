// A batch worker's side of the run's ETA: the engine's estimate of what the batch has left, written to the store as it runs.
import { logger } from '../log/logger.ts';
import type { BatchEstimate } from '../probe/probe-engine.ts';
import type { ResultStore } from '../store/result-store.ts';

const log = logger('batch-estimate');

/** How often a running batch writes its estimate. */
export const ESTIMATE_EVERY_MS = 2000;

export interface PublishOptions {
  /** @defaultValue {@link ESTIMATE_EVERY_MS} */
  everyMs?: number;
  /** @defaultValue `Date.now` */
  now?: () => number;
}

/**
 * Writes `estimate()` for the batch now and every `everyMs` until the returned function is
 * called, which writes the last one (what the batch ended with). A write that fails is logged
 * and skipped: the ETA may lag, the batch goes on.
 */
export function publishEstimates(
  estimate: () => BatchEstimate,
  store: Pick<ResultStore, 'saveBatchEstimate'>,
  batch: { runId: string; batchId: string; deviceId: string },
  options: PublishOptions = {},
): () => Promise<void> {
  const now = options.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  let writing: Promise<void> | null = null;
  const write = async (): Promise<void> => {
    const { payloads, etaMs, typed } = estimate();
    await store
      .saveBatchEstimate({
        ...batch,
        startedAt,
        at: new Date(now()).toISOString(),
        payloads,
        etaMs,
        typed,
      })
      .catch((error: unknown) =>
        log.warn({ err: error, ...batch }, 'the batch estimate was not written'),
      );
  };
  const tick = () => {
    // a slow store must not stack writes
    writing ??= write().finally(() => (writing = null));
  };
  tick();
  const timer = setInterval(tick, options.everyMs ?? ESTIMATE_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await writing;
    await write();
  };
}
