// The term lists a check may name: files of one folder, by file name only.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { loadTermList } from '../terms/load-term-list.ts';
import type { TermList } from '../terms/term.ts';

/** Term list files in `dir`, sorted. */
export function termListFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => /\.(ya?ml|json)$/.test(file))
    .sort();
}

/** A shipped term list by file name (never a path: a check cannot read other files). */
export function shippedTermList(dir: string, file: string): TermList {
  const known = termListFiles(dir);
  if (!known.includes(file)) {
    throw new InputError(
      'E_TERM_LIST',
      `termList: no term list "${file}"; known: ${known.join(', ')}`,
      { field: 'termList' },
    );
  }
  return loadTermList(join(dir, file));
}
