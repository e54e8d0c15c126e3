// Prints the integration tier's files, slowest first: two run at a time, and the slow ones must not start last.
// Seconds measured on a fresh clone with two files at a time (`file-times-reporter.mjs` prints them); a file not
// listed here goes first, since a new file's cost is not known yet.
import { readdirSync } from 'node:fs';

const SECONDS: Record<string, number> = {
  'lab-run.test.ts': 109,
  'lab-regression.test.ts': 100,
  'lab-run-checks.test.ts': 65,
  'web-page.test.ts': 51,
  'lab-fuzz.test.ts': 37,
  'uiautomator2-no-phone.test.ts': 12,
};

const dir = 'test/integration';
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.test.ts'))
  .sort((a, b) => (SECONDS[b] ?? Infinity) - (SECONDS[a] ?? Infinity) || a.localeCompare(b));
process.stdout.write(files.map((name) => `${dir}/${name}`).join('\n'));
