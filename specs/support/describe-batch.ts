// The mocha shell of one batch: verify the session, then hand the probe engine a driver; results go to the store only.
import { browser, multiremotebrowser } from '@wdio/globals';
import { settings } from '../../src/config/settings.ts';
import { firmwareKeyOf } from '../../src/devices/device-profile.ts';
import { keepEvidence } from '../../src/probe/keep-evidence.ts';
import type { ProbeOutcome, ProbeRequest } from '../../src/probe/probe-driver.ts';
import { ProbeEngine } from '../../src/probe/probe-engine.ts';
import { publishEstimates } from '../../src/progress/publish-estimates.ts';
import { readProbeBatch, type ProbeBatch } from '../../src/sessions/batch-file.ts';
import { PHONE_INSTANCE } from '../../src/sessions/phone-session-provider.ts';
import type { OpenSessions } from '../../src/sessions/session-provider.ts';
import { sessionProviderFor } from '../../src/sessions/session-providers.ts';
import { screeningOf } from '../../src/targets/target-table.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import type { Target } from '../../src/targets/target.ts';

/** How a kind of target carries out a probe; the engine, the store and evidence are the same for all. */
export interface SpecDriver {
  /** Opens the app and its far end; returns the target evidence is taken from. */
  setUp(): Promise<Target>;
  tearDown(): Promise<void>;
  run(probe: ProbeRequest): Promise<ProbeOutcome>;
}

/** The run's sessions by multiremote name; a single-session run has only the phone's. */
const SESSIONS: OpenSessions = {
  get phone() {
    return SESSIONS.instance(PHONE_INSTANCE);
  },
  instance(name) {
    if (!browser.isMultiremote) {
      if (name === PHONE_INSTANCE) return browser;
    } else {
      const found = multiremotebrowser.getInstance(name);
      if (found) return found;
    }
    throw new Error(`the session "${name}" was not started`);
  },
};

/** Declares the batch named by CENSORWATCH_BATCH as one mocha test that runs the probe engine. */
export function describeBatch(
  driverOf: (batch: ProbeBatch, sessions: OpenSessions) => SpecDriver,
): void {
  const batch = readProbeBatch(settings().batchFile!);
  const driver = driverOf(batch, SESSIONS);

  describe(firmwareKeyOf(batch.device), () => {
    it(`${batch.target.app} › ${batch.plan.length} probes`, async () => {
      const screening = screeningOf(batch.target);
      const store = await ResultStore.open(batch.database);
      let target: Target | undefined;
      let stopEstimates: (() => Promise<void>) | undefined;
      try {
        const engine = new ProbeEngine({
          batch: {
            plan: batch.plan,
            repetition: batch.repetition,
            inputPath: batch.target.inputPath,
            ...(screening ? { screening } : {}),
          },
          driver: {
            async setUp() {
              await sessionProviderFor(batch.session).verify(batch.session, SESSIONS.phone);
              target = await driver.setUp();
            },
            tearDown: () => driver.tearDown(),
            run: (probe) => driver.run(probe),
            keepEvidence: (probe) => keepEvidence(target!, batch, probe),
          },
          sink: { record: (result) => store.saveProbe(result) },
        });
        // the run's ETA is made of what each batch says it has left
        stopEstimates = publishEstimates(() => engine.estimate(), store, {
          runId: batch.runId,
          batchId: batch.batchId,
          deviceId: batch.device.id,
        });
        await engine.run();
      } finally {
        await stopEstimates?.();
        await store.close();
      }
    });
  });
}
