import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InconclusiveReason, Verdict } from '../../../src/oracle/verdict.ts';
import { formatSummaryTable, summariseByFirmware } from '../../../src/report/run-summary.ts';
import type { ProbeResult } from '../../../src/store/probe-result.ts';

const MI = 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM';
const PIXEL = 'Google Pixel 7 / TQ3A.230901.001';

let sequence = 0;
function probe(
  firmwareKey: string,
  verdict: Verdict,
  extra: Partial<ProbeResult> = {},
): ProbeResult {
  sequence += 1;
  return {
    runId: 'run-1',
    probeId: `p${sequence}`,
    probeToken: String(100000 + sequence),
    deviceId: 'd1',
    firmwareKey,
    target: 'lab-browser',
    targetKind: 'browser',
    inputPath: 'key-events',
    termId: `t${sequence}`,
    term: 'Free Tibet',
    language: 'en',
    category: 'political',
    source: 'lt-ncsc-2021',
    role: extra.controlOf ? 'control' : 'term',
    controlOf: null,
    attempts: [],
    reference: null,
    verdict,
    reason: null,
    detail: null,
    channel: null,
    channels: { echo: null, egress: null, render: null },
    evidence: [],
    timings: {},
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:01.000Z',
    ...extra,
  };
}
const inconclusive = (key: string, reason: InconclusiveReason): ProbeResult =>
  probe(key, 'inconclusive', { reason });

describe('summariseByFirmware', () => {
  test('counts probes, intact verdicts, findings by class and inconclusive reasons per firmware key', () => {
    const rows = summariseByFirmware([
      probe(MI, 'intact'),
      probe(MI, 'intact', { controlOf: 't1' }),
      probe(MI, 'masked'),
      probe(MI, 'masked'),
      probe(MI, 'blocked'),
      inconclusive(MI, 'device-lost'),
      inconclusive(MI, 'device-lost'),
      inconclusive(MI, 'control-failed'),
      probe(PIXEL, 'intact'),
    ]);
    assert.deepEqual(
      rows.map((r) => r.firmwareKey),
      [PIXEL, MI].sort(),
    );
    const mi = rows.find((r) => r.firmwareKey === MI)!;
    assert.equal(mi.probes, 8);
    assert.equal(mi.intact, 2);
    assert.deepEqual(mi.findings, { masked: 2, removed: 0, altered: 0, blocked: 1, blank: 0 });
    assert.equal(mi.findingsTotal, 3);
    assert.equal(mi.inconclusive, 3);
    assert.deepEqual(mi.inconclusiveByReason, { 'device-lost': 2, 'control-failed': 1 });
    const pixel = rows.find((r) => r.firmwareKey === PIXEL)!;
    assert.equal(pixel.findingsTotal, 0);
  });

  test('never counts a filtered control as a finding', () => {
    const [row] = summariseByFirmware([
      probe(MI, 'masked', { controlOf: 't-sensitive' }),
      inconclusive(MI, 'control-failed'),
    ]);
    assert.equal(row!.findingsTotal, 0);
    assert.deepEqual(row!.findings, { masked: 0, removed: 0, altered: 0, blocked: 0, blank: 0 });
    assert.equal(row!.filteredControls, 1);
  });

  test('returns no rows for no results', () => {
    assert.deepEqual(summariseByFirmware([]), []);
  });
});

describe('formatSummaryTable', () => {
  const rows = summariseByFirmware([
    probe(MI, 'intact'),
    probe(MI, 'masked'),
    probe(MI, 'removed'),
    inconclusive(MI, 'timeout'),
    probe(PIXEL, 'intact'),
  ]);
  const table = formatSummaryTable(rows, { [MI]: 'reports/allure/xiaomi/index.html' });
  const lines = table.split('\n');

  test('prints a header and one row per firmware key with its counts and report link', () => {
    assert.match(
      lines[0]!,
      /^firmware\s+probes\s+intact\s+masked\s+removed\s+altered\s+blocked\s+blank\s+inconclusive\s+report$/,
    );
    const mi = lines.find((l) => l.startsWith(MI))!;
    assert.deepEqual(mi.slice(MI.length).trim().split(/\s+/), [
      '4',
      '1',
      '1',
      '1',
      '0',
      '0',
      '0',
      '1',
      'reports/allure/xiaomi/index.html',
    ]);
    const pixel = lines.find((l) => l.startsWith(PIXEL))!;
    assert.match(pixel, /\s-$/, 'a firmware key without a report shows a dash');
  });

  test('right-aligns every count under the end of its header', () => {
    const header = lines[0]!;
    const numericHeaders = [
      'probes',
      'intact',
      'masked',
      'removed',
      'altered',
      'blocked',
      'blank',
      'inconclusive',
    ];
    for (const name of numericHeaders) {
      const end = header.indexOf(name) + name.length;
      for (const line of lines.slice(1, 3)) {
        assert.match(line.slice(end - 1, end + 1), /^\d /, `${name} column in "${line}"`);
      }
    }
  });

  test('lists the reasons of inconclusive probes below the table', () => {
    assert.ok(lines.includes(`inconclusive on ${MI}: timeout 1`), table);
  });

  test('keeps control characters in a firmware key from reaching the terminal', () => {
    const hostile = 'Evil \u001b[2J\u001b]0;pwned\u0007 / 1\u202e';
    const text = formatSummaryTable(summariseByFirmware([probe(hostile, 'intact')]), {});
    assert.doesNotMatch(text, /[\u001b\u0007\u202e]/);
    assert.match(text, /Evil \uFFFD\[2J/);
  });

  test('says so when there are no results', () => {
    assert.equal(formatSummaryTable([], {}), 'no probe results');
  });
});
