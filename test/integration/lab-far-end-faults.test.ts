// Integration (real Chromium + chromedriver, the canary on loopback): each fault of the far end becomes its own
// inconclusive reason in the browser adapter, never a verdict. That the engine records a fault as inconclusive for
// every probe it hits is proved by its unit tests; that a fault of a batch reaches the store, by lab-config-faults
// and lab-device-lost.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CanaryServer, type CanaryCondition } from '../../src/canary/canary-server.ts';
import { inconclusiveReasonOf } from '../../src/errors.ts';
import type { InconclusiveReason } from '../../src/oracle/verdict.ts';
import { newProbeToken } from '../../src/probe/plan-probes.ts';
import { CONTROL_DEADLINES } from '../../src/probe/probe-deadlines.ts';
import { runBrowserProbe } from '../../src/probe/run-browser-probe.ts';
import { LabBrowserTarget } from '../../src/targets/lab-browser.ts';
import { LAB_BROWSER_SELECTORS } from '../../src/targets/selectors/lab-browser.ts';
import { startLabChromium } from '../support/lab-chromium.ts';

/** A page that loads is given this long. */
const OPEN_TIMEOUT_MS = 4000;
/** A stalled page never loads, so any deadline ends it: the shortest a profile may set. */
const STALLED_OPEN_TIMEOUT_MS = 1000;
const canary = new CanaryServer();
let canaryUrl: string;
let browser: WebdriverIO.Browser;

/** One probe of a benign payload while the canary is in `condition`: its fault's reason and message. */
async function faultWhile(
  condition: CanaryCondition,
  openDeadlineMs = OPEN_TIMEOUT_MS,
): Promise<{ reason: InconclusiveReason; message: string } | 'no fault'> {
  canary.setCondition(condition);
  // a target per probe: each sets its own page-load deadline on the session
  const target = new LabBrowserTarget(browser, LAB_BROWSER_SELECTORS, { openDeadlineMs });
  try {
    await runBrowserProbe({
      target,
      canaryUrl,
      token: newProbeToken(),
      payload: 'weather forecast',
      inputPath: 'set-text',
      deadlines: CONTROL_DEADLINES,
    });
    return 'no fault';
  } catch (error) {
    return inconclusiveReasonOf(error);
  } finally {
    canary.setCondition('normal');
  }
}

describe('faults of the far end in the browser adapter', { timeout: 2 * 60 * 1000 }, () => {
  before(async () => {
    const started = [canary.start(), startLabChromium()] as const;
    await Promise.allSettled(started); // all ended, so after() stops whatever did start
    [canaryUrl, browser] = await Promise.all(started);
  });
  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
    await canary.stop();
  });

  test('a canary the phone cannot reach is canary-unreachable', async () => {
    const fault = await faultWhile('unreachable');
    assert.ok(fault !== 'no fault', 'a fault');
    assert.equal(fault.reason, 'canary-unreachable', fault.message);
    assert.match(fault.message, /could not load the canary page/);
  });

  test('a search page whose markup changed is selector-missing', async () => {
    const fault = await faultWhile('redesigned');
    assert.ok(fault !== 'no fault', 'a fault');
    assert.equal(fault.reason, 'selector-missing', fault.message);
    assert.match(fault.message, /loaded but has no #cw-q/);
  });

  test('a page that never loads is a timeout at the profile’s deadline', async () => {
    const fault = await faultWhile('stalled', STALLED_OPEN_TIMEOUT_MS);
    assert.ok(fault !== 'no fault', 'a fault');
    assert.equal(fault.reason, 'timeout', fault.message);
    assert.match(fault.message, new RegExp(`did not load within ${STALLED_OPEN_TIMEOUT_MS} ms`));
  });

  test('with the far end back to normal the same session probes without a fault', async () => {
    assert.equal(await faultWhile('normal'), 'no fault');
  });
});
