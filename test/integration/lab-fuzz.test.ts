// Integration (real Redis, Appium, Chromium): generated Unicode strings of every fuzz kind typed on clean firmware give no false finding (volume is bench:fuzz's).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { FUZZ_KINDS, fuzzStrings } from '../../src/lab/fuzz-strings.ts';
import { fuzzTermList } from '../../src/lab/fuzz-term-list.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

/** 3 strings of each of the 11 fuzz kinds (both phones see every kind); `npm run bench:fuzz` types 10,000. */
const FUZZ_COUNT = 3 * FUZZ_KINDS.length;
/** Strings typed together in one payload. */
const GROUP_SIZE = 20;
const dir = mkdtempSync(join(tmpdir(), 'cw-fuzz-'));
let lab: EmbeddedLab | undefined;

describe('the Unicode fuzz tier on clean firmware', { timeout: 10 * 60 * 1000 }, () => {
  after(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('types strings of every fuzz kind with 0 false findings; what cannot be typed is inconclusive with a reason', async () => {
    // Two clean lab phones share the strings: the EU firmware with its switch off, and the reference phone.
    const devices = loadDeviceProfiles('devices')
      .map((d) => withTargetsOf(d, 'browser'))
      .filter((d) => ['lab-mi10t-eu-v12-5-1', 'lab-pixel5'].includes(d.id))
      .map((d) => ({ ...d, reference: undefined }));
    const strings = fuzzStrings(FUZZ_COUNT, 'npm-test');
    // every kind goes to both phones (11 kinds, so odd and even indexes each hold every kind)
    const halves = [strings.filter((_, i) => i % 2 === 0), strings.filter((_, i) => i % 2 === 1)];
    for (const half of halves) {
      assert.deepEqual(new Set(half.map((s) => s.kind)), new Set(FUZZ_KINDS));
    }
    lab = await startEmbeddedLab(devices, 100, {
      reportsDir: dir,
      database: join(dir, 'cw.db'),
    });
    const runs = await Promise.all(
      devices.map((device, i) =>
        startRun(lab!.context, lab!.store, {
          kind: 'check',
          devices: [device],
          termList: fuzzTermList(halves[i]!, GROUP_SIZE, device.targets[0]!.inputPath),
          batchSize: 100,
        }),
      ),
    );
    await Promise.all(runs.map((run) => waitForRun(lab!.context, run.parentJobId, 9 * 60 * 1000)));

    const results = (
      await Promise.all(runs.map((run) => lab!.store.probesOfRun(run.runId)))
    ).flat();
    const findings = results.filter(isFinding);
    assert.deepEqual(
      findings.map((f) => `${f.termId}: ${f.verdict} on ${f.channel}: ${f.detail}`),
      [],
    );

    const terms = results.filter((r) => r.role === 'term');
    const membersOf = (termId: string, deviceId: string): number => {
      const half = halves[devices.findIndex((d) => d.id === deviceId)]!;
      return fuzzTermList(half, GROUP_SIZE, 'key-events').terms.find((t) => t.id === termId)!
        .members.length;
    };
    let intactStrings = 0;
    let untypableStrings = 0;
    for (const term of terms) {
      if (term.termId.startsWith('fuzz-untypable-')) {
        assert.equal(term.verdict, 'inconclusive', term.termId);
        assert.equal(term.reason, 'input-unsupported', term.termId);
        untypableStrings += membersOf(term.termId, term.deviceId);
      } else if (term.verdict === 'intact') {
        intactStrings += membersOf(term.termId, term.deviceId);
      } else {
        assert.equal(term.verdict, 'inconclusive', `${term.termId}: ${term.verdict}`);
        assert.ok(term.reason, term.termId);
      }
    }
    assert.equal(untypableStrings, strings.filter((s) => s.kind === 'untypable').length);
    // Nearly every typable string must come back intact: a harness that calls everything inconclusive fails here.
    const typable = FUZZ_COUNT - untypableStrings;
    assert.ok(
      intactStrings >= typable * 0.95,
      `${intactStrings} of ${typable} typable strings came back intact`,
    );
  });
});
