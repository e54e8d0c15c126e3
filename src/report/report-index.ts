// The reports folder's index.html: one line per firmware key, linking its Allure report.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger } from '../log/logger.ts';
import { FILTERED_VERDICTS } from '../oracle/verdict.ts';
import type { FirmwareSummary } from './run-summary.ts';

const log = logger('report-index');

/** Folder under the reports directory that holds one Allure report per firmware slug. */
export const FIRMWARE_REPORTS_DIR = 'allure';
const INDEX_FILE = 'index.html';
/** Entries of earlier runs, so a targeted check on one phone does not drop the others from the index. */
const INDEX_DATA_FILE = 'report-index.json';

export interface ReportIndexEntry extends FirmwareSummary {
  /** `firmwareSlug(firmwareKey)`: names the report's folder. */
  slug: string;
  /** Run whose probes these counts are. */
  runId?: string;
  /** When the report was compiled. @defaultValue now */
  updatedAt?: string;
  /** What this run changed against the firmware's previous run (drift) or the model's previous firmware (regression). */
  changes?: IndexChange[];
  /** Findings in each of the firmware's recent runs, oldest first. */
  trend?: number[];
  /** The model's page (term × firmware), relative to the reports folder. */
  modelHref?: string;
}

/** A link from the index to a comparison page. */
export interface IndexChange {
  kind: 'drift' | 'regression';
  /** Relative to the reports folder. */
  href: string;
  label: string;
}

export interface StoredEntry extends ReportIndexEntry {
  updatedAt: string;
}

/** Relative link from the index to a firmware report. */
export function firmwareReportHref(slug: string): string {
  return `${FIRMWARE_REPORTS_DIR}/${encodeURIComponent(slug)}/${INDEX_FILE}`;
}

/**
 * Writes `<reportsDir>/index.html` listing the given entries and every firmware key indexed
 * before (an entry replaces the earlier one of the same firmware key). Returns the file's path.
 */
export function writeReportIndex(reportsDir: string, entries: readonly ReportIndexEntry[]): string {
  mkdirSync(reportsDir, { recursive: true });
  const now = new Date().toISOString();
  const byKey = new Map<string, StoredEntry>();
  for (const entry of readStoredEntries(reportsDir)) byKey.set(entry.firmwareKey, entry);
  for (const entry of entries)
    byKey.set(entry.firmwareKey, { ...entry, updatedAt: entry.updatedAt ?? now });
  const all = [...byKey.values()].sort((a, b) => (a.firmwareKey < b.firmwareKey ? -1 : 1));
  writeAtomically(join(reportsDir, INDEX_DATA_FILE), `${JSON.stringify(all, null, 2)}\n`);
  const file = join(reportsDir, INDEX_FILE);
  writeAtomically(file, renderReportIndex(all));
  return file;
}

/** The index page. Every piece of text is escaped; the page loads nothing and runs no script. */
export function renderReportIndex(entries: readonly ReportIndexEntry[]): string {
  const head = [
    'firmware',
    'probes',
    'intact',
    'findings',
    ...FILTERED_VERDICTS,
    'inconclusive',
    'trend',
    'run',
    'updated',
    'changes',
  ];
  const rows = entries.map((entry) => {
    const model = entry.modelHref
      ? ` <a class="model" href="${escapeHtml(entry.modelHref)}">model</a>`
      : '';
    const cells = [
      `<td><a href="${escapeHtml(firmwareReportHref(entry.slug))}">${escapeHtml(entry.firmwareKey)}</a>${model}</td>`,
      numberCell(entry.probes),
      numberCell(entry.intact),
      numberCell(entry.findingsTotal, entry.findingsTotal > 0 ? 'finding' : ''),
      ...FILTERED_VERDICTS.map((verdict) => numberCell(entry.findings[verdict])),
      numberCell(
        entry.inconclusive,
        entry.inconclusive > 0 ? 'inconclusive' : '',
        reasonsTitle(entry),
      ),
      trendCell(entry.trend ?? []),
      `<td>${escapeHtml(entry.runId ?? '')}</td>`,
      `<td>${escapeHtml(entry.updatedAt ?? '')}</td>`,
      changesCell(entry.changes ?? []),
    ];
    return `      <tr>${cells.join('')}</tr>`;
  });
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>censorwatch reports</title>
    <style>
      body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
      table { border-collapse: collapse; }
      th, td { padding: 0.3rem 0.7rem; border-bottom: 1px solid #ddd; text-align: left; }
      td.n { text-align: right; font-variant-numeric: tabular-nums; }
      td.finding { background: #fde2e1; font-weight: bold; }
      td.inconclusive { background: #fff4d6; }
      a.drift, a.regression { color: #b00; font-weight: bold; }
    </style>
  </head>
  <body>
    <h1>censorwatch reports</h1>
    <p>One Allure report per firmware key. A finding is a filtered verdict on a sensitive term whose control was intact.</p>
    <table>
      <tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>
${rows.join('\n')}
    </table>
  </body>
</html>
`;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Findings per run as a small bar chart (inline SVG), with the counts as its title. */
function trendCell(trend: readonly unknown[]): string {
  const counts = trend.map((n) => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0));
  if (counts.length === 0) return '<td></td>';
  const top = Math.max(1, ...counts);
  const bars = counts
    .map((n, i) => {
      const height = Math.max(1, Math.round((n / top) * 16));
      return `<rect x="${i * 5}" y="${18 - height}" width="4" height="${height}"></rect>`;
    })
    .join('');
  const title = `findings per run, oldest first: ${counts.join(', ')}`;
  return `<td title="${escapeHtml(title)}"><svg role="img" aria-label="${escapeHtml(title)}" width="${counts.length * 5}" height="18" fill="#b00">${bars}</svg></td>`;
}

function changesCell(changes: readonly IndexChange[]): string {
  const links = changes.map(
    (change) =>
      `<a class="${change.kind}" href="${escapeHtml(change.href)}">${escapeHtml(change.label)}</a>`,
  );
  return `<td>${links.join('<br>')}</td>`;
}

function numberCell(value: number, className = '', title = ''): string {
  const classes = ['n', className].filter(Boolean).join(' ');
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
  // Stored entries come from a file on disk: render even a number as escaped text.
  return `<td class="${classes}"${titleAttr}>${escapeHtml(String(value ?? 0))}</td>`;
}

function reasonsTitle(entry: ReportIndexEntry): string {
  return Object.entries(entry.inconclusiveByReason)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
}

/** The entries the index was last written with (none when missing or unreadable). */
export function readStoredEntries(reportsDir: string): StoredEntry[] {
  const file = join(reportsDir, INDEX_DATA_FILE);
  if (!existsSync(file)) return [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(parsed)) throw new TypeError('expected an array of entries');
    return parsed.filter(isStoredEntry);
  } catch (error) {
    log.warn(
      { file, err: error },
      'report index data unreadable; rebuilding the index from this run only',
    );
    return [];
  }
}

function isStoredEntry(value: unknown): value is StoredEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<StoredEntry>;
  return (
    typeof entry.firmwareKey === 'string' &&
    typeof entry.slug === 'string' &&
    typeof entry.probes === 'number' &&
    typeof entry.findings === 'object' &&
    entry.findings !== null &&
    typeof entry.inconclusiveByReason === 'object'
  );
}

/** A reader (the report server) never sees a half-written file. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}
