// What makes two terms the same term, whatever list or check they came from: their normalised text and their language.
import { createHash } from 'node:crypto';
import { normalise } from './normalise.ts';

/** The fields a term's identity is made of (a term, or a stored probe of one). */
export interface TermIdentityOf {
  /** The text typed (a combination as `a + b`). */
  text: string;
  /** BCP 47 tag. */
  language: string;
}

/**
 * The identity of a term: the same for a term in a nightly list, the same text pasted into a
 * check and an imported list. The text is compared after the Unicode normalisation the oracle uses
 * (NFC, zero-width characters dropped, whitespace folded) and nothing more: case is kept, since
 * firmware may filter `Free Tibet` and not `free tibet`. The language tag is compared without
 * case (BCP 47 tags are case-insensitive: `zh-Hans` = `zh-hans`). Readable, e.g. `en Free Tibet`.
 */
export function termIdentity(term: TermIdentityOf): string {
  // a BCP 47 tag holds no space, so the first space ends it: `en Free Tibet`
  return `${term.language.toLowerCase()} ${normalise(term.text)}`;
}

/** Whether two terms are the same term (see {@link termIdentity}). */
export function isSameTerm(a: TermIdentityOf, b: TermIdentityOf): boolean {
  return termIdentity(a) === termIdentity(b);
}

/**
 * A term id derived from the term's identity, for terms that come without one (pasted into a
 * check): the same text and language get the same id in every check, and different terms never
 * share one (`term-` and 12 hex digits of the identity's sha256).
 */
export function derivedTermId(term: TermIdentityOf): string {
  return `term-${createHash('sha256').update(termIdentity(term)).digest('hex').slice(0, 12)}`;
}
