// A plain text table for the terminal: columns padded to their widest cell, two spaces apart, no trailing padding.

/** Cells are printed as given: a caller strips control characters from text it did not write. */
export function textTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, c) => Math.max(...all.map((cells) => cells[c]!.length)));
  return all
    .map((cells) =>
      cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  '),
    )
    .join('\n');
}
