// The unit tier in one process: every test/unit/*/*.test.ts is imported here, so the modules they share load once
// (59 files: 39 s as one process each, 10 s together on 2 cores). One file still runs alone with `node --import tsx --test FILE`.
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(join(root, dir.name))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => join(root, dir.name, name)),
  )
  .sort();

for (const file of files) {
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    // a file that cannot load fails the tier under its own name; the others still run
    test(`${relative(root, file)} loads`, () => {
      throw error;
    });
  }
}
