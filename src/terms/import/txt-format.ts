// The plain text format: one keyword per line, taken whole.
import { COMBINATION_SEPARATOR, termParts } from '../term.ts';
import type { ListFormat } from './list-format.ts';
import { lineError } from './list-lines.ts';

export const txtFormat: ListFormat = {
  name: 'txt',
  description: 'one keyword per line, taken whole',
  parse: (file, lines) =>
    lines.map(({ number, text }) => {
      const keyword = text.trim();
      // A term list reads `a + b` as a combination: a plain keyword must not turn into one.
      if (termParts(keyword).length > 1) {
        throw lineError(
          file,
          number,
          `keyword holds "${COMBINATION_SEPARATOR.trim()}" between spaces, which a term list reads as a combination; expected one keyword per line (import combinations with --format rules)`,
        );
      }
      return { text: keyword, line: number };
    }),
};
