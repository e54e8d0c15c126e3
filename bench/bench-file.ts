// reports/bench/bench.json: every figure of `npm run bench`, each benchmark replacing only its own sections.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { settings } from '../src/config/settings.ts';

/** Writes `sections` into bench.json beside the figures already there; returns the file. */
export function writeBenchFigures(sections: Record<string, unknown>): string {
  const dir = join(settings().reportsDir, 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'bench.json');
  const kept = readBench(file);
  writeFileSync(
    file,
    `${JSON.stringify({ ...kept, ...sections, measuredAt: new Date().toISOString(), machine: machine() }, null, 2)}\n`,
  );
  return file;
}

/** The figures written before, or none when the file is missing or not a JSON object. */
export function readBench(
  file: string = join(settings().reportsDir, 'bench', 'bench.json'),
): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The machine the figures were measured on. */
export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
