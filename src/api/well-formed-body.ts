// Finds text that is not well-formed Unicode (a lone surrogate, which JSON's \ud800 escape allows) in a parsed body.

/** Matches a surrogate that is not half of a pair (the `u` flag pairs the others). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The path of the first string (or object key) in `value` holding a lone surrogate, e.g.
 * `['terms', 0, 'text']`, or `undefined` when every string is well-formed. A key names the
 * object holding it.
 */
export function illFormedPath(
  value: unknown,
  path: (string | number)[] = [],
): (string | number)[] | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = illFormedPath(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return path;
      const found = illFormedPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
