// Integration (real Redis, Appium, Chromium): a profile naming another extension directory runs with no code change.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfile } from '../../src/devices/load-device-profiles.ts';
import type { RepetitionPolicy } from '../../src/oracle/confirm-finding.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-custom-'));
/** One attempt per term: confirmation by repetition is proved in lab-run-checks (unstable) and lab-run. */
const ONE_ATTEMPT: RepetitionPolicy = { required: 1, attempts: 1 };
let lab: EmbeddedLab | undefined;

describe('a device profile with its own firmware extension', { timeout: 6 * 60 * 1000 }, () => {
  after(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('masks what that extension masks, found through the unchanged pipeline', async () => {
    const profileText = readFileSync('devices/lab-pixel5.yaml', 'utf8')
      .replace('id: lab-pixel5', 'id: lab-custom')
      .replace(
        'firmware: {}',
        `firmware: { extension: ${resolve('test/fixtures/custom-firmware')} }`,
      );
    const profileFile = join(dir, 'lab-custom.yaml');
    writeFileSync(profileFile, profileText);
    // the browser only: the fixture firmware masks web pages
    const device = withTargetsOf(loadDeviceProfile(profileFile), 'browser');
    const all = loadTermList('terms/xiaomi-2021.yaml');
    const termList = {
      ...all,
      terms: all.terms.filter((t) => ['voice-of-america-en', 'free-tibet-en'].includes(t.id)),
    };

    lab = await startEmbeddedLab([device], 50, {
      reportsDir: dir,
      database: join(dir, 'cw.db'),
    });
    const run = await startRun(lab.context, lab.store, {
      kind: 'check',
      devices: [device],
      termList,
      repetition: ONE_ATTEMPT,
    });
    await waitForRun(lab.context, run.parentJobId, 5 * 60 * 1000);
    const results = (await lab.store.probesOfRun(run.runId)).filter((r) => r.role === 'term');
    const verdicts = Object.fromEntries(results.map((r) => [r.termId, r.verdict]));
    assert.deepEqual(verdicts, { 'voice-of-america-en': 'masked', 'free-tibet-en': 'intact' });
  });
});
