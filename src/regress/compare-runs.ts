// Compares two sets of term probes (two firmwares of a model, or two runs of one firmware): what became filtered, what stopped, what changed class.
import { isFinding } from '../oracle/finding.ts';
import type { Verdict } from '../oracle/verdict.ts';
import type { ProbeResult } from '../store/probe-result.ts';
import { termIdentity } from '../terms/term-identity.ts';

/** One side of a comparison: a firmware key and the run its results come from. */
export interface ComparedSide {
  firmwareKey: string;
  runId: string;
  /** When the run was created. */
  runAt: string;
  /**
   * Earlier runs on the same firmware whose probes stand in for terms `runId` did not probe,
   * latest first (a targeted check between two nightly runs must not hide the nightly's terms).
   * @defaultValue none
   */
  earlierRunIds?: string[];
}

/**
 * A term (on one app and, for messengers, one direction) and what each side showed for it. The
 * same term is matched by its identity (normalised text and language), not by its id: a term
 * pasted into a check and the same term of a list have different ids.
 */
export interface TermChange {
  /** `<target>[ › direction] › <term identity>`, e.g. `lab-browser › en Free Tibet`: what was compared. */
  key: string;
  /** The term's id on the side after (else before); the sides' ids may differ. */
  termId: string;
  /** The term as text (never markup). */
  term: string;
  language: string;
  target: string;
  direction: string | null;
  before: ProbeSummary | null;
  after: ProbeSummary | null;
}

/** What a side showed for a term. */
export interface ProbeSummary {
  /** The run the probe belongs to (on a side with earlier runs, not always the side's run). */
  runId: string;
  verdict: Verdict;
  channel: string | null;
  reason: string | null;
  deviceId: string;
  probeId: string;
  /** Evidence paths, relative to the reports directory. */
  evidence: string[];
}

export interface RunComparison {
  before: ComparedSide;
  after: ComparedSide;
  /** Filtered after, not before (intact or inconclusive): regressions. */
  newFindings: TermChange[];
  /** Filtered before, intact after. */
  goneFindings: TermChange[];
  /** Filtered on both sides, with another class (masked → blocked). */
  classChanged: TermChange[];
  /** Inconclusive after, not before: the harness lost sight of these terms. */
  newlyInconclusive: TermChange[];
  /** Terms compared on both sides with the same outcome. */
  unchanged: number;
  /**
   * Terms probed on one side only: nothing to compare them with, so never a change and never
   * alerted (a term added to the list, or the rest of a nightly list beside a targeted check).
   */
  probedOnOneSide: TermChange[];
}

/**
 * Compares the term probes of two sides, term by term (per app and direction), matching terms
 * by identity; only terms probed on both sides are compared. When several devices share a
 * firmware key, a term counts as filtered there if any device confirmed a finding, else intact
 * if any was intact, else inconclusive.
 */
export function compareRuns(
  before: { side: ComparedSide; results: readonly ProbeResult[] },
  after: { side: ComparedSide; results: readonly ProbeResult[] },
): RunComparison {
  const was = outcomesByTerm(before.results);
  const now = outcomesByTerm(after.results);
  const comparison: RunComparison = {
    before: before.side,
    after: after.side,
    newFindings: [],
    goneFindings: [],
    classChanged: [],
    newlyInconclusive: [],
    unchanged: 0,
    probedOnOneSide: [],
  };
  const keys = [...new Set([...was.keys(), ...now.keys()])].sort();
  for (const key of keys) {
    const old = was.get(key) ?? null;
    const current = now.get(key) ?? null;
    const some = (current ?? old)!.result;
    const change: TermChange = {
      key,
      termId: some.termId,
      term: some.term,
      language: some.language,
      target: some.target,
      direction: some.direction ?? null,
      before: old ? summaryOf(old.result) : null,
      after: current ? summaryOf(current.result) : null,
    };
    if (!old || !current) {
      comparison.probedOnOneSide.push(change);
      continue;
    }
    const wasFinding = isFinding(old.result);
    const isNowFinding = isFinding(current.result);
    if (isNowFinding && !wasFinding) comparison.newFindings.push(change);
    else if (wasFinding && current.result.verdict === 'intact')
      comparison.goneFindings.push(change);
    else if (wasFinding && isNowFinding && old.result.verdict !== current.result.verdict)
      comparison.classChanged.push(change);
    else if (current.result.verdict === 'inconclusive' && old.result.verdict !== 'inconclusive')
      comparison.newlyInconclusive.push(change);
    else comparison.unchanged += 1;
  }
  return comparison;
}

/** Findings appeared, went or changed class: on one firmware key, a remotely switched filter. */
export function findingsDiffer(comparison: RunComparison): boolean {
  return (
    comparison.newFindings.length +
      comparison.goneFindings.length +
      comparison.classChanged.length >
    0
  );
}

/** `Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM` → model `Xiaomi Mi 10T 5G`, version `V12.5.4.0.RJDEUXM`. */
export function splitFirmwareKey(firmwareKey: string): { model: string; version: string } {
  const at = firmwareKey.lastIndexOf(' / ');
  return at === -1
    ? { model: firmwareKey, version: '' }
    : { model: firmwareKey.slice(0, at), version: firmwareKey.slice(at + 3) };
}

/** What a term probe is compared by: its app, direction and term identity (never its term id). */
export function termKeyOf(
  result: Pick<ProbeResult, 'target' | 'direction' | 'term' | 'language'>,
): string {
  const way = result.direction ? ` › ${result.direction}` : '';
  return `${result.target}${way} › ${termIdentity({ text: result.term, language: result.language })}`;
}

/** Rank of an outcome when devices of one firmware disagree: a confirmed finding first. */
function rank(result: ProbeResult): number {
  if (isFinding(result)) return 0;
  return result.verdict === 'intact' ? 1 : 2;
}

function outcomesByTerm(results: readonly ProbeResult[]): Map<string, { result: ProbeResult }> {
  const byKey = new Map<string, { result: ProbeResult }>();
  const terms = results
    .filter((result) => result.role === 'term')
    .sort((a, b) => rank(a) - rank(b) || a.deviceId.localeCompare(b.deviceId));
  for (const result of terms) {
    const key = termKeyOf(result);
    if (!byKey.has(key)) byKey.set(key, { result });
  }
  return byKey;
}

function summaryOf(result: ProbeResult): ProbeSummary {
  return {
    runId: result.runId,
    verdict: result.verdict,
    channel: result.channel,
    reason: result.reason,
    deviceId: result.deviceId,
    probeId: result.probeId,
    evidence: result.evidence,
  };
}
