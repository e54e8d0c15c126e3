// Probe results as CSV (RFC 4180) for spreadsheets: one row per probe, with the term's metadata.
import type { ProbeResult } from '../store/probe-result.ts';

/** Columns, in order; each reads one value of a result. */
const COLUMNS: readonly [string, (r: ProbeResult) => string | number | null | undefined][] = [
  ['run_id', (r) => r.runId],
  ['probe_id', (r) => r.probeId],
  ['firmware_key', (r) => r.firmwareKey],
  ['device_id', (r) => r.deviceId],
  ['target', (r) => r.target],
  ['direction', (r) => r.direction],
  ['role', (r) => r.role],
  ['term_id', (r) => r.termId],
  ['term', (r) => r.term],
  ['language', (r) => r.language],
  ['category', (r) => r.category],
  ['source', (r) => r.source],
  ['licence', (r) => r.licence],
  ['control_of', (r) => r.controlOf],
  ['verdict', (r) => r.verdict],
  ['reason', (r) => r.reason],
  ['channel', (r) => r.channel],
  ['detail', (r) => r.detail],
  ['attempts', (r) => r.attempts.length || 1],
  ['reference_device', (r) => r.reference?.deviceId],
  ['reference_verdict', (r) => r.reference?.verdict],
  ['evidence', (r) => r.evidence.join(' ')],
  ['started_at', (r) => r.startedAt],
  ['ended_at', (r) => r.endedAt],
  // group screening: the group probe that cleared a term; a group's terms, a combination's components
  ['cleared_by', (r) => r.clearedBy?.probeId],
  ['members', (r) => r.members?.join(' ')],
];

/** A header line and one line per result, CRLF-terminated. */
export function toCsv(results: readonly ProbeResult[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const result of results) {
    lines.push(COLUMNS.map(([, read]) => csvCell(read(result))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * One quoted-when-needed cell. A text a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe, which spreadsheets
 * show as text; the JSON export keeps every term exactly.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
