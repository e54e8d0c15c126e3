// `npm run bench:nightly`: a nightly schedule of a 10,000-term list on one lab phone, screened in groups, followed to its end through the farm's progress lines.
//
// The list is generated: benign terms with the lab list's terms (terms/xiaomi-2021.yaml) spread
// through it. The phone is the Mi 10T on V12.5.4 (firmware switched on), its browser only,
// screening in groups of up to 200; the farm runs with the embedded lab and a schedule that fires
// a few seconds after it starts. Every progress line's ETA is set against the time the run's
// probes really went on; the findings must be those the lab list plants on the browser.
// Usage: `npm run bench:nightly -- [--terms 10000]`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { benignTerms, round } from './bench-batch.ts';
import { writeBenchFigures } from './bench-file.ts';
import { isFinding } from '../src/oracle/finding.ts';
import type { ProbeResult } from '../src/store/probe-result.ts';
import { ResultStore } from '../src/store/result-store.ts';
import { runCensorwatch } from '../test/support/censorwatch-command.ts';

const { values } = parseArgs({ options: { terms: { type: 'string', default: '10000' } } });
const TERMS = Number(values.terms);
if (!(Number.isInteger(TERMS) && TERMS >= 1000)) {
  process.stderr.write('bench:nightly: --terms must be a whole number >= 1000\n');
  process.exit(2);
}
const DEVICE = 'lab-mi10t-eu-v12-5-4';
const BATCH_SIZE = 1000;
const RUN_DEADLINE_MS = 3 * 60 * 60 * 1000;

/** The lab list's terms, spread evenly through `n` generated benign ones. */
function nightlyList(n: number): { yaml: string; planted: number } {
  const lab = parseYaml(readFileSync('terms/xiaomi-2021.yaml', 'utf8')) as {
    terms: Record<string, unknown>[];
  };
  const step = Math.floor(n / lab.terms.length);
  const terms = benignTerms(n).map((term, i) =>
    i % step === step >> 1 && lab.terms[Math.floor(i / step)]
      ? lab.terms[Math.floor(i / step)]!
      : term,
  );
  return { yaml: JSON.stringify({ name: 'nightly-bench', terms }), planted: lab.terms.length };
}

/** The lab phone's profile, browser only, screening in groups of up to 200, no reference. */
function nightlyProfile(): string {
  const profile = parseYaml(readFileSync(`devices/${DEVICE}.yaml`, 'utf8')) as {
    reference?: string;
    lab: { firmware: { extension: string } };
    targets: { app: string; screening?: unknown }[];
  };
  delete profile.reference;
  profile.lab.firmware.extension = resolve('devices', profile.lab.firmware.extension);
  profile.targets = profile.targets
    .filter((t) => t.app === 'lab-browser')
    .map((t) => ({ ...t, screening: { maxMembers: 200 } }));
  return JSON.stringify(profile);
}

/** `ETA 1h 2m`, `ETA 41m 3s`, `ETA 12s` in milliseconds; null for `ETA …`. */
function etaMsOf(line: string): number | null {
  const match = /ETA ((\d+)h )?((\d+)m ?)?((\d+)s)?$/.exec(line.trim());
  if (!match || line.trim().endsWith('ETA …')) return null;
  return ((Number(match[2] ?? 0) * 60 + Number(match[4] ?? 0)) * 60 + Number(match[6] ?? 0)) * 1000;
}

const work = mkdtempSync(join(tmpdir(), 'cw-bench-nightly-'));
const devicesDir = join(work, 'devices');
mkdirSync(devicesDir);
writeFileSync(join(devicesDir, `${DEVICE}.yaml`), nightlyProfile());
const list = nightlyList(TERMS);
writeFileSync(join(work, 'terms.yaml'), list.yaml);
// fires once, 40 s from now (the lab takes a few seconds to start)
const at = new Date(Date.now() + 40_000);
writeFileSync(
  join(work, 'censorwatch.yaml'),
  JSON.stringify({
    nightly: {
      cron: `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} ${at.getUTCMonth() + 1} *`,
      timeZone: 'UTC',
      termList: 'terms.yaml',
      devices: [DEVICE],
    },
    batchSize: BATCH_SIZE,
  }),
);
const reports = join(work, 'reports');
const farm = spawn(
  process.execPath,
  [
    'bin/censorwatch.js',
    'farm',
    '--lab',
    '--config',
    join(work, 'censorwatch.yaml'),
    '--devices',
    devicesDir,
  ],
  {
    env: {
      ...process.env,
      CENSORWATCH_REPORTS: reports,
      CENSORWATCH_QUEUE_PREFIX: `cw-nightly-${process.pid}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  },
);
/** Progress lines of the farm's log as they came: when, how far, the ETA shown. */
const lines: { at: number; done: number; planned: number; etaMs: number | null; text: string }[] =
  [];
let tail = '';
farm.stderr.setEncoding('utf8').on('data', (chunk: string) => {
  tail += chunk;
  const complete = tail.split('\n');
  tail = complete.pop()!;
  for (const text of complete) {
    const match = /: progress (\d+)\/(\d+) probes/.exec(text);
    if (!match) {
      if (text.trim()) process.stderr.write(`farm: ${text}\n`);
      continue;
    }
    process.stderr.write(`${text}\n`);
    lines.push({
      at: Date.now(),
      done: Number(match[1]),
      planned: Number(match[2]),
      etaMs: etaMsOf(text),
      text,
    });
  }
});
const exited = new Promise<number | null>((done) => farm.on('exit', done));

let failed = false;
try {
  // the store is the farm's; read it until the run's reports are compiled
  const deadline = Date.now() + RUN_DEADLINE_MS;
  let store: ResultStore | null = null;
  let runId: string | null = null;
  while (Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 5000));
    if (farm.exitCode !== null)
      throw new Error(`the farm exited ${farm.exitCode} before the run finished`);
    store ??= await ResultStore.open(join(reports, 'censorwatch.db')).catch(() => null);
    const run = await store?.latestRun();
    if (run?.status === 'finished') {
      runId = run.runId;
      break;
    }
  }
  if (!store || !runId) throw new Error('the scheduled run did not finish in time');
  // the farm prints the run's last reading once it sees it finished
  for (let waited = 0; waited < 30 && lines.at(-1)?.done !== lines.at(-1)?.planned; waited += 1) {
    await new Promise((done) => setTimeout(done, 1000));
  }
  const results = await store.probesOfRun(runId);
  const run = (await store.run(runId))!;
  await store.close();
  const started = Math.min(...results.map((r) => Date.parse(r.startedAt)));
  const ended = Math.max(...results.map((r) => Date.parse(r.endedAt)));
  const span = ended - started;
  // each line's ETA against the time the probes really went on after it
  const errors = lines
    .filter((l) => l.etaMs !== null && l.at >= started + span / 5 && l.at <= ended)
    .map((l) => Math.abs(l.etaMs! - (ended - l.at)) / span);
  const findings = results.filter(isFinding).map((r) => `${r.termId}: ${r.verdict}`);
  const inconclusive = results.filter((r) => r.verdict === 'inconclusive').length;
  const groupProbes = results.filter((r) => r.role === 'group').length;
  const alone = results.filter((r) => r.role === 'term' && !r.clearedBy).length;
  const nightly = {
    terms: TERMS,
    planned: run.plannedProbes,
    batches: Math.ceil(TERMS / BATCH_SIZE),
    groupProbes,
    termsAlone: alone,
    findings: findings.length,
    inconclusive,
    probesS: Math.round(span / 1000),
    progressLines: lines.length,
    etaWorstError: errors.length ? round(Math.max(...errors)) : null,
    etaMedianError: errors.length ? round(errors.sort((a, b) => a - b)[errors.length >> 1]!) : null,
  };
  process.stdout.write(
    [
      `nightly: ${TERMS} terms (${list.planted} of the lab list among them) on ${DEVICE}'s browser, ${nightly.batches} batches, groups of up to 200`,
      `${nightly.planned} planned probes in ${nightly.probesS} s: ${groupProbes} group probes, ${alone} terms probed alone, ${findings.length} findings, ${inconclusive} inconclusive`,
      `${lines.length} progress lines; ETA error after the first fifth, as a share of the run: worst ${nightly.etaWorstError}, median ${nightly.etaMedianError}`,
      ...findings.map((f) => `  ${f}`),
      '',
    ].join('\n'),
  );
  // the same phone and firmware, the lab list alone, one term one probe: the findings must agree
  const alone_ = await runCensorwatch(
    [
      'check',
      '--lab',
      '--json',
      '--terms',
      'terms/xiaomi-2021.yaml',
      '--device',
      DEVICE,
      '--target',
      'lab-browser',
    ],
    { ...process.env, CENSORWATCH_REPORTS: join(work, 'one-by-one'), LOG_LEVEL: 'warn' },
    30 * 60 * 1000,
  );
  const oneByOne = (JSON.parse(alone_.stdout) as ProbeResult[])
    .filter((r) => r.deviceId === DEVICE && isFinding(r))
    .map((r) => `${r.termId}: ${r.verdict}`)
    .sort();
  const screened = [...findings].sort();
  const agree = JSON.stringify(oneByOne) === JSON.stringify(screened);
  process.stdout.write(
    agree
      ? `the findings are those of the lab list probed one by one (${oneByOne.length})\n`
      : `the findings differ from the lab list probed one by one:\n  one by one: ${oneByOne.join(', ')}\n  screened:   ${screened.join(', ')}\n`,
  );
  if (!agree) failed = true;
  writeBenchFigures({ nightly: { ...nightly, agreesWithOneByOne: agree } });
  if (lines.at(-1)?.done !== run.plannedProbes) {
    failed = true;
    process.stderr.write(
      `bench:nightly: the last progress line is not the whole plan: ${lines.at(-1)?.text}\n`,
    );
  }
} catch (error) {
  failed = true;
  process.stderr.write(`bench:nightly: ${(error as Error).message}\n`);
} finally {
  farm.kill('SIGINT');
  const code = await Promise.race([
    exited,
    new Promise((done) => setTimeout(() => done('timeout'), 60_000)),
  ]);
  if (code === 'timeout') farm.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
