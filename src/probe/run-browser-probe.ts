// Carries out one browser probe: open the canary, type, submit, observe every channel.
import { waitForCanaryRecord } from '../canary/canary-client.ts';
import type { ProbeObservations, RenderSnapshot } from '../oracle/decide-probe.ts';
import type { InputPath, RenderObservation, Target } from '../targets/target.ts';
import type { ProbeOutcome } from './probe-driver.ts';
import type { ProbeDeadlines } from './probe-deadlines.ts';

const RENDER_POLL_MS = 100;

export interface BrowserProbeInput {
  target: Target;
  canaryUrl: string;
  token: string;
  payload: string;
  inputPath: InputPath;
  deadlines: ProbeDeadlines;
}

/** Throws ProbeFault (or a driver error) when the probe cannot be carried out. */
export async function runBrowserProbe(input: BrowserProbeInput): Promise<ProbeOutcome> {
  const { target, canaryUrl, token, payload, inputPath, deadlines } = input;
  await target.open({ token, canaryUrl });
  await target.enterText(payload, inputPath);
  const echo = await target.readEcho();
  const submittedAt = Date.now();
  const submit = await target.submit(deadlines.submitMs);
  const remainingMs = Math.max(0, deadlines.egressMs - (Date.now() - submittedAt));
  const record = await waitForCanaryRecord(canaryUrl, token, remainingMs);
  const egressMs = record ? Math.max(0, record.receivedAt - submittedAt) : null;

  const { renderFirst, renderSettled } = submit.movedOn
    ? await observeRender(() => target.readRender(), submittedAt, deadlines.settleMs)
    : { renderFirst: null, renderSettled: null };
  return {
    observations: {
      payload,
      echo,
      egress: record ? record.q : null,
      movedOn: submit.movedOn,
      renderFirst,
      renderSettled,
    },
    timings: {
      submitMs: submit.elapsedMs,
      egressMs,
      settledMs: renderSettled ? renderSettled.atMs : null,
    },
  };
}

/**
 * Reads the render channel once, then again until it changes or the settle window closes
 * (late filtering). `textOf` maps the shown text (e.g. drops a messenger's token prefix).
 */
export async function observeRender(
  read: () => Promise<RenderObservation>,
  since: number,
  settleMs: number,
  textOf: (text: string) => string = (text) => text,
): Promise<{ renderFirst: RenderSnapshot; renderSettled: RenderSnapshot }> {
  const snapshot = async (): Promise<RenderSnapshot> => {
    const render = await read();
    return {
      text: render.text === null ? null : textOf(render.text),
      pageText: render.pageText,
      atMs: render.at - since,
    };
  };
  const renderFirst = await snapshot();
  return { renderFirst, renderSettled: await watchForLateChange(snapshot, renderFirst, settleMs) };
}

/** Re-reads the render channel until it changes or the settle window closes. */
async function watchForLateChange(
  read: () => Promise<RenderSnapshot>,
  first: RenderSnapshot,
  settleMs: number,
): Promise<RenderSnapshot> {
  const until = Date.now() + settleMs;
  let last = first;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, RENDER_POLL_MS));
    last = await read();
    if (last.text !== first.text || last.pageText !== first.pageText) return last;
  }
  return last;
}
