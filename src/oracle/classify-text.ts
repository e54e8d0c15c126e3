// Classifies how observed text differs from the payload that was sent.
import { normalise } from '../terms/normalise.ts';
import { MASK_CHARACTERS } from './mask-characters.ts';
import type { Verdict } from './verdict.ts';

export interface TextClass {
  verdict: Extract<Verdict, 'intact' | 'masked' | 'removed' | 'altered'>;
  /** The observed text where it differs, e.g. `Free *****`; null when intact. */
  difference: string | null;
}

/**
 * Compares sent and observed text after normalisation. The differing middle (after the common
 * prefix and suffix) decides: empty on the observed side = removed; only mask characters =
 * masked; anything else = altered.
 */
export function classifyText(sent: string, observed: string): TextClass {
  const a = Array.from(normalise(sent));
  const b = Array.from(normalise(observed));
  if (a.length === b.length && a.every((ch, i) => ch === b[i])) {
    return { verdict: 'intact', difference: null };
  }
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const observedMiddle = b.slice(prefix, b.length - suffix);
  const difference = b.join('');
  const maskedOnly = observedMiddle.filter((ch) => ch !== ' ');
  if (maskedOnly.length === 0) return { verdict: 'removed', difference };
  // A mask character that also appears at that place in the sent text is not a mask.
  const sentMiddle = a.slice(prefix, a.length - suffix);
  if (maskedOnly.every((ch) => MASK_CHARACTERS.has(ch) && !sentMiddle.includes(ch))) {
    return { verdict: 'masked', difference };
  }
  return { verdict: 'altered', difference };
}
