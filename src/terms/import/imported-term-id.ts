// Term ids for imported terms: derived from the text alone, a readable slug where the text is Latin, else a short hash; unique in the list.
import { createHash } from 'node:crypto';
import { termIdentity, derivedTermId, type TermIdentityOf } from '../term-identity.ts';
import { termParts } from '../term.ts';

/** Slugs are cut (at a dash) to this many characters before the language is appended. */
const MAX_SLUG_LENGTH = 48;

/**
 * The id a term gets on its own: `free-tibet-en` for Latin text (diacritics dropped, a combination's
 * components joined by `-and-`), the identity's `term-<12 hex>` otherwise (`西藏 + 獨立`), so the
 * same term gets the same id in every import.
 */
export function baseTermId(term: TermIdentityOf): string {
  const slug = slugOf(term.text);
  return slug === null ? derivedTermId(term) : `${slug}-${term.language.toLowerCase()}`;
}

/**
 * Ids for a list's terms in order: each its {@link baseTermId}; a later term whose slug an earlier
 * one took (`Free Tibet`, `free tibet!`) gets a suffix from its own identity's hash, so it too
 * keeps its id when terms are added to the list.
 */
export function assignTermIds(terms: readonly TermIdentityOf[]): string[] {
  const taken = new Set<string>();
  return terms.map((term) => {
    let id = baseTermId(term);
    const digest = createHash('sha256').update(termIdentity(term)).digest('hex');
    for (let length = 6; taken.has(id); length += 2)
      id = `${baseTermId(term)}-${digest.slice(0, length)}`;
    taken.add(id);
    return id;
  });
}

/** The lowercase ASCII slug of a text, or null when the text is not (accented) Latin, digits and punctuation. */
function slugOf(text: string): string | null {
  const components = termParts(text).map((part) =>
    part.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase(),
  );
  if (!components.every((part) => /^[\x20-\x7e]+$/.test(part))) return null;
  const slug = components
    .map((part) => part.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((part) => part !== '')
    .join('-and-');
  if (slug === '') return null;
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH);
  return cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : cut;
}
