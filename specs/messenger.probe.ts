// Messenger probes, data-driven from the batch file: each term sent by the phone to its peer and by the peer to the phone.
import type { MessengerPeer } from '../src/messenger/peer.ts';
import { runMessengerProbe } from '../src/probe/run-messenger-probe.ts';
import { sessionProviderFor } from '../src/sessions/session-providers.ts';
import type { MessengerTarget } from '../src/targets/lab-messenger.ts';
import { createMessengerTarget } from '../src/targets/target-table.ts';
import { describeBatch } from './support/describe-batch.ts';

let target: MessengerTarget;
let peer: MessengerPeer | undefined;

describeBatch((batch, sessions) => ({
  async setUp() {
    const farEnd = await sessionProviderFor(batch.session).openFarEnd(
      batch.session,
      batch,
      sessions,
    );
    peer = farEnd.peer;
    target = createMessengerTarget(sessions.phone, batch.target, farEnd.context);
    return target;
  },
  async tearDown() {
    await peer?.close();
  },
  run: ({ payload, token, deadlines, direction }) =>
    runMessengerProbe({
      target,
      peer: peer!,
      direction: direction ?? 'outbound',
      token,
      payload,
      inputPath: batch.target.inputPath,
      deadlines,
    }),
}));
