// One batch of the benchmarks: generated terms planned as the worker plans them and run through the probe engine.
import type { RepetitionPolicy } from '../src/oracle/confirm-finding.ts';
import { planBatch } from '../src/probe/plan-probes.ts';
import type { ProbeDriver, ProbeSink } from '../src/probe/probe-driver.ts';
import { ProbeEngine } from '../src/probe/probe-engine.ts';
import type { ScreenOptions } from '../src/screening/screen-terms.ts';
import type { ProbeResult } from '../src/store/probe-result.ts';
import type { Term } from '../src/terms/term.ts';

/** Findings confirmed 2 of 2, as the lab's config. */
export const BENCH_REPETITION: RepetitionPolicy = { required: 2, attempts: 2 };

/** `n` benign generated terms, each with its control; `prefix` keeps the ids of two lists apart. */
export function benignTerms(n: number, prefix = 'g'): Term[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i).padStart(5, '0')}`,
    text: `calm lake ${i} shore`,
    language: 'en',
    category: 'generated',
    source: 'censorwatch bench',
    licence: 'CC0-1.0',
    control: `green hill ${i} path`,
  }));
}

export interface BatchRun {
  /** What the sink received, in order (none when not kept). */
  results: ProbeResult[];
  seconds: number;
}

/** Plans `terms` for a lab browser and runs them; results go to `sink` as well as into the returned list. */
export async function runBenchBatch(
  terms: readonly Term[],
  driver: ProbeDriver,
  options: {
    screening?: ScreenOptions;
    sink?: ProbeSink;
    batchId?: string;
    /** Keep the results in the returned list. @defaultValue true */
    keep?: boolean;
  } = {},
): Promise<BatchRun> {
  const plan = planBatch({
    runId: 'bench',
    batchId: options.batchId ?? 'bench.0',
    device: {
      id: 'bench-phone',
      manufacturer: 'Lab',
      model: 'Phone',
      firmware: { fingerprint: 'f', version: 'V1' },
    } as never,
    target: {
      app: 'lab-browser',
      kind: 'browser',
      inputPath: 'key-events',
      truism: 'weather forecast',
    } as never,
    terms: [...terms],
    termList: { name: 'bench', sha256: '-' },
    repetition: BENCH_REPETITION,
  });
  const results: ProbeResult[] = [];
  const started = performance.now();
  await new ProbeEngine({
    batch: {
      plan,
      repetition: BENCH_REPETITION,
      inputPath: 'key-events',
      ...(options.screening ? { screening: options.screening } : {}),
    },
    driver,
    sink: {
      record: async (result) => {
        if (options.keep !== false) results.push(result);
        await options.sink?.record(result);
      },
    },
  }).run();
  return { results, seconds: (performance.now() - started) / 1000 };
}

/** Payloads a batch typed: a group, a term's attempt, a control, a run check (cleared terms typed nothing). */
export function typedProbes(results: readonly ProbeResult[]): number {
  return results.reduce((n, r) => (r.clearedBy ? n : n + Math.max(1, r.attempts.length)), 0);
}

export function round(value: number, places = 3): number {
  const scale = 10 ** places;
  return Math.round(value * scale) / scale;
}
