// Decides a probe's verdict from what each channel saw. Pure: no driver, no store.
import { classifyText } from './classify-text.ts';
import { normalise } from '../terms/normalise.ts';
import type { ChannelName, ChannelObservation, InconclusiveReason, Verdict } from './verdict.ts';

/** One read of the render channel. */
export interface RenderSnapshot {
  /** Text where the payload is shown back; null when that place is missing. */
  text: string | null;
  /** All visible text. */
  pageText: string;
  /** Ms since submit. */
  atMs: number;
}

/** Everything a probe observed, as plain data. */
export interface ProbeObservations {
  /** What was typed (outbound) or sent by the peer (inbound). */
  payload: string;
  /** Messenger probes the peer sent to the phone; absent for everything typed on the phone. */
  direction?: 'inbound';
  /** What the input held after typing. */
  echo: string | null;
  /** What the far end received; null when nothing arrived before the deadline. */
  egress: string | null;
  /** Whether the app moved on after submit. */
  movedOn: boolean;
  /** First read of the render channel after the app moved on; null when it did not. */
  renderFirst: RenderSnapshot | null;
  /** Read after the settle window (late filtering). */
  renderSettled: RenderSnapshot | null;
}

/** A fault that stopped the probe; becomes `inconclusive`, never a finding. */
export interface ProbeFaultRecord {
  reason: InconclusiveReason;
  message: string;
}

export interface ProbeDecision {
  verdict: Verdict;
  reason: InconclusiveReason | null;
  /** Where the first difference appeared. */
  channel: ChannelName | 'state' | null;
  channels: Record<ChannelName, ChannelObservation | null>;
  detail: string | null;
}

export interface DecideInput {
  observations: ProbeObservations | null;
  fault: ProbeFaultRecord | null;
  /** The matched control's verdict; omit when deciding the control itself. */
  controlVerdict?: Verdict;
}

const NO_CHANNELS: Record<ChannelName, ChannelObservation | null> = {
  echo: null,
  egress: null,
  render: null,
};

export function decideProbe(input: DecideInput): ProbeDecision {
  if (input.fault || !input.observations) {
    const fault = input.fault ?? { reason: 'session-error', message: 'no observations recorded' };
    return {
      verdict: 'inconclusive',
      reason: fault.reason,
      channel: null,
      channels: input.observations ? observeChannels(input.observations) : NO_CHANNELS,
      detail: fault.message,
    };
  }
  const observations = input.observations;
  const channels = observeChannels(observations);
  const filtered = firstDifference(observations, channels);
  if (input.controlVerdict !== undefined && input.controlVerdict !== 'intact') {
    return {
      verdict: 'inconclusive',
      reason: 'control-failed',
      channel: null,
      channels,
      detail: `control was ${input.controlVerdict}, so this term's ${filtered.verdict} is not a finding`,
    };
  }
  return { ...filtered, reason: null, channels };
}

function observeChannels(o: ProbeObservations): Record<ChannelName, ChannelObservation | null> {
  const text = (observed: string | null): ChannelObservation | null => {
    if (observed === null) return null;
    const { verdict, difference } = classifyText(o.payload, observed);
    return { observed, verdict, difference };
  };
  const render = o.renderSettled ?? o.renderFirst;
  return {
    echo: text(o.echo),
    egress:
      o.egress === null ? { observed: null, verdict: 'blocked', difference: null } : text(o.egress),
    render: render ? text(render.text ?? '') : null,
  };
}

function firstDifference(
  o: ProbeObservations,
  channels: Record<ChannelName, ChannelObservation | null>,
): Omit<ProbeDecision, 'reason' | 'channels'> {
  if (channels.echo && channels.echo.verdict !== 'intact') {
    return {
      verdict: channels.echo.verdict,
      channel: 'echo',
      detail: `the input held "${channels.echo.observed}" after typing`,
    };
  }
  if (o.egress === null) {
    return {
      verdict: 'blocked',
      channel: o.movedOn ? 'egress' : 'state',
      detail: o.movedOn
        ? 'the app moved on but nothing reached the far end'
        : 'the submission never left: the app stayed on the input and nothing reached the far end',
    };
  }
  if (channels.egress && channels.egress.verdict !== 'intact') {
    return {
      verdict: channels.egress.verdict,
      channel: 'egress',
      detail: `the far end received "${o.egress}"`,
    };
  }
  const settled = o.renderSettled ?? o.renderFirst;
  if (settled && normalise(settled.pageText) === '') {
    return {
      verdict: 'blank',
      channel: 'render',
      detail: `the page was empty ${settled.atMs} ms after submit`,
    };
  }
  if (o.direction === 'inbound' && (!settled || settled.text === null)) {
    return {
      verdict: 'blocked',
      channel: 'render',
      detail: 'the message the peer sent never appeared on the phone',
    };
  }
  if (channels.render && channels.render.verdict !== 'intact') {
    const firstIntact =
      o.renderFirst &&
      o.renderSettled &&
      classifyText(o.payload, o.renderFirst.text ?? '').verdict === 'intact';
    return {
      verdict: channels.render.verdict,
      channel: 'render',
      detail: firstIntact
        ? `late: shown intact ${o.renderFirst!.atMs} ms after submit, ${channels.render.verdict} by ${o.renderSettled!.atMs} ms`
        : `shown as "${channels.render.observed}"`,
    };
  }
  return { verdict: 'intact', channel: null, detail: null };
}
