// Imports a keyword list file (plain text, `+` rules or CSV) as a term list: read, checked line by line, merged, given ids.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { InputError } from '../../errors.ts';
import { csvFormat } from './csv-format.ts';
import { resolveMetadata, type ListMetadata } from './import-metadata.ts';
import type { ListFormat } from './list-format.ts';
import { listLines, type ListLinesOptions } from './list-lines.ts';
import { mergeEntries, type ImportedTerm } from './merge-entries.ts';
import { rulesFormat } from './rules-format.ts';
import { txtFormat } from './txt-format.ts';
import { termListYaml } from './write-term-list.ts';

/** The formats `censorwatch terms import --format` knows, by name. */
export const LIST_FORMATS = {
  txt: txtFormat,
  rules: rulesFormat,
  csv: csvFormat,
} as const satisfies Record<string, ListFormat>;

export type ListFormatName = keyof typeof LIST_FORMATS;

export interface ImportOptions extends Partial<ListMetadata>, ListLinesOptions {
  format: ListFormatName;
}

export interface ImportedTermList {
  name: string;
  licence?: string;
  terms: ImportedTerm[];
  /** Non-blank lines read (entries, and the CSV header). */
  lines: number;
  /** Entries merged into an earlier one. */
  duplicates: number;
  /** sha256 of the file imported. */
  sha256: string;
}

/**
 * Reads a keyword list and makes its term list. Metadata comes from `options`, else from
 * `FILE.meta.yaml` beside the list.
 * @throws InputError naming `file:line` for a bad line, the option or header field for bad metadata
 */
export function importTermList(file: string, options: ImportOptions): ImportedTermList {
  const format: ListFormat = LIST_FORMATS[options.format];
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new InputError('E_TERM_LIST', `${file}: cannot read keyword list`, { file }, { cause });
  }
  const metadata = resolveMetadata(file, options);
  const lines = listLines(file, bytes, options);
  const { terms, duplicates } = mergeEntries(format.parse(file, lines), metadata);
  if (terms.length === 0) {
    throw new InputError('E_TERM_LIST', `${file}: no keywords; expected ${format.description}`, {
      file,
    });
  }
  return {
    name: metadata.name,
    ...(metadata.licence === undefined ? {} : { licence: metadata.licence }),
    terms,
    lines: lines.length,
    duplicates,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** The imported list as a YAML term list, with its provenance (file name, format, hash, counts) as a comment. */
export function importedTermListYaml(
  file: string,
  format: ListFormatName,
  imported: ImportedTermList,
): string {
  return termListYaml({
    name: imported.name,
    ...(imported.licence === undefined ? {} : { licence: imported.licence }),
    terms: imported.terms,
    comment: [
      `Imported by \`censorwatch terms import --format ${format}\` from ${basename(file)}`,
      `(sha256 ${imported.sha256}): ${imported.terms.length} terms, ${imported.duplicates} duplicate${imported.duplicates === 1 ? '' : 's'} merged.`,
      'Controls are chosen when the list is loaded (same script, similar length, the same every run).',
    ],
  });
}
