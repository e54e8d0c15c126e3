import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compareRuns,
  findingsDiffer,
  splitFirmwareKey,
  type ComparedSide,
} from '../../../src/regress/compare-runs.ts';
import { toHtml, toJson, toMarkdown } from '../../../src/regress/render-comparison.ts';
import type { ProbeResult } from '../../../src/store/probe-result.ts';
import { finding, MI_V1, MI_V4, probeResult } from '../../support/probe-results.ts';

const BEFORE: ComparedSide = { firmwareKey: MI_V1, runId: 'run-1', runAt: '2026-11-01T02:00:00Z' };
const AFTER: ComparedSide = { firmwareKey: MI_V4, runId: 'run-2', runAt: '2026-11-02T02:00:00Z' };

const term = (termId: string, extra: Partial<ProbeResult> = {}) =>
  probeResult({ termId, term: termId, ...extra });

function compare(before: ProbeResult[], after: ProbeResult[]) {
  return compareRuns({ side: BEFORE, results: before }, { side: AFTER, results: after });
}

describe('compareRuns', () => {
  test('sorts each term into new, gone, class changed, newly inconclusive or unchanged', () => {
    const comparison = compare(
      [
        term('stays-intact'),
        term('becomes-masked'),
        finding('masked', { termId: 'stops' }),
        finding('masked', { termId: 'escalates' }),
        term('goes-dark'),
        finding('blocked', { termId: 'stays-blocked' }),
      ],
      [
        term('stays-intact'),
        finding('masked', { termId: 'becomes-masked' }),
        term('stops'),
        finding('blocked', { termId: 'escalates' }),
        term('goes-dark', { verdict: 'inconclusive', reason: 'timeout' }),
        finding('blocked', { termId: 'stays-blocked' }),
        finding('removed', { termId: 'newly-probed' }),
      ],
    );
    const ids = (changes: { termId: string }[]) => changes.map((c) => c.termId);
    assert.deepEqual(ids(comparison.newFindings), ['becomes-masked', 'newly-probed']);
    assert.deepEqual(ids(comparison.goneFindings), ['stops']);
    assert.deepEqual(ids(comparison.classChanged), ['escalates']);
    assert.deepEqual(ids(comparison.newlyInconclusive), ['goes-dark']);
    assert.equal(comparison.unchanged, 2);
    assert.equal(comparison.newFindings[1]!.before, null, 'a term not probed before');
    assert.equal(findingsDiffer(comparison), true);
  });

  test('compares terms per app and direction, and ignores controls and run checks', () => {
    const comparison = compare(
      [
        term('t', { target: 'lab-messenger', direction: 'outbound' }),
        term('t', { target: 'lab-messenger', direction: 'inbound' }),
        term('t', { role: 'control', controlOf: 't' }),
      ],
      [
        finding('masked', { termId: 't', target: 'lab-messenger', direction: 'inbound' }),
        term('t', { target: 'lab-messenger', direction: 'outbound' }),
        finding('masked', { termId: 't', role: 'control', controlOf: 't' }),
      ],
    );
    assert.deepEqual(
      comparison.newFindings.map((c) => c.key),
      ['lab-messenger t › inbound'],
    );
    assert.equal(comparison.unchanged, 1);
  });

  test('when phones of one firmware disagree, a confirmed finding on any counts', () => {
    const comparison = compare(
      [term('t', { deviceId: 'a' }), term('t', { deviceId: 'b' })],
      [term('t', { deviceId: 'a' }), finding('masked', { termId: 't', deviceId: 'b' })],
    );
    assert.equal(comparison.newFindings[0]?.after?.deviceId, 'b');
  });

  test('the same findings on both sides are no drift', () => {
    const same = [finding('masked', { termId: 'x' }), term('y')];
    assert.equal(findingsDiffer(compare(same, same)), false);
    const inconclusiveOnly = compare(
      [term('y')],
      [term('y', { verdict: 'inconclusive', reason: 'device-lost' })],
    );
    assert.equal(findingsDiffer(inconclusiveOnly), false, 'losing sight of a term is not a switch');
  });

  test('splits a firmware key into model and version', () => {
    assert.deepEqual(splitFirmwareKey(MI_V4), {
      model: 'Xiaomi Mi 10T 5G',
      version: 'V12.5.4.0.RJDEUXM',
    });
  });
});

describe('comparison pages', () => {
  const hostile = '<script>alert(1)</script> | `tick` 自由西藏';
  const comparison = compare(
    [term('x', { term: hostile })],
    [
      finding('masked', {
        termId: 'x',
        term: hostile,
        evidence: ['evidence/run-2/p x.png', 'evidence/run-2/p x.peer.txt'],
      }),
    ],
  );

  test('HTML renders terms as text and links evidence relative to the reports folder', () => {
    const html = toHtml('drift', comparison, '..');
    assert.ok(!html.includes('<script>'), 'markup in a term is escaped');
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62; | `tick` 自由西藏'));
    assert.match(
      html,
      /Drift on Xiaomi Mi 10T 5G \/ V12\.5\.4\.0\.RJDEUXM: remote switch suspected/,
    );
    assert.match(html, /href="\.\.\/evidence\/run-2\/p%20x\.png">screenshot</);
    assert.match(html, /href="\.\.\/evidence\/run-2\/p%20x\.peer\.txt">peer received</);
    assert.match(html, /New findings \(regressions\) \(1\)/);
  });

  test('Markdown keeps a term in a code span that survives backticks and pipes', () => {
    const markdown = toMarkdown('diff', comparison);
    assert.match(markdown, /^## Firmware diff: Xiaomi Mi 10T 5G \/ V12\.5\.1\.0\.RJDEUXM → /);
    assert.ok(markdown.includes('| ``<script>alert(1)</script> \\| `tick` 自由西藏`` |'), markdown);
    assert.match(markdown, /\| intact \| masked on render \|/);
  });

  test('JSON carries every change with both sides', () => {
    const parsed = JSON.parse(toJson('diff', comparison));
    assert.equal(parsed.kind, 'diff');
    assert.equal(parsed.newFindings[0].term, hostile);
    assert.equal(parsed.newFindings[0].before.verdict, 'intact');
    assert.equal(parsed.after.runId, 'run-2');
  });
});
