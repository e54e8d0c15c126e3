// Counts per firmware key and the plain-text table the CLI prints after a run.
import {
  FILTERED_VERDICTS,
  INCONCLUSIVE_REASONS,
  isFiltered,
  type FilteredVerdict,
  type InconclusiveReason,
} from '../oracle/verdict.ts';
import { formatFirmwareUpdate, type FirmwareUpdate } from '../regress/firmware-updates.ts';
import { isGroupProbe, type ProbeResult } from '../store/probe-result.ts';

/** What one firmware key's probes came to. */
export interface FirmwareSummary {
  firmwareKey: string;
  /** Every probe of a term, sensitive terms and controls alike (cleared by a group or probed alone); not group probes. */
  probes: number;
  /** Group screening's payloads of many terms and their group controls. */
  groupProbes: number;
  /** Terms (and their controls) recorded intact because a group probe cleared them. */
  clearedByGroup: number;
  /** Probes whose verdict is intact (controls included). */
  intact: number;
  /** Sensitive-term probes (not controls) with a filtered verdict, by verdict class. */
  findings: Record<FilteredVerdict, number>;
  /** Sum of `findings`. */
  findingsTotal: number;
  /** Controls with a filtered verdict: never findings, they make their terms inconclusive. */
  filteredControls: number;
  inconclusive: number;
  /** Only reasons that occurred; `unknown` for an inconclusive record without a reason. */
  inconclusiveByReason: Partial<Record<InconclusiveReason | 'unknown', number>>;
}

/** One row per firmware key, sorted by key. */
export function summariseByFirmware(results: readonly ProbeResult[]): FirmwareSummary[] {
  const rows = new Map<string, FirmwareSummary>();
  for (const result of results) {
    let row = rows.get(result.firmwareKey);
    if (!row) {
      row = emptySummary(result.firmwareKey);
      rows.set(result.firmwareKey, row);
    }
    if (isGroupProbe(result)) {
      row.groupProbes += 1;
      continue;
    }
    row.probes += 1;
    if (result.clearedBy) row.clearedByGroup += 1;
    if (result.verdict === 'intact') {
      row.intact += 1;
    } else if (result.verdict === 'inconclusive') {
      row.inconclusive += 1;
      const reason = result.reason ?? 'unknown';
      row.inconclusiveByReason[reason] = (row.inconclusiveByReason[reason] ?? 0) + 1;
    } else if (isFiltered(result.verdict)) {
      if (result.role === 'term') {
        row.findings[result.verdict] += 1;
        row.findingsTotal += 1;
      } else if (result.role === 'control') {
        row.filteredControls += 1;
      }
    }
  }
  return [...rows.values()].sort((a, b) =>
    a.firmwareKey < b.firmwareKey ? -1 : a.firmwareKey > b.firmwareKey ? 1 : 0,
  );
}

function emptySummary(firmwareKey: string): FirmwareSummary {
  const findings = Object.fromEntries(FILTERED_VERDICTS.map((v) => [v, 0])) as Record<
    FilteredVerdict,
    number
  >;
  return {
    firmwareKey,
    probes: 0,
    groupProbes: 0,
    clearedByGroup: 0,
    intact: 0,
    findings,
    findingsTotal: 0,
    filteredControls: 0,
    inconclusive: 0,
    inconclusiveByReason: {},
  };
}

const HEADERS = [
  'firmware',
  'probes',
  'intact',
  ...FILTERED_VERDICTS,
  'inconclusive',
  'report',
] as const;
const COLUMN_GAP = '  ';

/**
 * A fixed-width table, one line per firmware key, then one line per firmware key with
 * inconclusive probes giving their reasons. `reportLinks` maps firmware key → report path or URL.
 * Text from the results is stripped of control characters: a firmware key cannot drive the terminal.
 */
export function formatSummaryTable(
  rows: readonly FirmwareSummary[],
  reportLinks: Readonly<Record<string, string>>,
  /** Phones that ran another firmware than before, read off them: a line each. */
  firmwareUpdates: readonly FirmwareUpdate[] = [],
): string {
  if (rows.length === 0) return 'no probe results';
  const body = rows.map((row) => [
    printable(row.firmwareKey),
    String(row.probes),
    String(row.intact),
    ...FILTERED_VERDICTS.map((verdict) => String(row.findings[verdict])),
    String(row.inconclusive),
    printable(reportLinks[row.firmwareKey] ?? '-'),
  ]);
  const table = [[...HEADERS], ...body];
  const widths = HEADERS.map((_, column) =>
    Math.max(...table.map((cells) => cells[column]!.length)),
  );
  const numeric = (column: number): boolean => column > 0 && column < HEADERS.length - 1;
  const lines = table.map((cells) =>
    cells
      .map((cell, column) => {
        if (column === cells.length - 1) return cell; // no trailing padding
        return numeric(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!);
      })
      .join(COLUMN_GAP),
  );
  const reasons = rows
    .filter((row) => row.inconclusive > 0)
    .map((row) => {
      const parts = [...INCONCLUSIVE_REASONS, 'unknown' as const]
        .filter((r) => row.inconclusiveByReason[r])
        .map((r) => `${r} ${row.inconclusiveByReason[r]}`);
      return `inconclusive on ${printable(row.firmwareKey)}: ${parts.join(', ')}`;
    });
  const controls = rows
    .filter((row) => row.filteredControls > 0)
    .map(
      (row) =>
        `filtered controls on ${printable(row.firmwareKey)}: ${row.filteredControls} (not findings)`,
    );
  const screened = rows
    .filter((row) => row.groupProbes > 0)
    .map(
      (row) =>
        `screened in groups on ${printable(row.firmwareKey)}: ${row.groupProbes} group probes cleared ${row.clearedByGroup} of the probes above`,
    );
  const updates = firmwareUpdates.map((update) => printable(formatFirmwareUpdate(update)));
  const notes = [...updates, ...reasons, ...controls, ...screened];
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

/** Control characters and bidi overrides would let text move the cursor or reorder the line. */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, '\uFFFD');
}
