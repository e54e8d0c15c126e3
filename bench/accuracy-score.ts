// Scores verdicts against what was planted: confusion matrix, recall, false findings, class accuracy.
import { FILTERED_VERDICTS, isFiltered, type Verdict } from '../src/oracle/verdict.ts';

export const VERDICT_CLASSES: readonly Verdict[] = ['intact', ...FILTERED_VERDICTS, 'inconclusive'];

export interface ScoredProbe {
  expected: Verdict;
  actual: Verdict;
}

export interface AccuracyScore {
  /** confusion[expected][actual] = count */
  confusion: Record<string, Record<string, number>>;
  probes: number;
  planted: number;
  /** Planted terms found filtered (any class) / planted. */
  recall: number;
  /** Filtered verdicts where nothing was planted. */
  falseFindings: number;
  /** Probes whose verdict class is exactly the expected one / probes. */
  classAccuracy: number;
  inconclusiveRate: number;
}

export function scoreAccuracy(probes: readonly ScoredProbe[]): AccuracyScore {
  const confusion: Record<string, Record<string, number>> = {};
  for (const expected of VERDICT_CLASSES) {
    confusion[expected] = Object.fromEntries(VERDICT_CLASSES.map((actual) => [actual, 0]));
  }
  for (const { expected, actual } of probes) confusion[expected]![actual]! += 1;
  const planted = probes.filter((p) => isFiltered(p.expected));
  const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);
  return {
    confusion,
    probes: probes.length,
    planted: planted.length,
    recall: ratio(planted.filter((p) => isFiltered(p.actual)).length, planted.length),
    falseFindings: probes.filter((p) => !isFiltered(p.expected) && isFiltered(p.actual)).length,
    classAccuracy: ratio(probes.filter((p) => p.expected === p.actual).length, probes.length),
    inconclusiveRate: ratio(
      probes.filter((p) => p.actual === 'inconclusive').length,
      probes.length,
    ),
  };
}

/** The confusion matrix as a fixed-width table (rows: planted class, columns: verdict). */
export function formatConfusion(score: AccuracyScore): string {
  const width = Math.max(...VERDICT_CLASSES.map((v) => v.length)) + 2;
  const cell = (text: string): string => text.padStart(width);
  const header = `${'planted \\ verdict'.padEnd(18)}${VERDICT_CLASSES.map(cell).join('')}`;
  const rows = VERDICT_CLASSES.filter((expected) =>
    Object.values(score.confusion[expected]!).some((n) => n > 0),
  ).map(
    (expected) =>
      `${expected.padEnd(18)}${VERDICT_CLASSES.map((actual) => cell(String(score.confusion[expected]![actual]))).join('')}`,
  );
  return [header, ...rows].join('\n');
}
