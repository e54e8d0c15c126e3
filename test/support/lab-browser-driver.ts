// Test and bench helper: the probe engine's driver over one lab browser session that is already open (no evidence kept).
import type { ProbeDriver } from '../../src/probe/probe-driver.ts';
import { runBrowserProbe } from '../../src/probe/run-browser-probe.ts';
import type { LabBrowserTarget } from '../../src/targets/lab-browser.ts';
import type { InputPath } from '../../src/targets/target.ts';

export function labBrowserDriver(
  phone: LabBrowserTarget,
  canaryUrl: string,
  inputPath: InputPath,
): ProbeDriver {
  return {
    setUp: async () => undefined,
    tearDown: async () => undefined,
    run: (probe) =>
      runBrowserProbe({
        target: phone,
        canaryUrl,
        token: probe.token,
        payload: probe.payload,
        inputPath,
        deadlines: probe.deadlines,
      }),
    keepEvidence: async () => ({ paths: [], error: null }),
  };
}
