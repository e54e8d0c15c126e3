// Reference-device rule: a finding stands only if the same term came through intact on the reference device.
import { isFinding } from './finding.ts';
import type { ProbeResult } from '../store/probe-result.ts';

export interface ReferenceComparison {
  probeId: string;
  /** The result as it stands after the comparison. */
  result: ProbeResult;
  /** Whether the finding became inconclusive. */
  downgraded: boolean;
}

/**
 * Compares every finding of a run on a device that names a reference device with the same
 * term and app on that reference in the same run. Pure: returns the changed results.
 */
export function compareWithReferences(
  results: readonly ProbeResult[],
  referenceOf: (deviceId: string) => string | undefined,
): ReferenceComparison[] {
  const changes: ReferenceComparison[] = [];
  for (const result of results) {
    if (!isFinding(result)) continue;
    const referenceId = referenceOf(result.deviceId);
    if (!referenceId) continue;
    const onReference = results.find(
      (r) =>
        r.deviceId === referenceId &&
        r.role === 'term' &&
        r.termId === result.termId &&
        r.target === result.target &&
        r.direction === result.direction,
    );
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
