// Screens a batch's terms in group payloads: which terms a group probe clears, which must be probed alone, which combinations a group holds.
import { isFiltered, type Verdict } from '../oracle/verdict.ts';
import { composeGroup, type GroupMemberText, type GroupPayload } from './compose-group.ts';
import { CombinationIsolation, type CombinationFinding } from './isolate-combination.ts';
import { packGroups, type PackOptions } from './pack-groups.ts';
import { readMembers } from './read-members.ts';
import { GroupSplit } from './split-group.ts';
import type { SubsetResult } from './subset-result.ts';

/** What probing one group payload beside its group control came to. */
export interface GroupProbeResult {
  result: SubsetResult;
  /** The payload's verdict (inconclusive when its control was not intact). */
  verdict: Verdict;
  /** Text the channel showed where the payload first differed; null when it showed none (blocked, blank). */
  observed: string | null;
  /** The recorded group probe and its group control: what clears a member. */
  clearedBy: GroupClearance;
}

/** The group probe that cleared a term, as its by-group records name it. */
export interface GroupClearance {
  probeId: string;
  probeToken: string;
  controlProbeId: string;
}

/** Probes one group payload beside its control and records both. */
export type ProbeGroup = (group: GroupPayload) => Promise<GroupProbeResult>;

export interface ScreenOptions extends PackOptions {
  /** Share of terms expected filtered: it only sizes the subsets of a split. @defaultValue 0.02 */
  expectedShare?: number;
}

/**
 * Called once a packed group is done with: the terms it cleared (record them now, and progress
 * moves) and every member it screened (those not cleared go alone).
 */
export type OnGroupDone = (
  cleared: ReadonlyMap<string, GroupClearance>,
  screened: readonly string[],
) => Promise<void>;

export interface ScreeningOutcome {
  /** Terms an intact group probe cleared (after the splitting's own confirmations), with that probe. */
  cleared: Map<string, GroupClearance>;
  /**
   * Terms to probe alone, in list order: candidates, members no group probe could speak for,
   * terms too big to share a payload. Only a probe alone beside its own control makes a finding.
   */
  alone: string[];
  /** Combinations of members that filter together though each passes alone; each is confirmed alone too. */
  combinations: CombinationFinding[];
  /**
   * Candidates read from one group (two or more changed in one payload): once probed alone, those
   * that pass alone changed only together, a combination to isolate (see {@link isolateCombinations}).
   */
  recheck: string[][];
  /** Group probes run (each beside its group control). */
  probes: number;
}

/** Verdicts a channel shows member by member, so one probe reads every member. */
const READABLE: ReadonlySet<Verdict> = new Set(['masked', 'removed', 'altered']);

/**
 * Screens `terms` (list order) in groups that fit the target: a group that comes through intact
 * clears its members; a group masked, removed or altered in part is read member by member; a
 * group filtered all or nothing is split (Hwang) down to the members filtered alone, and what
 * filters only together is isolated as combinations (Xiong and Knockel). A group whose control is
 * not intact clears nothing. No term is made a finding here: the caller probes `alone` and the
 * combinations alone, under its repetition policy.
 */
export async function screenTerms(
  terms: readonly GroupMemberText[],
  options: ScreenOptions,
  probeGroup: ProbeGroup,
  onGroupDone: OnGroupDone = async () => undefined,
): Promise<ScreeningOutcome> {
  const byId = new Map(terms.map((term) => [term.id, term]));
  const { groups, oversize } = packGroups(terms, options);
  const cleared = new Map<string, GroupClearance>();
  const alone = new Set<string>(oversize);
  const combinations: CombinationFinding[] = [];
  const recheck: string[][] = [];
  let probes = 0;
  const counted: ProbeGroup = (group) => {
    probes += 1;
    return probeGroup(group);
  };

  /** Splits members known to filter together until each filtered one is found, then isolates what filters only together. */
  const split = async (memberIds: readonly string[]): Promise<void> => {
    const search = new GroupSplit(memberIds, {
      ...(options.expectedShare !== undefined ? { expectedShare: options.expectedShare } : {}),
    });
    const lastPass = await drive(search, byId, options, counted);
    const outcome = search.outcome();
    for (const id of outcome.cleared) cleared.set(id, lastPass.get(id)!);
    for (const id of [...outcome.filtered, ...outcome.unresolved]) alone.add(id);
    if (outcome.held.length < 2) {
      for (const id of outcome.held) alone.add(id);
      return;
    }
    const isolated = await isolateCombinations(
      outcome.held.map((id) => byId.get(id)!),
      options,
      counted,
    );
    combinations.push(...isolated.combinations);
    for (const id of outcome.held) {
      const by = isolated.cleared.get(id);
      if (by) cleared.set(id, by);
      else alone.add(id);
    }
  };

  /** Screens one packed group: clears, queues alone, splits. */
  const screen = async (group: (typeof groups)[number]): Promise<void> => {
    if (group.memberIds.length === 1) {
      alone.add(group.memberIds[0]!);
      return;
    }
    const first = await counted(group);
    if (first.result === 'passed') {
      for (const id of group.memberIds) cleared.set(id, first.clearedBy);
      return;
    }
    if (first.result === 'unknown') {
      for (const id of group.memberIds) alone.add(id);
      return;
    }
    if (READABLE.has(first.verdict) && first.observed !== null) {
      const read = readMembers(group.payload, group.spans, first.observed);
      if (read.candidates.length > 0) {
        // each changed member is probed alone; those that pass alone changed only together
        for (const id of read.cleared) cleared.set(id, first.clearedBy);
        for (const id of [...read.unknown, ...read.candidates]) alone.add(id);
        if (read.candidates.length > 1) recheck.push(read.candidates);
        return;
      }
    }
    await split(group.memberIds);
  };

  for (const group of groups) {
    await screen(group);
    const now = new Map<string, GroupClearance>();
    for (const id of group.memberIds) {
      const by = cleared.get(id);
      if (by) now.set(id, by);
    }
    await onGroupDone(now, group.memberIds);
  }
  return {
    cleared,
    alone: terms.map((t) => t.id).filter((id) => alone.has(id) && !cleared.has(id)),
    combinations,
    recheck,
    probes,
  };
}

/**
 * Isolates the combinations among `members`, which filter together though none is known to
 * filter alone. Members the search saw pass together once it had found every combination are
 * cleared by that probe (the splitting saw them pass before); the components, and every member
 * of a search that met unknown or contradicting results, are left to be probed alone.
 */
export async function isolateCombinations(
  members: readonly GroupMemberText[],
  options: Pick<ScreenOptions, 'separator'>,
  probeGroup: ProbeGroup,
): Promise<{ combinations: CombinationFinding[]; cleared: Map<string, GroupClearance> }> {
  const isolation = new CombinationIsolation(members);
  const lastPass = await drive(
    isolation,
    new Map(members.map((m) => [m.id, m])),
    options,
    probeGroup,
  );
  const outcome = isolation.outcome();
  const combinations = outcome.combinations.filter((c) => c.memberIds.length > 1);
  const components = new Set(combinations.flatMap((c) => c.memberIds));
  const cleared = new Map<string, GroupClearance>();
  if (outcome.complete && !outcome.unstable) {
    for (const [id, by] of lastPass) if (!components.has(id)) cleared.set(id, by);
  }
  return { combinations, cleared };
}

/**
 * Drives a split or an isolation to its end, probing each subset it asks for (in the order it
 * gives); returns, per member, the last probe that passed with it in it.
 */
async function drive(
  machine: { next(): string[] | null; report(result: SubsetResult): void },
  byId: ReadonlyMap<string, GroupMemberText>,
  options: Pick<ScreenOptions, 'separator'>,
  probeGroup: ProbeGroup,
): Promise<Map<string, GroupClearance>> {
  const lastPass = new Map<string, GroupClearance>();
  for (let next = machine.next(); next; next = machine.next()) {
    const probed = await probeGroup(
      composeGroup(
        next.map((id) => byId.get(id)!),
        options.separator,
      ),
    );
    if (probed.result === 'passed') for (const id of next) lastPass.set(id, probed.clearedBy);
    machine.report(probed.result);
  }
  return lastPass;
}

/** How one group probe's decision reads as a subset result: intact passes, filtered beside an intact control filters. */
export function subsetResultOf(verdict: Verdict): SubsetResult {
  if (verdict === 'intact') return 'passed';
  return isFiltered(verdict) ? 'filtered' : 'unknown';
}
