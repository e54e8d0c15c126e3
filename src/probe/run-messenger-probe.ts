// Carries out one messenger probe, outbound (the phone sends to the peer) or inbound (the peer sends to the phone).
import type { MessengerPeer } from '../messenger/peer.ts';
import { textAfterToken } from '../messenger/peer-bot.ts';
import type { MessengerTarget } from '../targets/lab-messenger.ts';
import type { InputPath, MessageDirection } from '../targets/target.ts';
import type { ProbeOutcome } from './probe-driver.ts';
import { observeRender } from './run-browser-probe.ts';
import type { ProbeDeadlines } from './probe-deadlines.ts';

const POLL_MS = 50;

export type { MessageDirection };

export interface MessengerProbeInput {
  target: MessengerTarget;
  peer: MessengerPeer;
  direction: MessageDirection;
  token: string;
  payload: string;
  inputPath: InputPath;
  deadlines: ProbeDeadlines;
}

/** The message as it travels: the token, a space, the payload (the token finds it at the far end). */
export function messageOf(token: string, payload: string): string {
  return `${token} ${payload}`;
}

/** Throws ProbeFault (the peer offline, a driver error) when the probe cannot be carried out. */
export async function runMessengerProbe(input: MessengerProbeInput): Promise<ProbeOutcome> {
  return input.direction === 'outbound' ? outbound(input) : inbound(input);
}

/** Echo = the compose box; egress = what the peer received; render = the phone's own bubble. */
async function outbound(input: MessengerProbeInput): Promise<ProbeOutcome> {
  const { target, peer, token, payload, inputPath, deadlines } = input;
  await peer.ready(token); // silence from an offline peer would prove nothing
  await target.open({ token, canaryUrl: '' });
  await target.enterText(messageOf(token, payload), inputPath);
  const echo = textAfterToken(await target.readEcho());
  const submittedAt = Date.now();
  const submit = await target.submit(deadlines.submitMs);
  const remainingMs = Math.max(0, deadlines.egressMs - (Date.now() - submittedAt));
  const received = await peer.waitForMessage(token, remainingMs);
  const egressMs = received ? Math.max(0, received.receivedAt - submittedAt) : null;
  const { renderFirst, renderSettled } = submit.movedOn
    ? await observeRender(
        () => target.readRender(),
        submittedAt,
        deadlines.settleMs,
        textAfterToken,
      )
    : { renderFirst: null, renderSettled: null };
  return {
    observations: {
      payload,
      echo,
      egress: received ? textAfterToken(received.body) : null,
      movedOn: submit.movedOn,
      renderFirst,
      renderSettled,
    },
    timings: { submitMs: submit.elapsedMs, egressMs, settledMs: renderSettled?.atMs ?? null },
    farEnd: received
      ? (received.stanza ?? received.body)
      : `the peer ${peer.address} received nothing with token ${token} within ${remainingMs} ms of the send`,
  };
}

/** The peer sends; render = what the phone shows of it. Nothing shown in time = never arrived. */
async function inbound(input: MessengerProbeInput): Promise<ProbeOutcome> {
  const { target, peer, token, payload, deadlines } = input;
  // the phone's own chat first: a phone that cannot open it is the phone's fault, not the peer's
  await target.open({ token, canaryUrl: '' });
  await peer.ready(token);
  const sentAt = Date.now();
  await peer.send(target.address, messageOf(token, payload));
  // wait for the message to show, then watch it for late filtering like any render
  let shown = (await target.readReceived()).text !== null;
  while (!shown && Date.now() - sentAt < deadlines.egressMs) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    shown = (await target.readReceived()).text !== null;
  }
  // a message the server lost with the peer's session never arrived because of the phone
  if (!shown) peer.confirmOnline();
  const { renderFirst, renderSettled } = await observeRender(
    () => target.readReceived(),
    sentAt,
    shown ? deadlines.settleMs : 0,
    textAfterToken,
  );
  return {
    observations: {
      payload,
      direction: 'inbound',
      echo: null,
      // what the far end (the peer) put on the wire is the payload itself
      egress: payload,
      movedOn: true,
      renderFirst,
      renderSettled,
    },
    timings: {
      submitMs: 0,
      egressMs: shown ? renderFirst.atMs : null,
      settledMs: renderSettled.atMs,
    },
  };
}
