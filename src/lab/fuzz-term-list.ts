// Turns fuzz strings into a term list: typable strings share payloads (group screening), untypable ones stand alone.
import { createHash } from 'node:crypto';
import type { InputPath } from '../targets/target.ts';
import { untypableReason } from '../probe/typeability.ts';
import { chooseControl } from '../terms/controls/choose-control.ts';
import type { Term, TermList } from '../terms/term.ts';
import type { FuzzString } from './fuzz-strings.ts';

/** Typing costs 2-3 ms a character: keep one payload well inside the WebDriver request timeout. */
const MAX_PAYLOAD_CHARS = 2500;

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
  const typable: FuzzString[] = [];
  const untypable: FuzzString[] = [];
  for (const s of strings)
    (untypableReason(s.text, inputPath) === null ? typable : untypable).push(s);
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
      licence: 'generated',
      category: `fuzz:${[...new Set(members.map((m) => m.kind))].join(',')}`,
      source: 'generated',
      control: chooseControl(text.replace(/[\p{Cc}\p{Cs}\uE000-\uF8FF]/gu, ''), 'und') || 'bread',
      controlSource: 'chosen',
      members,
    };
  };
  const terms: FuzzTerm[] = [];
  // A payload holds at most `groupSize` strings and about MAX_PAYLOAD_CHARS characters.
  let group: FuzzString[] = [];
  let chars = 0;
  for (const string of typable) {
    const length = Array.from(string.text).length;
    if (group.length > 0 && (group.length >= groupSize || chars + length > MAX_PAYLOAD_CHARS)) {
      terms.push(term(`fuzz-group-${terms.length + 1}`, group));
      group = [];
      chars = 0;
    }
    group.push(string);
    chars += length + 1;
  }
  if (group.length > 0) terms.push(term(`fuzz-group-${terms.length + 1}`, group));
  // Untypable strings are grouped too: the group is never typed, each member ends inconclusive.
  for (let start = 0; start < untypable.length; start += groupSize) {
    terms.push(
      term(`fuzz-untypable-${start / groupSize + 1}`, untypable.slice(start, start + groupSize)),
    );
  }
  const sha256 = createHash('sha256').update(JSON.stringify(strings)).digest('hex');
  return { name: `unicode-fuzz-${strings.length}`, file: '(generated)', sha256, terms };
}
