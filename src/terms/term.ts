// A term under test and the term list that holds it.

/** A string under test, with where it came from. */
export interface Term {
  /** Stable id within its list (used in probe ids and Allure test names). */
  id: string;
  /** The text typed. A combination is written `a + b` and typed as its parts joined by a space. */
  text: string;
  /** BCP 47 language tag, e.g. `en`, `zh-Hans`, `zh-Hant`, `lt`. */
  language: string;
  /** Free-form category, e.g. `politics`, `religion`. */
  category: string;
  /** Where the term was reported. */
  source: string;
  /** Licence of the source (the term's own, else its list's; `unspecified` when neither says). */
  licence: string;
  /** The matched benign control typed beside it. */
  control: string;
  /** Whether the control came from the term list or was chosen from the benign word lists. */
  controlSource?: 'list' | 'chosen';
}

/** A loaded term list. */
export interface TermList {
  /** Name from the file. */
  name: string;
  /** Path the list was read from. */
  file: string;
  /** sha256 of the file's bytes: logged and shown in reports instead of the terms. */
  sha256: string;
  terms: Term[];
}

/** Separator of a combination term's parts (Citizen Lab's lists use `a + b`). */
export const COMBINATION_SEPARATOR = ' + ';

/** The parts of a term: one for a plain term, two or more for a combination. */
export function termParts(text: string): string[] {
  return text.split(COMBINATION_SEPARATOR).map((part) => part.trim());
}

/** What is typed for a term: a combination's parts joined by a space. */
export function payloadOf(text: string): string {
  return termParts(text).join(' ');
}
