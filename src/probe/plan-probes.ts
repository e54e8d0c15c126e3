// Plans the probes of a batch: every term preceded by its matched control, with stable probe ids.
import { createHash } from 'node:crypto';
import { firmwareKeyOf, type DeviceTarget } from '../devices/device-profile.ts';
import type { PlannedProbe, ProbeIdentity } from '../store/planned-probe.ts';
import type { ProbeRole } from '../store/probe-result.ts';
import { MESSAGE_DIRECTIONS, type MessageDirection } from '../targets/target.ts';
import { payloadOf, type Term } from '../terms/term.ts';
import type { ProbeBatchRequest } from './probe-batch.ts';

export type { PlannedProbe, ProbeIdentity };

/** A probe of the plan before it is tied to its batch's device and firmware. */
export type ProbeStep = Omit<PlannedProbe, 'identity'>;

export function probeIdOf(
  runId: string,
  deviceId: string,
  app: string,
  termId: string,
  role: string,
): string {
  return createHash('sha256')
    .update([runId, deviceId, app, termId, role].join('\u0000'))
    .digest('hex')
    .slice(0, 24);
}

/** A probe id's term part: the term, and for a messenger the way it goes (`free-tibet-en>inbound`). */
export function wayId(termId: string, direction: MessageDirection | null): string {
  return direction ? `${termId}>${direction}` : termId;
}

/** A batch's id: its device, its target app and its number in the run (`lab-pixel5.lab-browser.0`). */
export function batchIdOf(deviceId: string, app: string, index: number): string {
  return `${deviceId}.${app}.${index}`;
}

/** The device a batch id names: what comes before its first dot (a device id holds none). */
export function deviceOfBatch(batchId: string): string {
  const dot = batchId.indexOf('.');
  return dot < 0 ? batchId : batchId.slice(0, dot);
}

/**
 * The probes of a batch in the order they run: the truism (browser targets), the positive
 * control (when the target names one), then every term preceded by its control.
 */
export function planProbes(batch: {
  runId: string;
  /** Run checks (truism, positive control) run once per batch: their ids carry the batch. */
  batchId?: string;
  device: { id: string };
  target: Pick<
    DeviceTarget,
    'app' | 'kind' | 'inputPath' | 'truism' | 'positiveControl' | 'directions'
  >;
  terms: Term[];
}): ProbeStep[] {
  const { runId, device, target } = batch;
  const id = (termId: string, role: ProbeRole): string =>
    probeIdOf(runId, device.id, target.app, termId, role);
  // a messenger probes each term in each direction; a browser has one way
  const ways: (MessageDirection | null)[] =
    target.kind === 'messenger' ? [...(target.directions ?? MESSAGE_DIRECTIONS)] : [null];
  const way = (direction: MessageDirection | null) => (direction ? ` › ${direction}` : '');
  const checks: ProbeStep[] = [];
  if (target.kind === 'browser') {
    const term = runCheckTerm('truism', target.truism, 'en');
    checks.push({
      probeId: id(`${term.id}@${batch.batchId ?? ''}`, 'truism'),
      title: `${target.app} › truism [${target.inputPath}]`,
      term,
      role: 'truism',
      text: term.text,
      payload: payloadOf(term.text),
      controlOf: null,
      direction: null,
    });
  }
  if (target.positiveControl) {
    const term = runCheckTerm(
      'positive-control',
      target.positiveControl.text,
      target.positiveControl.language,
    );
    // a messenger's positive control goes the first way the target probes
    const direction = ways[0]!;
    checks.push({
      probeId: id(wayId(`${term.id}@${batch.batchId ?? ''}`, direction), 'positive-control'),
      title: `${target.app} › positive control${way(direction)} [${target.inputPath}]`,
      term,
      role: 'positive-control',
      text: term.text,
      payload: payloadOf(term.text),
      controlOf: null,
      direction,
    });
  }
  return [
    ...checks,
    ...batch.terms.flatMap((term) =>
      ways.flatMap((direction): ProbeStep[] => [
        {
          probeId: id(wayId(term.id, direction), 'control'),
          title: `${target.app} › ${term.id}${way(direction)} › control [${target.inputPath}]`,
          term,
          role: 'control',
          text: term.control,
          payload: payloadOf(term.control),
          controlOf: term.id,
          direction,
        },
        {
          probeId: id(wayId(term.id, direction), 'term'),
          title: `${target.app} › ${term.id}${way(direction)} [${target.inputPath}]`,
          term,
          role: 'term',
          text: term.text,
          payload: payloadOf(term.text),
          controlOf: null,
          direction,
        },
      ]),
    ),
  ];
}

function runCheckTerm(id: 'truism' | 'positive-control', text: string, language: string): Term {
  return {
    id,
    text,
    language,
    category: id,
    source: 'device profile',
    licence: 'unspecified',
    control: '',
  };
}

/** A random, neutral probe token: 12 digits. */
export function newProbeToken(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => String(b % 10)).join('');
}

/**
 * The plan of a batch: every probe it will run, in order, each with the fields of its result
 * that are known before it runs. Made once, by the run's producer, and stored with the run.
 */
export function planBatch(batch: ProbeBatchRequest): PlannedProbe[] {
  return planProbes(batch).map((step) => ({ ...step, identity: identityOf(batch, step) }));
}

function identityOf(batch: ProbeBatchRequest, probe: ProbeStep): ProbeIdentity {
  return {
    runId: batch.runId,
    probeId: probe.probeId,
    deviceId: batch.device.id,
    firmwareKey: firmwareKeyOf(batch.device),
    target: batch.target.app,
    targetKind: batch.target.kind,
    inputPath: batch.target.inputPath,
    termId: probe.term.id,
    term: probe.text,
    language: probe.term.language,
    category: probe.term.category,
    source: probe.term.source,
    licence: probe.term.licence,
    role: probe.role,
    controlOf: probe.controlOf,
    ...(probe.direction ? { direction: probe.direction } : {}),
  };
}
