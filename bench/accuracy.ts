// `npm run bench:accuracy`: the planted matrix through the whole lab pipeline, scored against what was planted.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { startEmbeddedLab } from '../src/cli/embedded-lab.ts';
import { PROJECT_ROOT, settings } from '../src/config/settings.ts';
import { withTargetsOf } from '../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../src/devices/load-device-profiles.ts';
import { loadTermList } from '../src/terms/load-term-list.ts';
import { startRun } from '../queue/run-producer.ts';
import { waitForRun } from '../queue/wait-for-run.ts';
import { formatConfusion, scoreAccuracy } from './accuracy-score.ts';
import { scenarios } from './accuracy-scenarios.ts';

const RUN_TIMEOUT_MS = 30 * 60 * 1000;
const ON = 'BENCH.ON';
const OFF = 'BENCH.OFF';
const POSITIVE_CONTROL = '法轮功';

const work = mkdtempSync(join(tmpdir(), 'cw-bench-accuracy-'));
const matrix = scenarios();

// The bench firmware: one vendor list, switched on for ON only.
const vendorDir = join(work, 'vendor');
mkdirSync(vendorDir);
writeFileSync(
  join(vendorDir, 'bench.yaml'),
  stringify({
    name: 'BenchList',
    switch: { [ON]: true, [OFF]: false },
    rules: [
      ...matrix.flatMap((s) => (s.rule ? [s.rule] : [])),
      { action: 'mask', terms: [POSITIVE_CONTROL] },
    ],
  }),
);
// Two lab phones of one model: the filter switched on, and switched off.
const devicesDir = join(work, 'devices');
mkdirSync(devicesDir);
const template = readFileSync(resolve(PROJECT_ROOT, 'devices/lab-mi10t-eu-v12-5-4.yaml'), 'utf8')
  .replace(/^reference: .*\n/m, '')
  .replace(/^( +extension: ).*$/m, `$1${resolve(PROJECT_ROOT, 'src/lab/firmware/extension')}`)
  .replace('vendorList: MiAdBlacklistConfig', 'vendorList: BenchList');
for (const [id, version] of [
  ['bench-on', ON],
  ['bench-off', OFF],
] as const) {
  let profile = template.replace(/^id: .*$/m, `id: ${id}`).replaceAll('V12.5.4.0.RJDEUXM', version);
  if (version === OFF) profile = profile.replace(/^ +positiveControl: .*\n/m, '');
  else
    profile = profile.replace(
      /positiveControl: \{ text: [^,]+,/,
      `positiveControl: { text: ${POSITIVE_CONTROL},`,
    );
  writeFileSync(join(devicesDir, `${id}.yaml`), profile);
}
const termFile = join(work, 'terms.yaml');
writeFileSync(
  termFile,
  stringify({
    name: 'bench-accuracy',
    terms: matrix.map((s) => ({
      id: s.id,
      text: s.text,
      language: s.language,
      category: 'bench',
      source: 'planted',
    })),
  }),
);

const devices = loadDeviceProfiles(devicesDir).map((d) => withTargetsOf(d, 'browser'));
const termList = loadTermList(termFile);
const reportsDir = join(work, 'reports');
const started = Date.now();
const lab = await startEmbeddedLab(devices, 100, {
  reportsDir,
  database: join(reportsDir, 'cw.db'),
  vendorListDir: vendorDir,
});
try {
  const run = await startRun(lab.context, lab.store, {
    kind: 'check',
    devices,
    termList,
    batchSize: 100,
  });
  process.stderr.write(
    `bench:accuracy: ${matrix.length} terms on 2 lab phones, ${run.plannedProbes} planned probes\n`,
  );
  await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
  const results = (await lab.store.probesOfRun(run.runId)).filter((r) => r.role === 'term');
  const expectedOf = (deviceId: string, termId: string) =>
    deviceId === 'bench-on' ? matrix.find((s) => s.id === termId)!.expected : 'intact';
  const score = scoreAccuracy(
    results.map((r) => ({ expected: expectedOf(r.deviceId, r.termId), actual: r.verdict })),
  );
  const misses = results.filter((r) => r.verdict !== expectedOf(r.deviceId, r.termId));
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  process.stdout.write(
    [
      `planted matrix: 7 behaviours x Latin / CJK / Lithuanian (mask immediate and late) + 6 unplanted terms, on firmware switched on and off`,
      `term probes ${score.probes}, planted ${score.planted}, wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
      '',
      formatConfusion(score),
      '',
      `recall            ${pct(score.recall)}`,
      `false findings    ${score.falseFindings}`,
      `class accuracy    ${pct(score.classAccuracy)}`,
      `inconclusive rate ${pct(score.inconclusiveRate)}`,
      ...misses.map(
        (r) =>
          `  miss: ${r.deviceId} ${r.termId}: ${r.verdict}${r.reason ? `(${r.reason})` : ''} — ${r.detail ?? ''}`,
      ),
      '',
    ].join('\n'),
  );
  const out = join(settings().reportsDir, 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'accuracy.json'),
    JSON.stringify({ at: new Date().toISOString(), ...score }, null, 2),
  );
  process.exitCode =
    score.recall === 1 && score.falseFindings === 0 && score.classAccuracy >= 0.98 ? 0 : 1;
} finally {
  await lab.stop();
  rmSync(work, { recursive: true, force: true });
}
