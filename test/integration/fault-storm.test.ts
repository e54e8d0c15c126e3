// Integration (real Redis with AOF, PostgreSQL, Appium, Chromium, three device worker processes): a short fault
// storm — the same one `npm run bench:faults` runs at full size. Nothing recorded is lost or doubled, no fault
// becomes a finding, and the run ends with its report.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runFaultStorm } from '../../bench/fault-storm.ts';
import { createTestDatabase } from '../support/postgres.ts';

describe('a short fault storm', { timeout: 5 * 60 * 1000 }, () => {
  test('loses nothing, doubles nothing, finds nothing, and the run ends', async (t) => {
    // the storm cuts PostgreSQL's connections: where none answers it is skipped, loudly, as the store's tests are
    const probe = await createTestDatabase();
    if ('skip' in probe) return t.skip(probe.skip);
    await probe.drop();
    const lines: string[] = [];
    const report = await runFaultStorm({
      termsPerPhone: 5,
      faults: 7, // one of each kind, when the run lasts long enough
      seed: 7,
      gapMs: [800, 2000],
      // the next fault strikes while the slow recoveries (Appium, a worker, Prosody: 20-27 s) go
      // on: the storm takes a third less time, and faults overlap as they do on a bad night
      recoveryWaitMs: 5000,
      log: (line) => lines.push(line),
    });
    process.stdout.write(`# fault storm: ${JSON.stringify(report)}\n`);
    assert.ok(report.faults.injected >= 3, lines.join('\n'));
    assert.equal(report.probes.lost, 0, 'nothing lost');
    assert.equal(report.probes.duplicated, 0, 'nothing doubled');
    assert.equal(report.falseFindings, 0, 'no fault became a finding');
    assert.deepEqual(report.runs, { started: 1, ended: 1 });
    assert.equal(report.reportTests, report.probes.planned, 'one report test per planned probe');
  });
});
