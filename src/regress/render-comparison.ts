// A comparison as an HTML page (terms as text, evidence linked), as Markdown for chat, and as JSON for machines.
import { escapeHtml } from '../report/report-index.ts';
import type { ProbeSummary, RunComparison, TermChange } from './compare-runs.ts';

/** `diff`: two firmwares of a model; `drift`: two runs of one firmware (a remote switch suspected). */
export type ComparisonKind = 'diff' | 'drift';

/** The lists of a comparison, in page order; the last is apart: never a change. */
const SECTIONS: readonly { field: ChangeList; title: string }[] = [
  { field: 'newFindings', title: 'New findings (regressions)' },
  { field: 'goneFindings', title: 'Findings gone' },
  { field: 'classChanged', title: 'Class changed' },
  { field: 'newlyInconclusive', title: 'Newly inconclusive' },
  { field: 'probedOnOneSide', title: 'Probed on one side only (not compared)' },
];

type ChangeList =
  'newFindings' | 'goneFindings' | 'classChanged' | 'newlyInconclusive' | 'probedOnOneSide';

function comparisonTitle(kind: ComparisonKind, comparison: RunComparison): string {
  return kind === 'drift'
    ? `Drift on ${comparison.after.firmwareKey}: remote switch suspected`
    : `Firmware diff: ${comparison.before.firmwareKey} → ${comparison.after.firmwareKey}`;
}

/** One line per side, for headers and alerts. */
function sideLine(label: string, side: RunComparison['before']): string {
  const earlier = side.earlierRunIds?.length
    ? `; terms it did not probe from run${side.earlierRunIds.length === 1 ? '' : 's'} ${side.earlierRunIds.join(', ')}`
    : '';
  return `${label}: ${side.firmwareKey}, run ${side.runId} (${side.runAt})${earlier}`;
}

export function toJson(kind: ComparisonKind, comparison: RunComparison): string {
  return `${JSON.stringify({ kind, ...comparison }, null, 2)}\n`;
}

/** Markdown for chat; terms in code spans so markup in a term shows as text. */
export function toMarkdown(kind: ComparisonKind, comparison: RunComparison): string {
  const lines = [
    `## ${comparisonTitle(kind, comparison)}`,
    '',
    `- ${sideLine('before', comparison.before)}`,
    `- ${sideLine('after', comparison.after)}`,
    `- unchanged terms: ${comparison.unchanged}`,
  ];
  for (const { field, title } of SECTIONS) {
    const changes: TermChange[] = comparison[field];
    lines.push('', `### ${title} (${changes.length})`);
    if (changes.length === 0) lines.push('', 'none');
    else {
      lines.push(
        '',
        '| term | language | app | before | after |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const change of changes) {
        lines.push(
          `| ${codeSpan(change.term)} | ${cell(change.language)} | ${cell(appOf(change))} | ${cell(outcome(change.before))} | ${cell(outcome(change.after))} |`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A standalone HTML page. Every term and field is escaped; evidence links are relative to
 * `evidenceBase` (the reports folder as seen from the page).
 */
export function toHtml(
  kind: ComparisonKind,
  comparison: RunComparison,
  evidenceBase: string,
): string {
  const title = comparisonTitle(kind, comparison);
  const sections = SECTIONS.map(({ field, title: heading }) => {
    const changes: TermChange[] = comparison[field];
    const rows = changes
      .map(
        (change) =>
          `<tr><td lang="${escapeHtml(change.language)}">${escapeHtml(change.term)}</td><td>${escapeHtml(change.language)}</td><td>${escapeHtml(appOf(change))}</td><td>${sideHtml(change.before, comparison.before.runId, evidenceBase)}</td><td>${sideHtml(change.after, comparison.after.runId, evidenceBase)}</td></tr>`,
      )
      .join('\n');
    const body =
      changes.length === 0
        ? '<p>none</p>'
        : `<table><thead><tr><th>term</th><th>language</th><th>app</th><th>before</th><th>after</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
    return `<section id="${field}"><h2>${escapeHtml(heading)} (${changes.length})</h2>${body}</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'">
<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}.filtered{color:#b00}.kind-drift h1{color:#b00}</style>
</head><body class="kind-${kind}">
<h1>${escapeHtml(title)}</h1>
<ul><li>${escapeHtml(sideLine('before', comparison.before))}</li><li>${escapeHtml(sideLine('after', comparison.after))}</li><li>unchanged terms: ${comparison.unchanged}</li></ul>
${sections}
</body></html>
`;
}

function appOf(change: TermChange): string {
  return change.direction ? `${change.target} › ${change.direction}` : change.target;
}

function outcome(side: ProbeSummary | null): string {
  if (!side) return 'not probed';
  if (side.verdict === 'inconclusive') return `inconclusive (${side.reason ?? 'unknown'})`;
  return side.channel ? `${side.verdict} on ${side.channel}` : side.verdict;
}

/** A side's outcome with its phone and evidence (and its run, when not the side's own: an earlier probe). */
function sideHtml(side: ProbeSummary | null, sideRunId: string, evidenceBase: string): string {
  const text = escapeHtml(outcome(side));
  if (!side) return text;
  const cls =
    side.verdict !== 'intact' && side.verdict !== 'inconclusive' ? ' class="filtered"' : '';
  const links = side.evidence
    .map(
      (path) =>
        `<a href="${escapeHtml(`${evidenceBase}/${path.split('/').map(encodeURIComponent).join('/')}`)}">${evidenceLabel(path)}</a>`,
    )
    .join(' ');
  const run = side.runId !== sideRunId ? ` · run ${escapeHtml(side.runId)}` : '';
  return `<span${cls}>${text}</span><br><small>${escapeHtml(side.deviceId)}${run}${links ? ` · ${links}` : ''}</small>`;
}

/** `….png` → screenshot, `….html.txt` → dom, `….peer.txt` → peer received. */
function evidenceLabel(path: string): string {
  if (path.endsWith('.png')) return 'screenshot';
  if (path.endsWith('.peer.txt')) return 'peer received';
  return 'dom';
}

/** A Markdown code span that holds any text (backticks in it included). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
