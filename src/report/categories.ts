// Allure's categories.json: one category per filtered verdict class and per inconclusive reason.
import { FILTERED_VERDICTS, INCONCLUSIVE_REASONS } from '../oracle/verdict.ts';

/** One entry of Allure 2's `categories.json`. */
export interface AllureCategory {
  name: string;
  /** Java regex that must match the whole failure message. */
  messageRegex: string;
  matchedStatuses: ('failed' | 'broken' | 'passed' | 'skipped' | 'unknown')[];
}

/** Optional `AssertionError: `-style prefix: some reporters put the error's name before its message. */
const ERROR_NAME = '(?:[A-Za-z]*Error: )?';

/** The spec fails a probe with `finding: <verdict> …` and breaks one with `inconclusive(<reason>): …`. */
export function findingMessagePrefix(verdict: string): string {
  return `finding: ${verdict}`;
}

export function inconclusiveMessagePrefix(reason: string): string {
  return `inconclusive(${reason}):`;
}

/**
 * Categories in the order Allure shows them: findings first, then why probes were inconclusive.
 * Allure matches `messageRegex` against the whole message (Java `matches`), so each pattern is a
 * literal prefix followed by `.*` in DOTALL mode: messages carry the difference on later lines.
 */
export function allureCategories(): AllureCategory[] {
  const findings = FILTERED_VERDICTS.map((verdict) => ({
    name: `Finding: ${verdict}`,
    // A word boundary keeps `finding: blank` from also taking a future `finding: blanked`.
    messageRegex: `(?s)${ERROR_NAME}${escapeRegex(findingMessagePrefix(verdict))}\\b.*`,
    matchedStatuses: ['failed' as const],
  }));
  const inconclusive = INCONCLUSIVE_REASONS.map((reason) => ({
    name: `Inconclusive: ${reason.replaceAll('-', ' ')}`,
    messageRegex: `(?s)${ERROR_NAME}${escapeRegex(inconclusiveMessagePrefix(reason))}.*`,
    matchedStatuses: ['broken' as const],
  }));
  return [...findings, ...inconclusive];
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
