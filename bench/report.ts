// `npm run bench:report`: the report stage on 50,000 stored results of one firmware against bare `allure generate` of the same allure-results.
//
// The harness's time is what the report worker does for a firmware: read its results from the
// store, write the allure-results from them and compile (staging, categories, environment,
// `allure generate`, the swap). Bare is allure-commandline's `allure generate` alone on the
// allure-results the harness wrote. Usage: `npm run bench:report -- [--results 50000]`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Verdict } from '../src/oracle/verdict.ts';
import { writeBenchFigures } from './bench-file.ts';
import { allureBinary, compileFirmwareReport } from '../src/report/compile-firmware-report.ts';
import { writeAllureResults } from '../src/report/write-allure-results.ts';
import type { ProbeResult } from '../src/store/probe-result.ts';
import { ResultStore } from '../src/store/result-store.ts';

const { values } = parseArgs({ options: { results: { type: 'string', default: '50000' } } });
const COUNT = Number(values.results);
if (!(Number.isInteger(COUNT) && COUNT >= 100)) {
  process.stderr.write('bench:report: --results must be a whole number >= 100\n');
  process.exit(2);
}
const FIRMWARE = 'Lab Phone 1 / V1.0';
const RUN = 'bench-report';

/** Generated results of one run: terms and their controls, 2 % of the terms masked. */
function resultOf(i: number): ProbeResult {
  const term = Math.floor(i / 2);
  const role = i % 2 === 0 ? 'control' : 'term';
  const verdict: Verdict = role === 'term' && term % 50 === 7 ? 'masked' : 'intact';
  return {
    runId: RUN,
    probeId: `p${String(i).padStart(8, '0')}`,
    probeToken: String(100000000000 + i),
    deviceId: 'bench-phone',
    firmwareKey: FIRMWARE,
    target: 'lab-browser',
    targetKind: 'browser',
    inputPath: 'key-events',
    termId: `t${term}`,
    term: role === 'term' ? `generated term ${term}` : `benign control ${term}`,
    language: 'en',
    category: 'generated',
    source: 'bench:report',
    licence: 'CC0-1.0',
    role,
    controlOf: role === 'control' ? `t${term}` : null,
    verdict,
    reason: null,
    detail: verdict === 'masked' ? 'shown as "********* **** 7"' : null,
    channel: verdict === 'masked' ? 'render' : null,
    channels: { echo: null, egress: null, render: null },
    attempts: [],
    reference: null,
    evidence: [],
    timings: { submitMs: 300, egressMs: 150, settledMs: 1500, attempts: 1 },
    startedAt: new Date(Date.UTC(2026, 11, 1, 2) + i * 100).toISOString(),
    endedAt: new Date(Date.UTC(2026, 11, 1, 2) + i * 100 + 90).toISOString(),
  };
}

const work = mkdtempSync(join(tmpdir(), 'cw-bench-report-'));
try {
  const store = await ResultStore.open(join(work, 'cw.db'));
  for (let i = 0; i < COUNT; i += 1) await store.saveProbe(resultOf(i));
  process.stderr.write(`bench:report: ${COUNT} results stored; compiling…\n`);

  const started = performance.now();
  const results = await store.probesOfRun(RUN, FIRMWARE);
  const readS = (performance.now() - started) / 1000;
  const written = writeAllureResults({
    results,
    reportsDir: work,
    resultsDir: join(work, 'allure-results'),
  });
  const writeS = (performance.now() - started) / 1000 - readS;
  const compiled = await compileFirmwareReport({
    resultsDirs: [written.resultsDir],
    outDir: join(work, 'allure', 'report'),
    environment: { firmware: FIRMWARE },
    timeoutMs: 60 * 60 * 1000,
  });
  const harnessS = (performance.now() - started) / 1000;
  await store.close();

  const bareStarted = performance.now();
  const bare = spawnSync(
    allureBinary(),
    ['generate', written.resultsDir, '--clean', '-o', join(work, 'bare')],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const bareAllureS = (performance.now() - bareStarted) / 1000;
  if (bare.status !== 0) {
    process.stderr.write(`bench:report: bare allure generate failed: ${bare.stderr}\n`);
    process.exit(1);
  }
  const ratio = harnessS / bareAllureS;
  process.stdout.write(
    [
      `report compile of ${COUNT} results (one firmware): harness ${harnessS.toFixed(1)} s, bare allure generate ${bareAllureS.toFixed(1)} s, ratio ${ratio.toFixed(2)}`,
      `  harness: read from the store ${readS.toFixed(1)} s, allure-results written ${writeS.toFixed(1)} s, compile ${(harnessS - readS - writeS).toFixed(1)} s (allure generate ${(compiled.generateMs / 1000).toFixed(1)} s)`,
      '',
    ].join('\n'),
  );
  writeBenchFigures({
    report: {
      results: COUNT,
      harnessS: Math.round(harnessS * 10) / 10,
      bareAllureS: Math.round(bareAllureS * 10) / 10,
      ratio: Math.round(ratio * 100) / 100,
    },
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
