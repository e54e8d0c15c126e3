// A node:test reporter that prints, at the end, how long each test file's tests ran (the sum of its top-level
// tests' and suites' durations, in seconds): the figures `test/integration-order.ts` orders the integration tier
// by. Plain JavaScript: node loads reporters before tsx's hooks.
import { relative } from 'node:path';

/** @param {AsyncIterable<{ type: string, data: { file?: string, nesting?: number, details?: { duration_ms?: number } } }>} source */
export default async function* fileTimes(source) {
  /** @type {Map<string, number>} */
  const seconds = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, nesting, details } = event.data;
    if (!file || nesting !== 0) continue;
    seconds.set(file, (seconds.get(file) ?? 0) + (details?.duration_ms ?? 0) / 1000);
  }
  const rows = [...seconds]
    .map(([file, s]) => /** @type {const} */ ([relative(process.cwd(), file), s]))
    .sort((a, b) => b[1] - a[1]);
  yield `\n# seconds per file (its top-level tests)\n${rows.map(([file, s]) => `# ${s.toFixed(1).padStart(6)}  ${file}`).join('\n')}\n`;
}
