// Runs preflight checks: diagnose all, fix what may be fixed, diagnose again, stop on what is still missing.
import { MissingDependencyError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import type { Diagnosis, PreflightCheck } from './preflight-check.ts';

const log = logger('doctor');

export interface RunChecksOptions {
  /** Let checks fix what they found missing (those that have a `fix`). @defaultValue false */
  fix?: boolean;
  /** Receives one line per check, for the terminal. @defaultValue dropped */
  log?: (line: string) => void;
}

export interface CheckOutcome {
  name: string;
  isOptional: boolean;
  ok: boolean;
  message: string;
  /** A fix was tried (it may still have failed). */
  fixTried: boolean;
  /** Why the fix failed, when it did. */
  fixError: string | undefined;
  /** What a person should do, when the check still fails. */
  fixHint: string | undefined;
}

export interface ChecksReport {
  outcomes: CheckOutcome[];
  /** Optional checks that still fail. */
  warnings: CheckOutcome[];
}

/**
 * Diagnoses every check; with `fix`, fixes the failing ones that can be fixed and diagnoses again.
 * @throws MissingDependencyError listing each required check still failing and its fix hint
 */
export async function runChecks(
  checks: readonly PreflightCheck[],
  options: RunChecksOptions = {},
): Promise<ChecksReport> {
  const print = options.log ?? (() => {});
  const diagnoses = await Promise.all(checks.map(diagnoseSafely));
  const fixErrors = new Map<PreflightCheck, string>();
  const fixed = new Set<PreflightCheck>();
  if (options.fix) {
    // One at a time: fixes may share a lock (apt) or depend on each other.
    for (const [index, check] of checks.entries()) {
      if (diagnoses[index]!.ok || !check.fix) continue;
      print(`… fixing ${check.name}: ${diagnoses[index]!.message}`);
      fixed.add(check);
      const startedAt = Date.now();
      try {
        await check.fix();
        log.info({ check: check.name, ms: Date.now() - startedAt }, 'fixed');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        fixErrors.set(check, reason);
        log.warn({ check: check.name, err: error }, 'fix failed');
      }
    }
    // Diagnose every failed check again: one fix may have repaired another (apt brings java).
    await Promise.all(
      checks.map(async (check, index) => {
        if (!diagnoses[index]!.ok) diagnoses[index] = await diagnoseSafely(check);
      }),
    );
  }
  const outcomes = checks.map((check, index): CheckOutcome => {
    const { ok, message } = diagnoses[index]!;
    return {
      name: check.name,
      isOptional: check.isOptional,
      ok,
      message,
      fixTried: fixed.has(check),
      fixError: fixErrors.get(check),
      fixHint: ok ? undefined : check.fixHint(),
    };
  });
  for (const outcome of outcomes) print(formatOutcome(outcome));
  const failed = outcomes.filter((outcome) => !outcome.ok && !outcome.isOptional);
  if (failed.length > 0) {
    const lines = failed.flatMap((outcome) => [
      `- ${outcome.name}: ${outcome.message}${outcome.fixError ? ` (fix failed: ${outcome.fixError})` : ''}`,
      `  ${outcome.fixHint}`,
    ]);
    throw new MissingDependencyError(
      `${failed.length} required preflight check(s) failed; run:\n${lines.join('\n')}`,
    );
  }
  return { outcomes, warnings: outcomes.filter((outcome) => !outcome.ok) };
}

async function diagnoseSafely(check: PreflightCheck): Promise<Diagnosis> {
  try {
    return await check.diagnose();
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function formatOutcome(outcome: CheckOutcome): string {
  if (outcome.ok) return `✔ ${outcome.name}: ${outcome.message}`;
  const mark = outcome.isOptional ? '⚠' : '✖';
  const optional = outcome.isOptional ? ' (optional)' : '';
  const fixError = outcome.fixError ? `\n    fix failed: ${outcome.fixError}` : '';
  return `${mark} ${outcome.name}${optional}: ${outcome.message}${fixError}\n    to fix: ${outcome.fixHint}`;
}
