// Messenger probes, data-driven from the job: each term sent by the phone to its peer and by the peer to the phone.
import { browser } from '@wdio/globals';
import { settings } from '../src/config/settings.ts';
import { ProbeFault } from '../src/errors.ts';
import { PeerBot } from '../src/messenger/peer-bot.ts';
import { readProbeBatch } from '../src/probe/probe-batch.ts';
import { runMessengerProbe } from '../src/probe/run-messenger-probe.ts';
import { LabMessengerTarget } from '../src/targets/lab-messenger.ts';
import { describeProbeBatch } from './support/probe-spec.ts';

const batch = readProbeBatch(settings().batchFile!);
let target: LabMessengerTarget;
let peer: PeerBot | undefined;
let peerError = '';

describeProbeBatch(batch, {
  async setUp() {
    const lab = batch.messenger;
    if (!lab) {
      throw new Error(
        `${batch.device.id}: messenger target ${batch.target.app} has no lab messenger settings; phone messengers are not wired to the queue yet`,
      );
    }
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
