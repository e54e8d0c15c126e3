import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvCell, toCsv } from '../../../src/report/export-csv.ts';
import { finding, probeResult } from '../../support/probe-results.ts';

/** RFC 4180 reading, enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') ((cell += '"'), (i += 1));
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') (row.push(cell), (cell = ''));
    else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      ((row = []), (cell = ''), (i += 1));
    } else cell += char;
  }
  return rows;
}

describe('toCsv', () => {
  const tricky = 'Free "Tibet", 自由西藏\nLaisvę Tibetui';
  const rows = parseCsv(
    toCsv([
      probeResult({ term: tricky, licence: 'CC-BY-4.0' }),
      finding('masked', {
        termId: 'other',
        evidence: ['evidence/r/a.png', 'evidence/r/a.html.txt'],
        reference: { deviceId: 'pixel', verdict: 'intact', probeId: 'x' },
      }),
    ]),
  );
  const header = rows[0]!;
  const column = (row: string[], name: string) => row[header.indexOf(name)];

  test('one header and one row per probe, every row as wide as the header', () => {
    assert.equal(rows.length, 3);
    assert.ok(rows.every((row) => row.length === header.length));
  });

  test('carries the term exactly, with its language, category, source and licence', () => {
    const row = rows[1]!;
    assert.equal(column(row, 'term'), tricky);
    assert.deepEqual(
      ['language', 'category', 'source', 'licence'].map((name) => column(row, name)),
      ['en', 'political', 'lt-ncsc-2021', 'CC-BY-4.0'],
    );
  });

  test('a finding shows its class, channel, evidence and the reference', () => {
    const row = rows[2]!;
    assert.equal(column(row, 'verdict'), 'masked');
    assert.equal(column(row, 'channel'), 'render');
    assert.equal(column(row, 'evidence'), 'evidence/r/a.png evidence/r/a.html.txt');
    assert.equal(column(row, 'reference_verdict'), 'intact');
    assert.equal(column(row, 'licence'), '', 'a record from before licences were kept');
  });

  test('a cell a spreadsheet would run as a formula is kept as text', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('-1+1'), "'-1+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell(-1), '-1', 'numbers are numbers');
    assert.equal(csvCell(null), '');
  });
});
