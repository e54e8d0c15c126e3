// Turns fuzz strings into a term list: typable strings share payloads (group screening), untypable ones stand alone.
import { createHash } from 'node:crypto';
import type { InputPath } from '../targets/target.ts';
import { untypableReason } from '../probe/typeability.ts';
import { chooseControl } from '../terms/controls/choose-control.ts';
import type { Term, TermList } from '../terms/term.ts';
import type { FuzzString } from './fuzz-strings.ts';

export interface FuzzTerm extends Term {
  /** The fuzz strings this term's payload holds. */
  members: FuzzString[];
}

/**
 * On clean firmware an intact group clears every member at once; a group that is not intact
 * would be split to find its member (DESIGN: group screening) — on clean firmware none may be.
 */
export function fuzzTermList(
  strings: readonly FuzzString[],
  groupSize: number,
  inputPath: InputPath,
): Omit<TermList, 'terms'> & { terms: FuzzTerm[] } {
  const typable = strings.filter((s) => untypableReason(s.text, inputPath) === null);
  const untypable = strings.filter((s) => untypableReason(s.text, inputPath) !== null);
  const term = (id: string, members: FuzzString[]): FuzzTerm => {
    // A space-joined group must not read as a combination (`a + b`).
    const text = members
      .map((m) => m.text)
      .join(' ')
      .replaceAll(' + ', ' +');
    return {
      id,
      text,
      language: 'und',
      category: `fuzz:${[...new Set(members.map((m) => m.kind))].join(',')}`,
      source: 'generated',
      control: chooseControl(text.replace(/[\p{Cc}\p{Cs}\uE000-\uF8FF]/gu, ''), 'und') || 'bread',
      controlSource: 'chosen',
      members,
    };
  };
  const terms: FuzzTerm[] = [];
  for (let start = 0; start < typable.length; start += groupSize) {
    terms.push(term(`fuzz-group-${terms.length + 1}`, typable.slice(start, start + groupSize)));
  }
  // Untypable strings are grouped too: the group is never typed, each member ends inconclusive.
  for (let start = 0; start < untypable.length; start += groupSize) {
    terms.push(
      term(`fuzz-untypable-${start / groupSize + 1}`, untypable.slice(start, start + groupSize)),
    );
  }
  const sha256 = createHash('sha256').update(JSON.stringify(strings)).digest('hex');
  return { name: `unicode-fuzz-${strings.length}`, file: '(generated)', sha256, terms };
}
