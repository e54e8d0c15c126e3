// Integration (real Prosody, Converse.js in Chromium with the lab firmware, the peer bot): messenger probes find each planted message behaviour in the right direction.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { prepareFirmwareExtension } from '../../src/lab/firmware-extension.ts';
import { MessengerAppServer } from '../../src/lab/messenger-app-server.ts';
import { VendorConfigServer } from '../../src/lab/vendor-server.ts';
import { PeerBot } from '../../src/messenger/peer-bot.ts';
import { decideProbe, type ProbeDecision } from '../../src/oracle/decide-probe.ts';
import { newProbeToken } from '../../src/probe/plan-probes.ts';
import { runMessengerProbe, type MessageDirection } from '../../src/probe/run-messenger-probe.ts';
import { ProsodyService } from '../../src/services/prosody-service.ts';
import { LabMessengerTarget } from '../../src/targets/lab-messenger.ts';
import { inconclusiveReasonOf } from '../../src/errors.ts';

import { startLabChromium } from '../support/lab-chromium.ts';

const FIRMWARE = 'V-MESSENGER-ON';
const LIST = 'MessengerList';
const DEADLINES = { submitMs: 3000, egressMs: 3000, settleMs: 1000 };
const dir = mkdtempSync(join(tmpdir(), 'cw-messenger-probe-'));
const vendorDir = join(dir, 'vendor');
const prosody = new ProsodyService({ accounts: ['phone', 'peer'] });
const app = new MessengerAppServer();
let vendor: VendorConfigServer;
let peer: PeerBot;
let browser: WebdriverIO.Browser;
let target: LabMessengerTarget;

/** One probe in one direction, decided as the spec decides it (control intact). */
async function probe(direction: MessageDirection, payload: string): Promise<ProbeDecision> {
  try {
    const outcome = await runMessengerProbe({
      target,
      peer,
      direction,
      token: newProbeToken(),
      payload,
      inputPath: 'key-events',
      deadlines: DEADLINES,
    });
    return decideProbe({
      observations: outcome.observations,
      fault: null,
      controlVerdict: 'intact',
    });
  } catch (error) {
    return decideProbe({ observations: null, fault: inconclusiveReasonOf(error) });
  }
}

function assertDecision(
  decision: ProbeDecision,
  verdict: string,
  channel: string | null,
  what: string,
) {
  const seen = `${what}: ${decision.verdict} on ${decision.channel} (${decision.detail})`;
  assert.equal(decision.verdict, verdict, seen);
  assert.equal(decision.channel, channel, seen);
}

describe('messenger probes on the lab firmware', { timeout: 3 * 60 * 1000 }, () => {
  before(async () => {
    mkdirSync(vendorDir);
    writeFileSync(
      join(vendorDir, 'messenger.yaml'),
      stringify({
        name: LIST,
        switch: { [FIRMWARE]: 'on' },
        rules: [
          { action: 'drop', terms: ['台湾独立万岁'] },
          { action: 'block', terms: ['Free Tibet'] },
          { action: 'mask-input', terms: ['Long live Taiwan independence'] },
          { action: 'mask', scope: 'received', terms: ['民主运动'] },
          { action: 'alter', terms: ['Laisvę Tibetui'], replacement: 'Laisve Tibetui' },
        ],
      }),
    );
    // the lab phone (vendor server, firmware, Chromium) starts while Prosody does
    const phoneStarted = (async () => {
      vendor = new VendorConfigServer(vendorDir);
      const vendorUrl = await vendor.start();
      const firmwareDir = join(dir, 'firmware');
      await prepareFirmwareExtension({
        extensionDir: resolve('src/lab/firmware/extension'),
        outDir: firmwareDir,
        settings: { vendorUrl, list: LIST, firmware: FIRMWARE, region: 'EU' },
      });
      browser = await startLabChromium({
        extensionDir: firmwareDir,
        profileDir: join(dir, 'profile'),
      });
    })();
    const starts = [prosody.start(), app.start(), phoneStarted] as const;
    await Promise.allSettled(starts); // all ended, so after() stops whatever did start
    const [endpoints, appUrl] = await Promise.all(starts);
    const peerAccount = prosody.account('peer');
    const phone = prosody.account('phone');
    peer = await PeerBot.connect({
      service: endpoints.xmppUrl,
      domain: endpoints.domain,
      username: peerAccount.username,
      password: peerAccount.password,
    });
    target = new LabMessengerTarget(browser, {
      appUrl,
      websocketUrl: endpoints.websocketUrl,
      jid: phone.jid,
      password: phone.password,
      peer: peerAccount.jid,
    });
  });
  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
    await peer?.close();
    await Promise.allSettled([app.stop(), prosody.stop(), vendor?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a benign message is intact in both directions', async () => {
    assertDecision(await probe('outbound', 'Warm bread'), 'intact', null, 'outbound');
    assertDecision(await probe('inbound', 'Warm bread'), 'intact', null, 'inbound');
  });

  test('a message dropped silently on send is blocked on egress; the phone shows it as sent', async () => {
    const decision = await probe('outbound', '台湾独立万岁');
    assertDecision(decision, 'blocked', 'egress', 'outbound');
    assert.equal(decision.channels.render?.verdict, 'intact', 'the own chat view shows it');
    assertDecision(
      await probe('inbound', '台湾独立万岁'),
      'intact',
      null,
      'inbound is not dropped',
    );
  });

  test('a message the firmware refuses to send is blocked: it stays in the compose box', async () => {
    assertDecision(await probe('outbound', 'Free Tibet'), 'blocked', 'state', 'outbound');
  });

  test('the compose box filtered as typed is masked on echo, and the peer gets the masked text', async () => {
    const decision = await probe('outbound', 'Long live Taiwan independence');
    assertDecision(decision, 'masked', 'echo', 'outbound');
    assert.equal(decision.channels.egress?.verdict, 'masked');
  });

  test('received messages masked on display are found inbound only', async () => {
    assertDecision(await probe('outbound', '民主运动'), 'intact', null, 'outbound');
    assertDecision(await probe('inbound', '民主运动'), 'masked', 'render', 'inbound');
  });

  test('an altered word is found in both directions, while the peer got the original', async () => {
    const out = await probe('outbound', 'Laisvę Tibetui');
    assertDecision(out, 'altered', 'render', 'outbound');
    assert.equal(out.channels.egress?.verdict, 'intact');
    assertDecision(await probe('inbound', 'Laisvę Tibetui'), 'altered', 'render', 'inbound');
  });

  test('a server restart under a probe leaves it inconclusive; the next ones log in again and come back intact', async () => {
    // dropped on send: the peer waits the whole egress deadline, and the server restarts within it
    const struck = probe('outbound', '台湾独立万岁');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await prosody.restart();
    const decision = await struck;
    assert.equal(decision.verdict, 'inconclusive', decision.detail ?? undefined);
    assert.equal(decision.reason, 'canary-unreachable', decision.detail ?? undefined);
    for (const direction of ['outbound', 'inbound'] as const) {
      assertDecision(await probe(direction, 'Warm bread'), 'intact', null, direction);
    }
  });

  test('with the peer offline a probe is inconclusive(canary-unreachable), never blocked', async () => {
    await peer.close();
    for (const direction of ['outbound', 'inbound'] as const) {
      const decision = await probe(direction, 'Warm bread');
      assert.equal(decision.verdict, 'inconclusive', direction);
      assert.equal(decision.reason, 'canary-unreachable', direction);
    }
  });
});
