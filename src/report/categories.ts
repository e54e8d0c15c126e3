// Allure's categories.json: one category per filtered verdict class and per inconclusive reason.
import { FILTERED_VERDICTS, INCONCLUSIVE_REASONS } from '../oracle/verdict.ts';

/** One entry of Allure 2's `categories.json`. */
export interface AllureCategory {
  name: string;
  /** Java regex that must match the whole failure message. */
  messageRegex: string;
  matchedStatuses: ('failed' | 'broken' | 'passed' | 'skipped' | 'unknown')[];
}

/** A failed probe's message starts `finding: <verdict> …`, a broken one's `inconclusive(<reason>): …` (allure-status.ts). */
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
    messageRegex: `(?s)${escapeRegex(findingMessagePrefix(verdict))}\\b.*`,
    matchedStatuses: ['failed' as const],
  }));
  const inconclusive = INCONCLUSIVE_REASONS.map((reason) => ({
    name: `Inconclusive: ${reason.replaceAll('-', ' ')}`,
    messageRegex: `(?s)${escapeRegex(inconclusiveMessagePrefix(reason))}.*`,
    matchedStatuses: ['broken' as const],
  }));
  return [...findings, ...inconclusive];
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
