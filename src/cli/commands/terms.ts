// `censorwatch terms import`: a keyword list (plain text, `+` rules or CSV) as a YAML term list, on standard output or in a file.
import { writeFileSync } from 'node:fs';
import { InputError } from '../../errors.ts';
import {
  importedTermListYaml,
  importTermList,
  LIST_FORMATS,
  type ListFormatName,
} from '../../terms/import/import-term-list.ts';

/** The names `--format` accepts. */
export const LIST_FORMAT_NAMES = Object.keys(LIST_FORMATS) as ListFormatName[];

export interface TermsImportOptions {
  format: ListFormatName;
  language?: string;
  source?: string;
  licence?: string;
  category?: string;
  name?: string;
  /** File to write; standard output when absent. */
  out?: string;
}

export async function termsImportCommand(file: string, options: TermsImportOptions): Promise<void> {
  const { out, ...importOptions } = options;
  const imported = importTermList(file, importOptions);
  const yaml = importedTermListYaml(file, options.format, imported);
  if (out === undefined) {
    process.stdout.write(yaml);
  } else {
    try {
      writeFileSync(out, yaml);
    } catch (cause) {
      const reason = cause instanceof Error ? ` (${cause.message})` : '';
      throw new InputError('E_TERM_LIST', `--out: cannot write ${out}${reason}`, {
        field: '--out',
      });
    }
  }
  // Counts only: a term list can be sensitive.
  process.stderr.write(
    `imported ${count(imported.terms.length, 'term')} from ${file} (${count(imported.lines, 'line')}, ${count(imported.duplicates, 'duplicate')} merged)${out === undefined ? '' : ` into ${out}`}\n`,
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
