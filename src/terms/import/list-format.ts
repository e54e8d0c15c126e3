// What a keyword list format is: a parser from a file's numbered lines to the entries it lists.
import type { ListLine } from './list-lines.ts';

/** One keyword (or combination) as a list file gives it, before duplicates are merged. */
export interface ListEntry {
  /** The term's text; a combination is its components joined by ` + `. */
  text: string;
  /** Line the entry came from (1-based). */
  line: number;
  /** When the list says the keyword was seen filtered (CSV `detected_on`), as written there. */
  detectedOn?: string;
}

/** A list format: its name on the command line and its parser. */
export interface ListFormat {
  name: string;
  /** One line for `--help` and errors. */
  description: string;
  /** The entries of a file's non-blank lines; throws InputError naming `file:line` on a bad one. */
  parse(file: string, lines: readonly ListLine[]): ListEntry[];
}
