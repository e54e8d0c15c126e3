// A page per model: every term filtered on some firmware of it, against each firmware, built from the store.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFinding } from '../oracle/finding.ts';
import type { Verdict } from '../oracle/verdict.ts';
import { splitFirmwareKey, termKeyOf } from '../regress/compare-runs.ts';
import { firmwaresOfModel } from '../regress/firmware-diff.ts';
import type { ProbeResult } from '../store/probe-result.ts';
import type { ResultStore } from '../store/result-store.ts';
import { firmwareSlug } from './firmware-slug.ts';
import { escapeHtml } from './report-index.ts';

/** Folder under the reports directory that holds the model pages. */
export const MODEL_PAGES_DIR = 'models';
/** Runs of a firmware read, newest first, for terms its latest run did not probe. */
const LOOKBACK_RUNS = 10;

/** One term's latest outcome on one firmware. */
export interface MatrixCell {
  verdict: Verdict;
  /** Where it first differed (`render`, `state`...); null when intact or inconclusive. */
  channel: string | null;
  runId: string;
  probeId: string;
  /** First evidence file, relative to the reports folder; null when none was kept. */
  evidence: string | null;
  finding: boolean;
}

export interface MatrixRow {
  term: string;
  language: string;
  category: string;
  target: string;
  direction: string | null;
  /** Per firmware key; absent where the term was not probed. */
  cells: Record<string, MatrixCell>;
}

export interface ModelMatrix {
  model: string;
  /** Oldest run first. */
  firmwareKeys: string[];
  /** Terms that are a finding on at least one firmware, sorted by term. */
  rows: MatrixRow[];
  /** Distinct terms probed on any firmware of the model. */
  termsProbed: number;
  /** Per firmware key: findings in each of its recent runs, oldest first. */
  trends: Record<string, number[]>;
}

/**
 * Each firmware's latest outcome per term (its latest run, and earlier runs for terms that run
 * did not probe), keeping only terms that are a finding on at least one firmware. Pure.
 */
export function buildModelMatrix(
  model: string,
  byFirmware: readonly { firmwareKey: string; runs: readonly (readonly ProbeResult[])[] }[],
): ModelMatrix {
  const rows = new Map<string, MatrixRow>();
  for (const { firmwareKey, runs } of byFirmware) {
    for (const results of runs) {
      for (const result of results) {
        if (result.role !== 'term') continue;
        const key = termKeyOf(result);
        let row = rows.get(key);
        if (!row) {
          row = {
            term: result.term,
            language: result.language,
            category: result.category,
            target: result.target,
            direction: result.direction ?? null,
            cells: {},
          };
          rows.set(key, row);
        }
        // runs come newest first: the first outcome seen is the latest
        row.cells[firmwareKey] ??= {
          verdict: result.verdict,
          channel: result.channel,
          runId: result.runId,
          probeId: result.probeId,
          evidence: result.evidence[0] ?? null,
          finding: isFinding(result),
        };
      }
    }
  }
  const filtered = [...rows.values()]
    .filter((row) => Object.values(row.cells).some((cell) => cell.finding))
    .sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  return {
    model,
    firmwareKeys: byFirmware.map((f) => f.firmwareKey),
    rows: filtered,
    termsProbed: rows.size,
    trends: Object.fromEntries(
      byFirmware.map((f) => [
        f.firmwareKey,
        f.runs.map((run) => run.filter(isFinding).length).reverse(),
      ]),
    ),
  };
}

/** Reads a model's firmwares from the store (their recent runs) and builds its matrix. */
export async function modelMatrixOf(store: ResultStore, model: string): Promise<ModelMatrix> {
  const byFirmware = [];
  for (const firmwareKey of await firmwaresOfModel(store, model)) {
    const runs = (await store.runsOfFirmware(firmwareKey)).reverse().slice(0, LOOKBACK_RUNS);
    const results = [];
    for (const run of runs) results.push(await store.probesOfRun(run.runId, firmwareKey));
    byFirmware.push({ firmwareKey, runs: results });
  }
  return buildModelMatrix(model, byFirmware);
}

/** Writes `<reportsDir>/models/<slug>.html` for each model; returns the matrices written. */
export async function writeModelPages(
  store: ResultStore,
  reportsDir: string,
  models: readonly string[],
): Promise<ModelMatrix[]> {
  const dir = join(reportsDir, MODEL_PAGES_DIR);
  mkdirSync(dir, { recursive: true });
  const written = [];
  for (const model of models) {
    const matrix = await modelMatrixOf(store, model);
    const file = join(dir, modelPageName(model));
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, renderModelMatrix(matrix));
    renameSync(temporary, file);
    written.push(matrix);
  }
  return written;
}

/** The model page's file name under `models/`. */
export function modelPageName(model: string): string {
  return `${firmwareSlug(model)}.html`;
}

/** The models of these firmware keys, each once, sorted. */
export function modelsOf(firmwareKeys: readonly string[]): string[] {
  return [...new Set(firmwareKeys.map((key) => splitFirmwareKey(key).model))].sort();
}

/**
 * Sorts the table by a clicked column and filters its rows by category, language and text; only
 * reads the page's own text (textContent, data attributes), never writes markup.
 */
const SCRIPT = `(() => {
  const table = document.getElementById('matrix');
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const pick = (id) => document.getElementById(id);
  const apply = () => {
    const category = pick('category').value;
    const language = pick('language').value;
    const text = pick('text').value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const show = (category === '' || row.dataset.category === category) &&
        (language === '' || row.dataset.language === language) &&
        (text === '' || row.cells[0].textContent.toLowerCase().includes(text));
      row.hidden = !show;
      if (show) shown += 1;
    }
    pick('shown').textContent = String(shown);
  };
  for (const id of ['category', 'language', 'text']) pick(id).addEventListener('input', apply);
  let sorted = { column: -1, up: true };
  table.tHead.addEventListener('click', (event) => {
    const th = event.target.closest('th');
    if (!th) return;
    const column = th.cellIndex;
    sorted = { column, up: sorted.column === column ? !sorted.up : true };
    const key = (row) => row.cells[column].dataset.sort ?? row.cells[column].textContent;
    rows.sort((a, b) => (sorted.up ? 1 : -1) * key(a).localeCompare(key(b)));
    body.append(...rows);
  });
})();`;
const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** Rank of a cell when sorting a firmware's column: findings first, then inconclusive, intact, not probed. */
function sortKey(cell: MatrixCell | undefined): string {
  if (!cell) return '3';
  if (cell.finding) return `0${cell.verdict}`;
  return cell.verdict === 'inconclusive' ? '1' : '2';
}

/** The page: every piece of text escaped; the only script is the one above, allowed by its hash. */
export function renderModelMatrix(matrix: ModelMatrix): string {
  const options = (values: Iterable<string>) =>
    [...new Set(values)]
      .sort()
      .map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`)
      .join('');
  const head = ['term', 'language', 'category', 'app', ...matrix.firmwareKeys]
    .map((h, i) => {
      const link =
        i >= 4 ? `<a href="../allure/${encodeURIComponent(firmwareSlug(h))}/index.html">` : '';
      return `<th>${link}${escapeHtml(h)}${link ? '</a>' : ''}</th>`;
    })
    .join('');
  const body = matrix.rows.map((row) => {
    const app = row.direction ? `${row.target} › ${row.direction}` : row.target;
    const cells = matrix.firmwareKeys.map((key) => cellHtml(row.cells[key]));
    return `<tr data-category="${escapeHtml(row.category)}" data-language="${escapeHtml(row.language)}"><td>${escapeHtml(row.term)}</td><td>${escapeHtml(row.language)}</td><td>${escapeHtml(row.category)}</td><td>${escapeHtml(app)}</td>${cells.join('')}</tr>`;
  });
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; script-src 'sha256-${SCRIPT_HASH}'">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(matrix.model)} — censorwatch</title>
    <style>
      body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
      table { border-collapse: collapse; }
      th { cursor: pointer; position: sticky; top: 0; background: #fff; }
      th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
      td.finding { background: #fde2e1; font-weight: bold; }
      td.inconclusive { background: #fff4d6; }
      td.intact { color: #666; }
      td.none { color: #aaa; }
      .filters { margin: 1rem 0; display: flex; gap: 1rem; flex-wrap: wrap; }
    </style>
  </head>
  <body>
    <p><a href="../index.html">all reports</a></p>
    <h1>${escapeHtml(matrix.model)}</h1>
    <p>Terms filtered on at least one firmware of this model (a finding: filtered with its control intact, repeated, and intact on the reference device), each firmware at its latest outcome. <span id="shown">${matrix.rows.length}</span> of ${matrix.rows.length} terms shown; ${matrix.termsProbed} terms probed in all.</p>
    <div class="filters">
      <label>category <select id="category"><option value="">all</option>${options(matrix.rows.map((r) => r.category))}</select></label>
      <label>language <select id="language"><option value="">all</option>${options(matrix.rows.map((r) => r.language))}</select></label>
      <label>term <input id="text" type="search"></label>
    </div>
    <table id="matrix">
      <thead><tr>${head}</tr></thead>
      <tbody>
${body.join('\n')}
      </tbody>
    </table>
    <script>${SCRIPT}</script>
  </body>
</html>
`;
}

function cellHtml(cell: MatrixCell | undefined): string {
  if (!cell) return `<td class="none" data-sort="${sortKey(cell)}">not probed</td>`;
  const className = cell.finding
    ? 'finding'
    : cell.verdict === 'inconclusive'
      ? 'inconclusive'
      : cell.verdict === 'intact'
        ? 'intact'
        : '';
  const text = cell.finding && cell.channel ? `${cell.verdict} on ${cell.channel}` : cell.verdict;
  const label = escapeHtml(text);
  const content = cell.evidence
    ? `<a href="../${cell.evidence.split('/').map(encodeURIComponent).join('/')}">${label}</a>`
    : label;
  return `<td class="${className}" data-sort="${sortKey(cell)}" title="${escapeHtml(`run ${cell.runId}, probe ${cell.probeId}`)}">${content}</td>`;
}
