// Writes imported terms as a YAML term list that loadTermList reads back to the same terms.
import { stringify } from 'yaml';
import type { ImportedTerm } from './merge-entries.ts';

export interface TermListDocument {
  name: string;
  /** The list's licence; absent means `unspecified` to the loader. */
  licence?: string;
  terms: readonly ImportedTerm[];
  /** Comment lines written above the list (provenance: no term text). */
  comment?: readonly string[];
}

/**
 * The term list as YAML. Controls are not written: the loader chooses them (same script, similar
 * length, the same every run), as it does for the shipped lists. One term per line of text: no
 * folding, quoting wherever YAML would read a text as another type (`1989`, `- x`, `#tag`).
 */
export function termListYaml(document: TermListDocument): string {
  const body = stringify(
    {
      name: document.name,
      ...(document.licence === undefined ? {} : { licence: document.licence }),
      terms: document.terms.map(({ id, text, language, category, source }) => ({
        id,
        text,
        language,
        category,
        source,
      })),
    },
    { lineWidth: 0 },
  );
  const comment = (document.comment ?? []).map((line) => `# ${line}\n`).join('');
  return `${comment}${body}`;
}
