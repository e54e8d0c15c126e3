// `npm run bench:phones`: the farm's throughput with two lab phones against one, through the real path (`censorwatch check --lab`).
//
// Each phone probes the same generated benign list on its browser; a run's rate is its probes over
// the span from the first probe started to the last one ended (the lab's start and each batch's
// session start are left out: a nightly batch amortises them over thousands of terms).
// Usage: `npm run bench:phones -- [--terms 30]`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benignTerms, round } from './bench-batch.ts';
import { writeBenchFigures } from './bench-file.ts';
import type { ProbeResult } from '../src/store/probe-result.ts';
import { runCensorwatch } from '../test/support/censorwatch-command.ts';

const { values } = parseArgs({ options: { terms: { type: 'string', default: '30' } } });
const TERMS = Number(values.terms);
if (!(Number.isInteger(TERMS) && TERMS >= 1 && TERMS <= 50)) {
  // 50 is the lab's batchSize: one batch a phone, so both runs start the same number of sessions
  process.stderr.write('bench:phones: --terms must be a whole number from 1 to 50\n');
  process.exit(2);
}
const ONE = ['lab-pixel5'];
const TWO = ['lab-pixel5', 'lab-mi10t-eu-v12-5-1'];
const TIMEOUT_MS = 30 * 60 * 1000;

interface Rate {
  devices: string[];
  probes: number;
  spanS: number;
  wallS: number;
  rate: number;
}

async function measure(work: string, devices: string[], termsFile: string): Promise<Rate> {
  const reports = join(work, devices.length.toString());
  const started = performance.now();
  const outcome = await runCensorwatch(
    [
      'check',
      '--lab',
      '--json',
      '--terms',
      termsFile,
      '--target',
      'lab-browser',
      ...devices.flatMap((d) => ['--device', d]),
    ],
    { ...process.env, CENSORWATCH_REPORTS: reports, LOG_LEVEL: 'warn' },
    TIMEOUT_MS,
  );
  const wallS = (performance.now() - started) / 1000;
  if (outcome.status !== 0 && outcome.status !== 1) {
    throw new Error(
      `check on ${devices.join(', ')} ended ${outcome.status}: ${outcome.stderr.slice(-2000)}`,
    );
  }
  const results = JSON.parse(outcome.stdout) as ProbeResult[];
  const probed = new Set(results.map((r) => r.deviceId));
  if (devices.some((d) => !probed.has(d))) {
    throw new Error(
      `check on ${devices.join(', ')} recorded probes of ${[...probed].join(', ')} only`,
    );
  }
  const from = Math.min(...results.map((r) => Date.parse(r.startedAt)));
  const to = Math.max(...results.map((r) => Date.parse(r.endedAt)));
  const probes = results.reduce((n, r) => n + Math.max(1, r.timings.attempts ?? 1), 0);
  const spanS = (to - from) / 1000;
  return { devices, probes, spanS, wallS, rate: probes / spanS };
}

const work = mkdtempSync(join(tmpdir(), 'cw-bench-phones-'));
try {
  const termsFile = join(work, 'terms.yaml');
  writeFileSync(
    termsFile,
    JSON.stringify({ name: 'bench-phones', terms: benignTerms(TERMS) }, null, 2),
  );
  const one = await measure(work, ONE, termsFile);
  process.stderr.write(
    `bench:phones: 1 phone: ${one.probes} probes in ${one.spanS.toFixed(1)} s\n`,
  );
  const two = await measure(work, TWO, termsFile);
  process.stderr.write(
    `bench:phones: 2 phones: ${two.probes} probes in ${two.spanS.toFixed(1)} s\n`,
  );
  const phones = {
    terms: TERMS,
    oneRate: round(one.rate),
    twoRate: round(two.rate),
    ratio: round(two.rate / one.rate),
    oneWallS: Math.round(one.wallS),
    twoWallS: Math.round(two.wallS),
  };
  process.stdout.write(
    [
      `throughput on lab phones, ${TERMS} terms each on the browser (probes per second over the probes' span)`,
      `1 phone  ${phones.oneRate.toFixed(3)}/s (${one.probes} probes, ${one.spanS.toFixed(1)} s; check ${phones.oneWallS} s)`,
      `2 phones ${phones.twoRate.toFixed(3)}/s (${two.probes} probes, ${two.spanS.toFixed(1)} s; check ${phones.twoWallS} s)`,
      `ratio ${phones.ratio.toFixed(3)}`,
      '',
    ].join('\n'),
  );
  writeBenchFigures({ phones });
} finally {
  rmSync(work, { recursive: true, force: true });
}
