// A probe as planned: what it types and the fields of its result known before it runs; stored with its run.
import type { MessageDirection } from '../targets/target.ts';
import type { Term } from '../terms/term.ts';
import type { ProbeResult, ProbeRole } from './probe-result.ts';

/** The fields of a probe's result that are known before it runs. */
export type ProbeIdentity = Pick<
  ProbeResult,
  | 'runId'
  | 'probeId'
  | 'deviceId'
  | 'firmwareKey'
  | 'target'
  | 'targetKind'
  | 'inputPath'
  | 'termId'
  | 'term'
  | 'language'
  | 'category'
  | 'source'
  | 'licence'
  | 'role'
  | 'controlOf'
  | 'direction'
  | 'members'
>;

export interface PlannedProbe {
  /** Stable across retries of the same batch: (run, device, app, term, role). */
  probeId: string;
  /** Test name in the report; stable across runs so history builds up. */
  title: string;
  term: Term;
  role: ProbeRole;
  /** The text shown as the probe's term: the control's text for a control. */
  text: string;
  /** What is typed. */
  payload: string;
  /** Term id this probe is the control of; null for a sensitive term. */
  controlOf: string | null;
  /** Messenger probes: which way the message goes; null for browsers. */
  direction: MessageDirection | null;
  /** The fields of the probe's result known before it runs. */
  identity: ProbeIdentity;
}
