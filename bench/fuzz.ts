// `npm run bench:fuzz`: 10,000 generated Unicode strings typed on clean firmware; the required result is 0 false findings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedLab } from '../src/cli/embedded-lab.ts';
import { settings } from '../src/config/settings.ts';
import { withTargetsOf } from '../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../src/devices/load-device-profiles.ts';
import { fuzzStrings } from '../src/lab/fuzz-strings.ts';
import { fuzzTermList } from '../src/lab/fuzz-term-list.ts';
import { isFinding } from '../src/oracle/finding.ts';
import { startRun } from '../queue/run-producer.ts';
import { waitForRun } from '../queue/wait-for-run.ts';

const COUNT = Number(process.argv[2] ?? 10_000);
const GROUP_SIZE = 100;
const RUN_TIMEOUT_MS = 2 * 60 * 60 * 1000;

const work = mkdtempSync(join(tmpdir(), 'cw-bench-fuzz-'));
const devices = loadDeviceProfiles(settings().devicesDir)
  .map((d) => withTargetsOf(d, 'browser'))
  .filter((d) => ['lab-mi10t-eu-v12-5-1', 'lab-pixel5'].includes(d.id))
  .map((d) => ({ ...d, reference: undefined }));
const strings = fuzzStrings(COUNT, 'bench');
const shares = devices.map((_, i) => strings.filter((__, j) => j % devices.length === i));
const lists = devices.map((device, i) =>
  fuzzTermList(shares[i]!, GROUP_SIZE, device.targets[0]!.inputPath),
);
const started = Date.now();
const lab = await startEmbeddedLab(devices, 1000, {
  reportsDir: join(work, 'reports'),
  database: join(work, 'cw.db'),
});
try {
  const runs = await Promise.all(
    devices.map((device, i) =>
      startRun(lab.context, lab.store, {
        kind: 'check',
        devices: [device],
        termList: { ...lists[i]!, file: '(generated)' },
        batchSize: 1000,
      }),
    ),
  );
  process.stderr.write(
    `bench:fuzz: ${COUNT} strings in ${lists.reduce((n, l) => n + l.terms.length, 0)} payloads on ${devices.length} clean lab phones\n`,
  );
  await Promise.all(runs.map((run) => waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS)));
  const results = (await Promise.all(runs.map((run) => lab.store.probesOfRun(run.runId)))).flat();
  const membersOf = (termId: string, deviceId: string): number =>
    lists[devices.findIndex((d) => d.id === deviceId)]!.terms.find((t) => t.id === termId)!.members
      .length;
  const count = { intact: 0, untypable: 0, inconclusive: 0 };
  for (const term of results.filter((r) => r.role === 'term')) {
    const n = membersOf(term.termId, term.deviceId);
    if (term.verdict === 'intact') count.intact += n;
    else if (term.reason === 'input-unsupported') count.untypable += n;
    else if (term.verdict === 'inconclusive') count.inconclusive += n;
  }
  const falseFindings = results.filter(isFinding);
  const seconds = (Date.now() - started) / 1000;
  const chars = lists.flatMap((l) => l.terms).reduce((n, t) => n + Array.from(t.text).length, 0);
  process.stdout.write(
    [
      `strings ${COUNT}: intact ${count.intact}, untypable (inconclusive input-unsupported) ${count.untypable}, other inconclusive ${count.inconclusive}`,
      `false findings ${falseFindings.length}`,
      ...falseFindings.map((f) => `  ${f.termId}: ${f.verdict} on ${f.channel}: ${f.detail}`),
      `wall time ${seconds.toFixed(0)} s, ${(COUNT / seconds).toFixed(1)} strings/s, ${chars} characters typed in terms`,
      '',
    ].join('\n'),
  );
  const out = join(settings().reportsDir, 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'fuzz.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        count: COUNT,
        ...count,
        falseFindings: falseFindings.length,
        seconds,
      },
      null,
      2,
    ),
  );
  process.exitCode = falseFindings.length === 0 ? 0 : 1;
} finally {
  await lab.stop();
  rmSync(work, { recursive: true, force: true });
}
