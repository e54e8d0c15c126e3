// Finds what to compare in the store (a model's two firmwares, a firmware's two latest runs) and writes the comparison pages beside the reports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from '../errors.ts';
import { firmwareSlug } from '../report/firmware-slug.ts';
import type { ProbeResult } from '../store/probe-result.ts';
import type { ResultStore, RunRecord } from '../store/result-store.ts';
import {
  compareRuns,
  splitFirmwareKey,
  termKeyOf,
  type ComparedSide,
  type RunComparison,
} from './compare-runs.ts';
import { toHtml, toJson, toMarkdown, type ComparisonKind } from './render-comparison.ts';

/** Folder under the reports directory that holds diff and drift pages. */
export const COMPARISONS_DIR = 'diffs';

/**
 * Earlier runs a side before reads, at most, for the terms its latest run did not probe: a term
 * probed longer ago is listed apart (nothing to compare with) rather than all history read.
 */
const LOOKBACK_RUNS = 30;

export interface ComparisonPages {
  html: string;
  markdown: string;
  json: string;
}

interface Side {
  side: ComparedSide;
  results: ProbeResult[];
}

/** A firmware's side in one run (the side after). */
async function sideOf(store: ResultStore, firmwareKey: string, run: RunRecord): Promise<Side> {
  return {
    side: { firmwareKey, runId: run.runId, runAt: run.createdAt },
    results: await store.probesOfRun(run.runId, firmwareKey),
  };
}

/**
 * The side before `after`: the firmware's latest run in `runs` (oldest first), and for each
 * term of `after` that run did not probe, the term's probes in the latest earlier run that has
 * it. So a nightly run after a one-term targeted check is still compared term by term with the
 * nightly before, and a check with the run before it on the same term.
 */
async function sideBefore(
  store: ResultStore,
  firmwareKey: string,
  runs: readonly RunRecord[],
  after: Side,
): Promise<Side> {
  const [latest, ...earlier] = [...runs].reverse();
  const before = await sideOf(store, firmwareKey, latest!);
  const known = new Set(before.results.filter((r) => r.role === 'term').map(termKeyOf));
  const missing = new Set(
    after.results
      .filter((r) => r.role === 'term')
      .map(termKeyOf)
      .filter((key) => !known.has(key)),
  );
  const earlierRunIds: string[] = [];
  for (const run of earlier.slice(0, LOOKBACK_RUNS)) {
    if (missing.size === 0) break;
    const found = (await store.probesOfRun(run.runId, firmwareKey)).filter(
      (r) => r.role === 'term' && missing.has(termKeyOf(r)),
    );
    if (found.length === 0) continue;
    for (const result of found) missing.delete(termKeyOf(result));
    before.results.push(...found);
    earlierRunIds.push(run.runId);
  }
  if (earlierRunIds.length > 0) before.side.earlierRunIds = earlierRunIds;
  return before;
}

/** The firmware keys of a model with results, the most recently run last. */
export async function firmwaresOfModel(store: ResultStore, model: string): Promise<string[]> {
  const keys = (await store.firmwareKeys()).filter((key) => splitFirmwareKey(key).model === model);
  const latest = await Promise.all(
    keys.map(async (key) => ({
      key,
      at: (await store.runsOfFirmware(key)).at(-1)?.createdAt ?? '',
    })),
  );
  return latest
    .sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key))
    .map((l) => l.key);
}

/**
 * Firmware `from` against `to` of `model`: `to` at its latest run, `from` at its latest run (and,
 * for terms that run did not probe, their latest earlier probe). Without versions, the two most
 * recently run firmwares of the model (the older one first).
 * @throws InputError naming the option when the model or a version has no results
 */
export async function diffFirmwares(
  store: ResultStore,
  options: { model: string; from?: string; to?: string },
): Promise<RunComparison> {
  const firmwares = await firmwaresOfModel(store, options.model);
  if (firmwares.length === 0) {
    const models = [...new Set((await store.firmwareKeys()).map((k) => splitFirmwareKey(k).model))];
    throw new InputError(
      'E_CONFIG',
      `--model: no results for model "${options.model}"; models with results: ${models.join(', ') || 'none'}`,
      { field: '--model' },
    );
  }
  const keyOf = (version: string, option: string): string => {
    const key = `${options.model} / ${version}`;
    if (!firmwares.includes(key)) {
      throw new InputError(
        'E_CONFIG',
        `${option}: ${options.model} has no results for firmware "${version}"; it has: ${firmwares.map((k) => splitFirmwareKey(k).version).join(', ')}`,
        { field: option },
      );
    }
    return key;
  };
  const to = options.to ? keyOf(options.to, '--to') : firmwares.at(-1)!;
  const from = options.from
    ? keyOf(options.from, '--from')
    : firmwares.filter((key) => key !== to).at(-1);
  if (!from || from === to) {
    throw new InputError(
      'E_CONFIG',
      `--from: ${options.model} needs results on two firmwares to compare; it has ${firmwares.length === 1 ? 'only ' : ''}${firmwares.map((k) => splitFirmwareKey(k).version).join(', ')}`,
      { field: '--from' },
    );
  }
  const after = await sideOf(store, to, (await store.runsOfFirmware(to)).at(-1)!);
  return compareRuns(await sideBefore(store, from, await store.runsOfFirmware(from), after), after);
}

/**
 * The run `runId` on `firmwareKey` against the run before it on the same firmware (terms that
 * run did not probe: against their latest earlier probe); null for the firmware's first run.
 */
export async function driftOf(
  store: ResultStore,
  firmwareKey: string,
  runId: string,
): Promise<RunComparison | null> {
  const runs = await store.runsOfFirmware(firmwareKey);
  const at = runs.findIndex((run) => run.runId === runId);
  if (at <= 0) return null;
  const after = await sideOf(store, firmwareKey, runs[at]!);
  return compareRuns(await sideBefore(store, firmwareKey, runs.slice(0, at), after), after);
}

/**
 * The model's previous firmware, compared with `firmwareKey` in `runId`: of the model's other
 * firmwares already known before this run, the one run most recently (in this run too, when the
 * farm still has a phone on it). Null when the model had no other firmware before.
 */
export async function regressionOf(
  store: ResultStore,
  firmwareKey: string,
  runId: string,
): Promise<RunComparison | null> {
  const { model } = splitFirmwareKey(firmwareKey);
  const run = await store.run(runId);
  if (!run) return null;
  let predecessor: { key: string; runs: RunRecord[] } | null = null;
  const others = (await store.firmwareKeys()).filter(
    (key) => key !== firmwareKey && splitFirmwareKey(key).model === model,
  );
  for (const key of others) {
    const runs = (await store.runsOfFirmware(key)).filter((r) => r.createdAt <= run.createdAt);
    const knownBefore = runs.some((r) => r.createdAt < run.createdAt);
    const last = runs.at(-1);
    if (
      knownBefore &&
      last &&
      (!predecessor || last.createdAt > predecessor.runs.at(-1)!.createdAt)
    ) {
      predecessor = { key, runs };
    }
  }
  if (!predecessor) return null;
  const after = await sideOf(store, firmwareKey, run);
  return compareRuns(await sideBefore(store, predecessor.key, predecessor.runs, after), after);
}

/** Writes `<reports>/diffs/<name>.{html,md,json}`; returns their paths. */
export function writeComparisonPages(
  reportsDir: string,
  kind: ComparisonKind,
  comparison: RunComparison,
): ComparisonPages {
  const dir = join(reportsDir, COMPARISONS_DIR);
  mkdirSync(dir, { recursive: true });
  const name =
    kind === 'drift'
      ? `drift-${firmwareSlug(comparison.after.firmwareKey)}-${comparison.before.runId}-${comparison.after.runId}`
      : `diff-${firmwareSlug(comparison.before.firmwareKey)}-to-${firmwareSlug(comparison.after.firmwareKey)}`;
  const pages: ComparisonPages = {
    html: join(dir, `${name}.html`),
    markdown: join(dir, `${name}.md`),
    json: join(dir, `${name}.json`),
  };
  writeFileSync(pages.html, toHtml(kind, comparison, relative(dir, reportsDir) || '.'));
  writeFileSync(pages.markdown, toMarkdown(kind, comparison));
  writeFileSync(pages.json, toJson(kind, comparison));
  return pages;
}
