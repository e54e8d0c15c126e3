import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { firmwareSlug } from '../../../src/report/firmware-slug.ts';
import {
  renderReportIndex,
  writeReportIndex,
  type ReportIndexEntry,
} from '../../../src/report/report-index.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';

function entry(firmwareKey: string, counts: Partial<ReportIndexEntry> = {}): ReportIndexEntry {
  return {
    firmwareKey,
    slug: firmwareSlug(firmwareKey),
    runId: 'run-1',
    probes: 10,
    groupProbes: 0,
    clearedByGroup: 0,
    intact: 7,
    findings: { masked: 2, removed: 0, altered: 0, blocked: 1, blank: 0 },
    findingsTotal: 3,
    filteredControls: 0,
    inconclusive: 0,
    inconclusiveByReason: {},
    ...counts,
  };
}

describe('report index', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'censorwatch-index-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('shows each firmware’s findings per run as a small chart, and links its model page', () => {
    const html = renderReportIndex([
      entry('Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM', {
        trend: [0, 3, 1],
        modelHref: 'models/xiaomi-mi-10t-5g.html',
      }),
    ]);
    assert.match(html, /title="findings per run, oldest first: 0, 3, 1"><svg/);
    assert.equal((html.match(/<rect /g) ?? []).length, 3);
    assert.match(html, /<a class="model" href="models\/xiaomi-mi-10t-5g\.html">model<\/a>/);
  });

  test('links each firmware report by its slug, with its counts', () => {
    const file = writeReportIndex(dir, [entry('Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM')]);
    assert.equal(file, join(dir, 'index.html'));
    const html = readFileSync(file, 'utf8');
    assert.match(
      html,
      /<a href="allure\/xiaomi-mi-10t-5g--v12-5-4-0-rjdeuxm\/index.html">Xiaomi Mi 10T 5G \/ V12.5.4.0.RJDEUXM<\/a>/,
    );
    assert.match(html, /<td class="n finding">3<\/td>/);
  });

  test('renders a hostile firmware key, run id and reason as inert text', () => {
    const html = renderReportIndex([
      entry(`${HOSTILE} / 1"'`, {
        runId: HOSTILE,
        inconclusive: 1,
        inconclusiveByReason: { [HOSTILE]: 1 } as never,
      }),
    ]);
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62; \/ 1&#34;&#39;/);
    assert.match(html, /title="&#60;img src=x onerror=alert\(1\)&#62; 1"/);
  });

  test('loads nothing from outside and allows no script', () => {
    const html = renderReportIndex([entry('A / 1')]);
    assert.match(
      html,
      /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/,
    );
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
  });

  test('keeps firmware keys of earlier runs and replaces those compiled again', () => {
    writeReportIndex(dir, [entry('A / 1', { runId: 'run-1' }), entry('B / 1', { runId: 'run-1' })]);
    writeReportIndex(dir, [entry('B / 1', { runId: 'run-2' })]);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.match(html, />A \/ 1<\/a>.*run-1/);
    assert.match(html, />B \/ 1<\/a>.*run-2/);
    assert.doesNotMatch(html, />B \/ 1<\/a>.*run-1/);
  });

  test('rebuilds from this run when the stored index data is damaged or hostile', () => {
    writeFileSync(join(dir, 'report-index.json'), '{not json');
    writeReportIndex(dir, [entry('A / 1')]);
    assert.match(readFileSync(join(dir, 'index.html'), 'utf8'), />A \/ 1<\/a>/);
    writeFileSync(
      join(dir, 'report-index.json'),
      JSON.stringify([{ ...entry('B / 1'), probes: 1, intact: HOSTILE as unknown as number }]),
    );
    writeReportIndex(dir, []);
    assert.doesNotMatch(readFileSync(join(dir, 'index.html'), 'utf8'), /<img/);
  });
});
