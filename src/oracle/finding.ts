// What counts as a finding: a filtered verdict on a sensitive term (never a control, positive control or truism).
import { isFiltered, type Verdict } from './verdict.ts';

export function isFinding(result: { role: string; verdict: Verdict }): boolean {
  return result.role === 'term' && isFiltered(result.verdict);
}
