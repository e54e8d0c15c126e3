// Reads what became of each member of a group payload from the text a channel showed, by aligning the two.
import { MASK_CHARACTERS } from '../oracle/mask-characters.ts';
import type { Verdict } from '../oracle/verdict.ts';
import { normalise } from '../terms/normalise.ts';
import { alignSequences, type Change } from './align-sequences.ts';
import type { MemberSpan } from './compose-group.ts';

/** What became of one member: a text verdict, or `unknown` when the alignment cannot say. */
export type MemberReading =
  Extract<Verdict, 'intact' | 'masked' | 'removed' | 'altered'> | 'unknown';

export interface MemberRead {
  id: string;
  reading: MemberReading;
  /** What the channel showed in the member's place (e.g. `Free *****`); the member's text when intact. */
  observed: string;
}

export interface GroupRead {
  /** Whether the observation differs from the payload at all (after normalisation). */
  changed: boolean;
  /** Every member, in payload order. */
  members: MemberRead[];
  /** Intact members: cleared by this probe. */
  cleared: string[];
  /** Masked, removed or altered members: candidates, to be probed alone. */
  candidates: string[];
  /** Members the alignment cannot speak for: never cleared, to be probed again. */
  unknown: string[];
}

export interface ReadOptions {
  /**
   * Insertions and deletions beyond which the observation is not read member by member (every
   * member `unknown`): text that far from the payload is not the payload with parts changed.
   * @defaultValue 8192 (a 4,096-character message masked whole)
   */
  maxEdits?: number;
}

const DEFAULT_MAX_EDITS = 8192;
const SPACE = 0x20;
const WHITESPACE = /\s/u;

/** Who a code point of the normalised payload belongs to. */
interface Owner {
  /** Member index, or -1 for separator text. */
  member: number;
  /**
   * For separator text: which separator, named by the member on its right (0 for text before the
   * first member, the member count for text after the last); -1 for a member's own text.
   */
  separator: number;
  /** Separator whitespace: a change to it alone changes nothing (whitespace folds). */
  soft: boolean;
}

/**
 * Aligns the observed text with the payload (both normalised as the oracle normalises them: NFC,
 * zero-width characters dropped, whitespace runs folded) code point by code point, and gives each
 * change to the members it overlaps. A member is `intact` only when every code point of it and of
 * the separators beside it is kept in place, so the observation holds it literally between its
 * separators. A change that touches a separator (beyond its spaces) makes the members on both
 * sides `unknown` rather than guessed; a changed member is `removed` when nothing stands in its
 * place, `masked` when only mask characters do, `altered` otherwise.
 */
export function readMembers(
  payload: string,
  spans: readonly MemberSpan[],
  observed: string,
  options: ReadOptions = {},
): GroupRead {
  const sorted = [...spans].sort((x, y) => x.start - y.start);
  const { codes, owners } = tokenisePayload(payload, sorted);
  const seen = Array.from(normalise(observed), (ch) => ch.codePointAt(0)!);
  const changes = alignSequences(codes, seen, options.maxEdits ?? DEFAULT_MAX_EDITS);
  if (changes === null) {
    return summarise(
      true,
      sorted.map((span) => ({ id: span.id, reading: 'unknown', observed: '' })),
    );
  }
  const separatorChanged = new Set<number>(); // named as Owner.separator
  const touched: { deleted: number[]; inserted: number[] }[] = sorted.map(() => ({
    deleted: [],
    inserted: [],
  }));
  const evidence: number[][] = sorted.map(() => []);

  const giveInsertion = (change: Change, inserted: number[]) => {
    // Nothing of the payload stands here: the insertion sits between codes[aStart - 1] and
    // codes[aEnd]. Inside a member it is the member's; at a member's edge, the member's (a space
    // there folds away); between two code points of one separator, the separator's.
    const left = change.aStart > 0 ? owners[change.aStart - 1] : undefined;
    const right = change.aEnd < owners.length ? owners[change.aEnd] : undefined;
    const inside = left && right && left.member >= 0 && left.member === right.member;
    if (!inside && inserted.every((c) => c === SPACE)) return;
    const member = [left, right].find((o) => o !== undefined && o.member >= 0);
    const within = left && right && left.member < 0 && right.member < 0;
    if (member && !within) {
      append(touched[member.member]!.inserted, inserted);
      append(evidence[member.member]!, inserted);
      return;
    }
    const separator = (left ?? right)?.separator;
    if (separator !== undefined) separatorChanged.add(separator);
  };

  let at = 0;
  const keep = (until: number) => {
    for (; at < until; at += 1) {
      const owner = owners[at]!;
      if (owner.member >= 0) evidence[owner.member]!.push(codes[at]!);
    }
  };
  for (const change of changes) {
    keep(change.aStart);
    at = change.aEnd;
    const inserted = seen.slice(change.bStart, change.bEnd);
    const members = new Set<number>();
    let hard = false;
    for (let i = change.aStart; i < change.aEnd; i += 1) {
      const owner = owners[i]!;
      if (owner.member >= 0) {
        members.add(owner.member);
        touched[owner.member]!.deleted.push(codes[i]!);
      } else if (!owner.soft) {
        hard = true;
        separatorChanged.add(owner.separator);
      }
    }
    if (members.size === 0 && !hard) {
      giveInsertion(change, inserted);
      continue;
    }
    for (const member of members) {
      append(touched[member]!.inserted, inserted);
      append(evidence[member]!, inserted);
    }
  }
  keep(codes.length);

  const members = sorted.map((span, i): MemberRead => {
    const text = evidence[i]!.map((c) => String.fromCodePoint(c))
      .join('')
      .trim();
    const beside = separatorChanged.has(i) || separatorChanged.has(i + 1);
    if (beside) return { id: span.id, reading: 'unknown', observed: text };
    const { deleted, inserted } = touched[i]!;
    return { id: span.id, reading: classify(deleted, inserted), observed: text };
  });
  return summarise(changes.length > 0, members);
}

function append(to: number[], codes: readonly number[]): void {
  for (const code of codes) to.push(code);
}

function classify(deleted: number[], inserted: number[]): MemberReading {
  if (deleted.length === 0 && inserted.length === 0) return 'intact';
  const standing = inserted.filter((c) => c !== SPACE);
  if (standing.length === 0) return deleted.some((c) => c !== SPACE) ? 'removed' : 'altered';
  // A mask character the member itself held is not a mask.
  const masks = standing.every((c) => {
    const ch = String.fromCodePoint(c);
    return MASK_CHARACTERS.has(ch) && !deleted.includes(c);
  });
  return masks ? 'masked' : 'altered';
}

function summarise(changed: boolean, members: MemberRead[]): GroupRead {
  const ids = (...readings: MemberReading[]) =>
    members.filter((m) => readings.includes(m.reading)).map((m) => m.id);
  return {
    changed,
    members,
    cleared: ids('intact'),
    candidates: ids('masked', 'removed', 'altered'),
    unknown: ids('unknown'),
  };
}

/**
 * The payload normalised as `normalise` does, each code point tagged with its owner. Each part is
 * put in NFC on its own and zero-width code points are dropped; then whitespace runs fold into one
 * space (a separator's when the run touches a separator) and the ends are trimmed.
 */
function tokenisePayload(
  payload: string,
  spans: readonly MemberSpan[],
): { codes: number[]; owners: Owner[] } {
  const raw: { code: number; owner: Owner }[] = [];
  const push = (text: string, owner: Owner) => {
    for (const ch of text.normalize('NFC')) {
      const space = WHITESPACE.test(ch);
      // `normalise` of a lone code point is empty exactly for the zero-width ones (and spaces).
      if (!space && normalise(ch) === '') continue;
      raw.push({
        code: space ? SPACE : ch.codePointAt(0)!,
        owner: space && owner.member < 0 ? { ...owner, soft: true } : owner,
      });
    }
  };
  let at = 0;
  spans.forEach((span, i) => {
    push(payload.slice(at, span.start), { member: -1, separator: i, soft: false });
    push(payload.slice(span.start, span.end), { member: i, separator: -1, soft: false });
    at = span.end;
  });
  push(payload.slice(at), { member: -1, separator: spans.length, soft: false });

  const codes: number[] = [];
  const owners: Owner[] = [];
  for (let i = 0; i < raw.length;) {
    if (raw[i]!.code !== SPACE) {
      codes.push(raw[i]!.code);
      owners.push(raw[i]!.owner);
      i += 1;
      continue;
    }
    let j = i;
    let owner = raw[i]!.owner;
    for (; j < raw.length && raw[j]!.code === SPACE; j += 1)
      if (raw[j]!.owner.soft) owner = raw[j]!.owner;
    if (i > 0 && j < raw.length) {
      codes.push(SPACE);
      owners.push(owner);
    }
    i = j;
  }
  return { codes, owners };
}
