// A firmware key as a stable, filesystem- and URL-safe folder name for its report.
import { createHash } from 'node:crypto';

/** Longer slugs are cut and made unique with a hash. */
const MAX_SLUG_CHARS = 80;
const HASH_CHARS = 8;
/** Keys made only of these characters slug without loss worth a hash (case, `.`, `_` and spaces fold to `-`). */
const PLAIN_KEY = /^[A-Za-z0-9 ._/-]*$/;

/**
 * `Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM` → `xiaomi-mi-10t-5g--v12-5-4-0-rjdeuxm`.
 *
 * The same key always gives the same slug: the report's history lives in that folder. A key with
 * characters beyond plain ASCII letters, digits and `._-/` (non-Latin model names, punctuation,
 * hostile text), or one that would be empty or too long, gets a short hash of the whole key
 * appended, so keys that fold to the same letters do not share a report.
 */
export function firmwareSlug(firmwareKey: string): string {
  const parts = firmwareKey
    .split('/')
    .map(slugPart)
    .filter((part) => part.length > 0);
  let slug = parts.join('--');
  const lossy = !PLAIN_KEY.test(firmwareKey) || slug.length === 0 || slug.length > MAX_SLUG_CHARS;
  if (!lossy) return slug;
  const hash = createHash('sha256').update(firmwareKey).digest('hex').slice(0, HASH_CHARS);
  slug = slug.slice(0, MAX_SLUG_CHARS - HASH_CHARS - 1).replace(/-+$/, '');
  return slug.length > 0 ? `${slug}-${hash}` : `firmware-${hash}`;
}

function slugPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
