// The CSV format: a `keyword_combination,detected_on` header, then one row per keyword or combination (RFC 4180 quoting).
import type { ListEntry, ListFormat } from './list-format.ts';
import { lineError } from './list-lines.ts';
import { parseRule } from './rules-format.ts';

/** The header a CSV list must start with. */
export const CSV_COLUMNS = ['keyword_combination', 'detected_on'] as const;

export const csvFormat: ListFormat = {
  name: 'csv',
  description: `CSV with the header ${CSV_COLUMNS.join(',')}; components joined by "+"`,
  parse(file, lines) {
    const [header, ...rows] = lines;
    if (!header) return [];
    const names = splitCsvRow(header.text, file, header.number).map((name) => name.trim());
    if (names.join(',') !== CSV_COLUMNS.join(',')) {
      throw lineError(
        file,
        header.number,
        `expected the header row "${CSV_COLUMNS.join(',')}", got ${names.length} column${names.length === 1 ? '' : 's'} "${names.join(',').slice(0, 60)}"`,
      );
    }
    return rows.map(({ number, text }): ListEntry => {
      const fields = splitCsvRow(text, file, number);
      if (fields.length !== CSV_COLUMNS.length) {
        throw lineError(
          file,
          number,
          `row has ${fields.length} column${fields.length === 1 ? '' : 's'}; expected ${CSV_COLUMNS.length} (${CSV_COLUMNS.join(',')}) — a keyword holding a comma must be in double quotes`,
        );
      }
      const [keyword, detectedOn] = fields.map((field) => field.trim()) as [string, string];
      if (keyword === '') {
        throw lineError(file, number, `column ${CSV_COLUMNS[0]} is empty; expected a keyword`);
      }
      return {
        text: parseRule(keyword, file, number),
        line: number,
        ...(detectedOn === '' ? {} : { detectedOn }),
      };
    });
  },
};

/**
 * The fields of one CSV row (RFC 4180): comma-separated, a field in double quotes may hold commas
 * and doubled quotes (`""`). A keyword never spans lines, so a quote left open at the end of the
 * line is refused rather than read on into the next.
 */
export function splitCsvRow(row: string, file: string, line: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    const fieldStart = i;
    while (row[i] === ' ') i += 1; // spaces before an opening quote
    if (row[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const quote = row.indexOf('"', i);
        if (quote === -1) {
          throw lineError(
            file,
            line,
            `quoted field opened at column ${fieldStart + 1} is not closed on this line; expected a closing " (a keyword cannot span lines)`,
          );
        }
        value += row.slice(i, quote);
        if (row[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      while (row[i] === ' ') i += 1;
      if (i < row.length && row[i] !== ',') {
        throw lineError(
          file,
          line,
          `text after the closing quote at column ${i + 1}; expected "," or the end of the line (write a quote inside a quoted field as "")`,
        );
      }
      fields.push(value);
    } else {
      const comma = row.indexOf(',', fieldStart);
      const end = comma === -1 ? row.length : comma;
      const value = row.slice(fieldStart, end);
      const quote = value.indexOf('"');
      if (quote !== -1) {
        throw lineError(
          file,
          line,
          `a " at column ${fieldStart + quote + 1} inside an unquoted field; expected the whole field in double quotes with the " doubled ("say ""no""")`,
        );
      }
      fields.push(value);
      i = end;
    }
    if (i >= row.length) return fields;
    i += 1; // the comma
  }
}
