// `npm run bench:faults`: the fault storm at full size — ≥ 500 probes on 3 lab phones, ≥ 50 faults — its table printed
// and written to reports/bench/faults.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settings } from '../src/config/settings.ts';
import { machine } from './bench-file.ts';
import { DEFAULT_RECOVERY_WAIT_MS, runFaultStorm } from './fault-storm.ts';

const report = await runFaultStorm({
  // two browsers × (75 terms + 75 controls + a truism per batch of 25) and a messenger × 75 × 2
  // ways × 2: about 600 probes, a run long enough for 55 faults, each waited on until its phone
  // decides a probe again
  termsPerPhone: 75,
  faults: 55,
  seed: 20261202,
  gapMs: [1000, 3000],
  log: (line) => process.stderr.write(`${line}\n`),
});
const rows: [string, string][] = [
  ['probes planned / recorded', `${report.probes.planned} / ${report.probes.recorded}`],
  ['probes lost / duplicated', `${report.probes.lost} / ${report.probes.duplicated}`],
  [
    'faults injected',
    `${report.faults.injected} (${Object.entries(report.faults.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')})`,
  ],
  ['false findings', String(report.falseFindings)],
  ...report.falseFindingDetails.map((f): [string, string] => [
    '  false finding',
    JSON.stringify(f),
  ]),
  ['inconclusive probes', String(report.inconclusive)],
  ...Object.entries(report.inconclusiveBy).map(([target, reasons]): [string, string] => [
    `  ${target}`,
    Object.entries(reasons)
      .sort(([, a], [, b]) => b - a)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', '),
  ]),
  ['runs started / ended', `${report.runs.started} / ${report.runs.ended}`],
  ...Object.entries(report.recoveryS).map(([kind, s]): [string, string] => [
    `recovery ${kind}`,
    `median ${s.median} s, worst ${s.max} s`,
  ]),
  ...Object.entries(report.recoveryUnobserved).map(([kind, n]): [string, string] => [
    `no probe decided after ${kind}`,
    `${n} (in ${DEFAULT_RECOVERY_WAIT_MS / 1000} s: its phone had nothing left to run, or was slower)`,
  ]),
  ['report test cases', String(report.reportTests)],
  ['took', `${report.seconds} s`],
];
const width = Math.max(...rows.map(([name]) => name.length));
process.stdout.write(
  `fault storm\n${rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n')}\n`,
);
const dir = join(settings().reportsDir, 'bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'faults.json');
writeFileSync(
  file,
  `${JSON.stringify({ ...report, measuredAt: new Date().toISOString(), machine: machine() }, null, 2)}\n`,
);
process.stdout.write(`written to ${file}\n`);
/** What the storm must show: these many faults struck, and nothing lost, doubled or found. */
const MIN_FAULTS = 50;
const failed = [
  report.probes.lost > 0 && `${report.probes.lost} probes lost`,
  report.probes.duplicated > 0 && `${report.probes.duplicated} probes doubled`,
  report.falseFindings > 0 && `${report.falseFindings} false findings`,
  report.runs.ended !== report.runs.started &&
    `${report.runs.started - report.runs.ended} runs did not end`,
  report.faults.injected < MIN_FAULTS &&
    `only ${report.faults.injected} faults struck before the run ended (at least ${MIN_FAULTS} asked)`,
].filter((why): why is string => typeof why === 'string');
for (const why of failed) process.stderr.write(`bench:faults failed: ${why}\n`);
if (failed.length > 0) process.exitCode = 1;
