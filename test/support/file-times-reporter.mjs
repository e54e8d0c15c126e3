// A node:test reporter that prints, at the end, how long each test file ran (first event to last, in seconds):
// the figures `test/integration-order.ts` orders the integration tier by. Plain JavaScript: node loads
// reporters before tsx's hooks.
import { relative } from 'node:path';

/** @param {AsyncIterable<{ type: string, data: { file?: string } }>} source */
export default async function* fileTimes(source) {
  /** @type {Map<string, { first: number, last: number }>} */
  const spans = new Map();
  for await (const event of source) {
    const file = event.data?.file;
    if (!file) continue;
    const now = Date.now();
    const span = spans.get(file);
    if (span) span.last = now;
    else spans.set(file, { first: now, last: now });
  }
  const rows = [...spans]
    .map(
      ([file, span]) =>
        /** @type {const} */ ([relative(process.cwd(), file), (span.last - span.first) / 1000]),
    )
    .sort((a, b) => b[1] - a[1]);
  yield `\n# seconds per file\n${rows.map(([file, s]) => `# ${s.toFixed(1).padStart(6)}  ${file}`).join('\n')}\n`;
}
