// Messenger probes, data-driven from the job: each term sent by the phone to its peer and by the peer to the phone.
import { browser, multiremotebrowser } from '@wdio/globals';
import { settings } from '../src/config/settings.ts';
import type { DeviceTarget } from '../src/devices/device-profile.ts';
import { ProbeFault } from '../src/errors.ts';
import { DevicePeer } from '../src/messenger/device-peer.ts';
import type { MessengerPeer } from '../src/messenger/peer.ts';
import { PeerBot } from '../src/messenger/peer-bot.ts';
import { readProbeBatch, type ProbeBatch } from '../src/probe/probe-batch.ts';
import { runMessengerProbe } from '../src/probe/run-messenger-probe.ts';
import { PEER_INSTANCE, PHONE_INSTANCE } from '../src/probe/wdio-sessions.ts';
import { AndroidMessengerTarget } from '../src/targets/android-messenger.ts';
import { LabMessengerTarget, type MessengerTarget } from '../src/targets/lab-messenger.ts';
import { describeProbeBatch } from './support/probe-spec.ts';

const batch = readProbeBatch(settings().batchFile!);
let target: MessengerTarget;
let peer: MessengerPeer | undefined;
let peerError = '';

/** A lab phone: the lab messenger app, and the peer account played by a bot. */
async function labSetUp(lab: NonNullable<ProbeBatch['messenger']>): Promise<void> {
  target = new LabMessengerTarget(browser, {
    appUrl: lab.appUrl,
    websocketUrl: lab.websocketUrl,
    jid: lab.phone.jid,
    password: lab.phone.password,
    peer: lab.peer.jid,
  });
  // a peer that cannot log in leaves every probe inconclusive(canary-unreachable), not blocked
  peer = await PeerBot.connect({
    service: lab.xmppUrl,
    domain: lab.domain,
    username: lab.peer.username,
    password: lab.peer.password,
  }).catch((error: unknown) => {
    peerError = error instanceof Error ? error.message : String(error);
    return undefined;
  });
}

/** A real phone: its messenger app, and a second phone (the multiremote `peer` session) chatting with it. */
function phoneSetUp(phoneTarget: DeviceTarget): void {
  const { account, peer: peerPhone } = phoneTarget;
  if (!account || !peerPhone || !batch.peer) {
    throw new Error(
      `${batch.device.file}: the ${phoneTarget.app} target needs account and peer (a peer phone)`,
    );
  }
  const appVersion = {
    ...(phoneTarget.appVersion ? { appVersion: phoneTarget.appVersion } : {}),
    ...(phoneTarget.openTimeoutMs ? { openDeadlineMs: phoneTarget.openTimeoutMs } : {}),
  };
  target = new AndroidMessengerTarget(session(PHONE_INSTANCE), {
    app: phoneTarget.app,
    ...appVersion,
    account,
    peer: peerPhone.account,
  });
  peer = new DevicePeer(
    new AndroidMessengerTarget(session(PEER_INSTANCE), {
      app: phoneTarget.app,
      ...appVersion,
      account: peerPhone.account,
      peer: account,
    }),
  );
}

function session(name: string): WebdriverIO.Browser {
  const instance = multiremotebrowser.getInstance(name);
  if (!instance) throw new Error(`the multiremote session "${name}" was not started`);
  return instance;
}

describeProbeBatch(batch, {
  async setUp() {
    if (batch.messenger) await labSetUp(batch.messenger);
    else phoneSetUp(batch.target);
    return target;
  },
  async tearDown() {
    await peer?.close();
  },
  async run({ payload, token, deadlines, direction }) {
    if (!peer) throw new ProbeFault('E_CANARY_UNREACHABLE', `the peer is offline: ${peerError}`);
    return runMessengerProbe({
      target,
      peer,
      direction: direction ?? 'outbound',
      token,
      payload,
      inputPath: batch.target.inputPath,
      deadlines,
    });
  },
});
