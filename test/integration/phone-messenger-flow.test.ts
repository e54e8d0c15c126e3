// Integration (real Redis, Appium, two Chromium sessions in one multiremote batch): a phone messenger whose phones have no app to drive gives inconclusive, never a finding.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import type { DeviceProfile } from '../../src/devices/device-profile.ts';
import { labCapabilities } from '../../src/sessions/lab-capabilities.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import { LabStack } from '../../src/lab/lab-stack.ts';
import { freePort } from '../../src/services/free-port.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { Farm } from '../../queue/farm.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import type { QueueContext } from '../../queue/queue-context.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const RUN_TIMEOUT_MS = 4 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cw-phone-messenger-'));
const all = loadTermList('terms/xiaomi-2021.yaml');
const termList = { ...all, terms: all.terms.filter((t) => t.id === 'free-tibet-en') };
const lab = new LabStack({ privateRedis: false });
let context: QueueContext | undefined;
let farm: Farm | undefined;
const store = await ResultStore.open(join(dir, 'cw.db'));

/**
 * A "phone" with WhatsApp and a peer phone, both sessions being plain Chromium behind the lab's
 * Appium: the sessions start (multiremote), but there is no WhatsApp to open a chat in.
 */
async function phoneWithoutApp(appiumUrl: string): Promise<DeviceProfile> {
  const pixel = loadDeviceProfiles('devices').find((d) => d.id === 'lab-pixel5')!;
  const session = async (marker: string) =>
    labCapabilities(pixel, {
      extensionDir: null,
      chromedriverPort: await freePort(),
      sessionMarker: marker,
    });
  const { lab: _lab, reference: _reference, ...rest } = pixel;
  return {
    ...rest,
    id: 'phone-whatsapp',
    appium: { url: appiumUrl, capabilities: await session('phone-whatsapp') },
    targets: [
      {
        app: 'whatsapp',
        kind: 'messenger',
        inputPath: 'set-text',
        truism: 'weather forecast',
        account: '+37060000001',
        peer: {
          account: '+37060000002',
          appium: { url: appiumUrl, capabilities: await session('peer-whatsapp') },
        },
      },
    ],
    extensionDir: null,
  };
}

describe('a phone messenger with its peer phone', { timeout: RUN_TIMEOUT_MS + 60 * 1000 }, () => {
  after(async () => {
    await farm?.close();
    if (context) await purgePrefix(context).catch(() => 0);
    await store.close();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('runs both sessions and, with no app to drive, ends every probe inconclusive', async () => {
    const urls = await lab.start();
    context = { redisUrl: urls.redisUrl, prefix: `cw-test-${randomBytes(4).toString('hex')}` };
    const device = await phoneWithoutApp(urls.appiumUrl);
    farm = await Farm.start({
      context,
      devices: [device],
      labAppiumUrl: urls.appiumUrl,
      canaryUrl: urls.canaryUrl,
      vendorUrl: undefined,
      reportsDir: dir,
      database: join(dir, 'cw.db'),
      batchSize: 50,
      store,
    });
    const run = await startRun(context, store, { kind: 'check', devices: [device], termList });
    const compiled = await waitForRun(context, run.parentJobId, RUN_TIMEOUT_MS);
    assert.equal(compiled.reports.length, 1, 'the report was compiled');
    const results = await store.probesOfRun(run.runId);
    assert.equal(results.length, run.plannedProbes, 'every planned probe has a verdict');
    assert.deepEqual(
      results.filter(isFinding).map((r) => r.probeId),
      [],
    );
    const byDirection = (direction: string) => results.filter((r) => r.direction === direction);
    // outbound asks the peer phone first: its session ran the spec and could not open a chat
    for (const result of byDirection('outbound')) {
      assert.equal(result.verdict, 'inconclusive');
      assert.equal(result.reason, 'canary-unreachable', result.detail ?? '');
      assert.match(result.detail ?? '', /peer phone \(\+37060000002\) could not open the chat/);
    }
    // inbound opens the phone's own chat first: the phone's session, not the peer's, failed
    for (const result of byDirection('inbound')) {
      assert.equal(result.verdict, 'inconclusive');
      assert.notEqual(result.reason, 'canary-unreachable', result.detail ?? '');
    }
    assert.ok(byDirection('outbound').length > 0 && byDirection('inbound').length > 0);
    assert.equal((await store.run(run.runId))?.status, 'finished');
  });
});
