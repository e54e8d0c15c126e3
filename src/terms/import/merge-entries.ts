// Turns a list's entries into terms: duplicates (same term identity) merged into the first, ids assigned, metadata applied.
import { termIdentity } from '../term-identity.ts';
import type { ListEntry } from './list-format.ts';
import type { ListMetadata } from './import-metadata.ts';
import { assignTermIds } from './imported-term-id.ts';

/** A term as the term list file holds it (its control is chosen when the list is loaded). */
export interface ImportedTerm {
  id: string;
  text: string;
  language: string;
  category: string;
  source: string;
}

export interface MergedTerms {
  terms: ImportedTerm[];
  /** Entries dropped as a repeat of an earlier one (same normalised text and language). */
  duplicates: number;
}

/**
 * The terms of a list's entries in file order. A repeat of a term (its identity: normalised text +
 * language) is merged into its first entry: the first text is kept, and the dates the entries were
 * detected on are all kept in the source (`Citizen Lab 2016 (detected on 2016-01-10, 2016-03-02)`).
 */
export function mergeEntries(entries: readonly ListEntry[], metadata: ListMetadata): MergedTerms {
  const byIdentity = new Map<string, { text: string; detectedOn: string[] }>();
  for (const entry of entries) {
    const identity = termIdentity({ text: entry.text, language: metadata.language });
    const merged = byIdentity.get(identity) ?? { text: entry.text, detectedOn: [] };
    if (entry.detectedOn !== undefined && !merged.detectedOn.includes(entry.detectedOn))
      merged.detectedOn.push(entry.detectedOn);
    byIdentity.set(identity, merged);
  }
  const unique = [...byIdentity.values()];
  const ids = assignTermIds(unique.map(({ text }) => ({ text, language: metadata.language })));
  return {
    duplicates: entries.length - unique.length,
    terms: unique.map(({ text, detectedOn }, index) => ({
      id: ids[index]!,
      text,
      language: metadata.language,
      category: metadata.category,
      source:
        detectedOn.length === 0
          ? metadata.source
          : `${metadata.source} (detected on ${detectedOn.join(', ')})`,
    })),
  };
}
