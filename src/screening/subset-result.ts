// What one probe of a subset of a group's members concluded, as the splitting and isolation machines take it.

/**
 * The result of probing a subset of a group's members beside its control:
 * - `filtered` — the payload was filtered (blocked, blank, dropped, refused, masked...) and the
 *   subset's control came through intact;
 * - `passed` — the payload and its control both came through intact;
 * - `unknown` — anything else: the control was not intact, a fault, a timeout. It never clears
 *   a member and never makes one filtered.
 */
export type SubsetResult = 'filtered' | 'passed' | 'unknown';

export const SUBSET_RESULTS: readonly SubsetResult[] = ['filtered', 'passed', 'unknown'];
