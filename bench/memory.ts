// `npm run bench:memory`: a batch worker's memory (RSS) at the start and the end of 10,000 probes.
//
// The probe engine and a real result store (SQLite) run in this process as in a batch worker; the
// phone is a driver that shows every payload back intact at once, so 10,000 probes take a minute
// rather than the seven hours a lab phone would need, and what grows is the harness's own. RSS is
// read after a garbage collection: at the start once 100 probes have warmed the code and the
// store's statements, then every 1,000 probes. Part of what RSS gains is SQLite's page cache
// filling up to its bound (better-sqlite3 sets cache_size -16000: 15.6 MiB); the V8 heap is
// printed beside it.
// Usage: `npm run bench:memory -- [--probes 10000]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benignTerms, round, runBenchBatch } from './bench-batch.ts';
import { writeBenchFigures } from './bench-file.ts';
import type { ProbeDriver } from '../src/probe/probe-driver.ts';
import { ResultStore } from '../src/store/result-store.ts';

const { values } = parseArgs({ options: { probes: { type: 'string', default: '10000' } } });
const PROBES = Number(values.probes);
if (!(Number.isInteger(PROBES) && PROBES >= 1000)) {
  process.stderr.write('bench:memory: --probes must be a whole number >= 1000\n');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  process.stderr.write('bench:memory: run it with node --expose-gc (npm run bench:memory does)\n');
  process.exit(2);
}
const WARM_UP = 100;
const SAMPLE_EVERY = 1000;

/** A phone that shows every payload back at once, on every channel. */
const echoPhone: ProbeDriver = {
  setUp: async () => undefined,
  tearDown: async () => undefined,
  run: async (probe) => {
    const shown = { text: probe.payload, pageText: `results ${probe.payload}`, atMs: 40 };
    return {
      observations: {
        payload: probe.payload,
        echo: probe.payload,
        egress: probe.payload,
        movedOn: true,
        renderFirst: shown,
        renderSettled: shown,
      },
      timings: { submitMs: 300, egressMs: 150, settledMs: 1500 },
    };
  },
  keepEvidence: async () => ({ paths: [], error: null }),
};

/** RSS and V8 heap in MiB, after a garbage collection. */
const usage = (): { rssMb: number; heapMb: number } => {
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: rss / 2 ** 20, heapMb: heapUsed / 2 ** 20 };
};

const work = mkdtempSync(join(tmpdir(), 'cw-bench-memory-'));
const store = await ResultStore.open(join(work, 'bench.db'));
const samples: { probes: number; rssMb: number; heapMb: number }[] = [];
let recorded = 0;
let notIntact = 0;
let seconds = 0;
try {
  // a term and its control are two probes; the truism is one more
  const { seconds: took } = await runBenchBatch(
    benignTerms(Math.ceil((PROBES - 1) / 2)),
    echoPhone,
    {
      keep: false,
      sink: {
        record: async (result) => {
          await store.saveProbe(result);
          if (result.verdict !== 'intact') notIntact += 1;
          recorded += 1;
          if (recorded === WARM_UP || recorded % SAMPLE_EVERY === 0) {
            samples.push({ probes: recorded, ...usage() });
          }
        },
      },
    },
  );
  seconds = took;
  if (notIntact > 0) throw new Error(`${notIntact} probes of the echo phone were not intact`);
} finally {
  await store.close();
  rmSync(work, { recursive: true, force: true });
}

const start = samples[0]!;
const end = samples.at(-1)!;
const memory = {
  probes: recorded,
  rssStartMb: Math.round(start.rssMb),
  rssEndMb: Math.round(end.rssMb),
  growth: round((end.rssMb - start.rssMb) / start.rssMb),
  heapStartMb: round(start.heapMb, 1),
  heapEndMb: round(end.heapMb, 1),
};
process.stdout.write(
  [
    `memory of the probe engine and the store over ${recorded} probes (${seconds.toFixed(1)} s, RSS after gc)`,
    ...samples.map(
      (s) =>
        `  ${String(s.probes).padStart(6)} probes  RSS ${s.rssMb.toFixed(1)} MiB  heap ${s.heapMb.toFixed(1)} MiB`,
    ),
    `RSS ${memory.rssStartMb} MiB at probe ${start.probes} → ${memory.rssEndMb} MiB at probe ${end.probes}: growth ${(memory.growth * 100).toFixed(1)} %`,
    '',
  ].join('\n'),
);
writeBenchFigures({ memory });
