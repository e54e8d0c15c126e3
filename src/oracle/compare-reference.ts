// Reference-device rule: a finding stands only if the same term came through intact on the reference device.
import type { MessageDirection } from '../devices/message-direction.ts';
import { isFinding } from './finding.ts';
import type { ChannelName, InconclusiveReason, Verdict } from './verdict.ts';

/** The same term on the reference device, as a compared result records it. */
export interface ReferenceOutcome {
  deviceId: string;
  verdict: Verdict;
  probeId: string;
}

/**
 * The fields of a probe result the comparison reads and rewrites. Declared here so the oracle
 * imports no store: a stored probe result has them all and is passed as it is.
 */
export interface ReferenceComparable {
  probeId: string;
  deviceId: string;
  /** Only `term` results can be findings (see {@link isFinding}). */
  role: string;
  termId: string;
  target: string;
  /** Messenger probes: outbound or inbound; absent for browsers. */
  direction?: MessageDirection;
  verdict: Verdict;
  reason: InconclusiveReason | null;
  detail: string | null;
  channel: ChannelName | 'state' | null;
  reference: ReferenceOutcome | null;
  /** Group screening: a group probe's terms, a combination's components. */
  members?: string[];
}

export interface ReferenceComparison<R extends ReferenceComparable = ReferenceComparable> {
  probeId: string;
  /** The result as it stands after the comparison (every other field as it came in). */
  result: R;
  /** Whether the finding became inconclusive. */
  downgraded: boolean;
}

/**
 * Compares every finding of a run on a device that names a reference device with the same
 * term and app on that reference in the same run. Pure: returns the changed results.
 */
export function compareWithReferences<R extends ReferenceComparable>(
  results: readonly R[],
  referenceOf: (deviceId: string) => string | undefined,
): ReferenceComparison<R>[] {
  const changes: ReferenceComparison<R>[] = [];
  for (const result of results) {
    if (!isFinding(result)) continue;
    const referenceId = referenceOf(result.deviceId);
    if (!referenceId) continue;
    const sameWay = (r: R) =>
      r.deviceId === referenceId && r.target === result.target && r.direction === result.direction;
    const onReference =
      results.find((r) => sameWay(r) && r.role === 'term' && r.termId === result.termId) ??
      // a combination the reference did not find was never probed there alone; an intact group
      // probe of the reference that held every component typed them together all the same
      (result.members
        ? results.find(
            (r) =>
              sameWay(r) &&
              r.role === 'group' &&
              r.verdict === 'intact' &&
              result.members!.every((id) => r.members?.includes(id)),
          )
        : undefined);
    if (onReference?.verdict === 'intact') {
      changes.push({
        probeId: result.probeId,
        downgraded: false,
        result: {
          ...result,
          reference: { deviceId: referenceId, verdict: 'intact', probeId: onReference.probeId },
        },
      });
      continue;
    }
    const seen = onReference ? `came back ${onReference.verdict}` : 'was not probed in this run';
    changes.push({
      probeId: result.probeId,
      downgraded: true,
      result: {
        ...result,
        verdict: 'inconclusive',
        reason: 'reference-not-intact',
        detail: `${result.verdict} on ${result.channel} here, but on reference device ${referenceId} the term ${seen}; ${result.detail ?? ''}`,
        reference: onReference
          ? { deviceId: referenceId, verdict: onReference.verdict, probeId: onReference.probeId }
          : null,
      },
    });
  }
  return changes;
}
