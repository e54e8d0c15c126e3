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

/** A term probe whose id and text are `name` (terms are matched by text and language). */
const term = (name: string, extra: Partial<ProbeResult> = {}) =>
  probeResult({ termId: name, term: name, ...extra });
const filtered = (
  verdict: ProbeResult['verdict'],
  name: string,
  extra: Partial<ProbeResult> = {},
) => finding(verdict, { termId: name, term: name, ...extra });

function compare(before: ProbeResult[], after: ProbeResult[]) {
  return compareRuns({ side: BEFORE, results: before }, { side: AFTER, results: after });
}

describe('compareRuns', () => {
  test('sorts each term into new, gone, class changed, newly inconclusive or unchanged', () => {
    const comparison = compare(
      [
        term('stays-intact'),
        term('becomes-masked'),
        filtered('masked', 'stops'),
        filtered('masked', 'escalates'),
        term('goes-dark'),
        filtered('blocked', 'stays-blocked'),
        term('was-unsure', { verdict: 'inconclusive', reason: 'timeout' }),
      ],
      [
        term('stays-intact'),
        filtered('masked', 'becomes-masked'),
        term('stops'),
        filtered('blocked', 'escalates'),
        term('goes-dark', { verdict: 'inconclusive', reason: 'timeout' }),
        filtered('blocked', 'stays-blocked'),
        filtered('removed', 'was-unsure'),
      ],
    );
    const ids = (changes: { termId: string }[]) => changes.map((c) => c.termId);
    assert.deepEqual(ids(comparison.newFindings), ['becomes-masked', 'was-unsure']);
    assert.deepEqual(ids(comparison.goneFindings), ['stops']);
    assert.deepEqual(ids(comparison.classChanged), ['escalates']);
    assert.deepEqual(ids(comparison.newlyInconclusive), ['goes-dark']);
    assert.equal(comparison.unchanged, 2);
    assert.deepEqual(comparison.probedOnOneSide, []);
    assert.equal(findingsDiffer(comparison), true);
  });

  test('a term probed on one side only is listed apart, never as a change', () => {
    const comparison = compare(
      [term('stays-intact'), filtered('masked', 'dropped-from-list')],
      [
        term('stays-intact'),
        filtered('removed', 'newly-probed'),
        term('newly-unsure', { verdict: 'inconclusive', reason: 'device-lost' }),
      ],
    );
    assert.deepEqual(
      comparison.probedOnOneSide.map((c) => [c.termId, c.before?.verdict, c.after?.verdict]),
      [
        ['dropped-from-list', 'masked', undefined],
        ['newly-probed', undefined, 'removed'],
        ['newly-unsure', undefined, 'inconclusive'],
      ],
    );
    assert.deepEqual(comparison.newFindings, []);
    assert.deepEqual(comparison.goneFindings, []);
    assert.deepEqual(comparison.newlyInconclusive, []);
    assert.equal(comparison.unchanged, 1);
    assert.equal(findingsDiffer(comparison), false, 'no alert for a term with nothing to compare');
  });

  test('matches a pasted term to the same term of a list by text and language, not by id', () => {
    const listed = probeResult({ termId: 'free-tibet-en', term: 'Free Tibet', language: 'en' });
    const pasted = (text: string, language = 'en') =>
      probeResult({ runId: 'run-2', termId: 'term-3f1c0a9e2b4d', term: text, language });
    for (const text of ['Free Tibet', '  Free   Tibet ', 'Free\u00a0Tibet', 'Free \u200bTibet']) {
      const comparison = compare([listed], [pasted(text)]);
      assert.equal(comparison.unchanged, 1, `${JSON.stringify(text)} is the listed term`);
      assert.deepEqual(comparison.probedOnOneSide, []);
    }
    const nfc = probeResult({ termId: 'cafe-fr', term: 'Caf\u00e9 libre', language: 'fr' });
    const nfd = probeResult({ termId: 'term-1', term: 'Cafe\u0301 libre', language: 'FR' });
    assert.equal(compare([nfc], [nfd]).unchanged, 1, 'NFC and NFD forms, language case aside');

    const otherLanguage = compare([listed], [pasted('Free Tibet', 'de')]);
    assert.equal(otherLanguage.unchanged, 0, 'the same text in another language is another term');
    assert.equal(otherLanguage.probedOnOneSide.length, 2);
    const otherCase = compare([listed], [pasted('free tibet')]);
    assert.equal(otherCase.probedOnOneSide.length, 2, 'case is kept: firmware may tell them apart');
  });

  test('a verdict that really changed on the same term pasted is drift', () => {
    const listed = probeResult({ termId: 'free-tibet-en', term: 'Free Tibet' });
    const pasted = finding('masked', { runId: 'run-2', termId: 'term-3f1c0a9e2b4d' });
    const comparison = compare([listed, term('democracy')], [pasted]);
    assert.deepEqual(
      comparison.newFindings.map((c) => [c.key, c.termId, c.before?.verdict, c.after?.verdict]),
      [['lab-browser › en Free Tibet', 'term-3f1c0a9e2b4d', 'intact', 'masked']],
    );
    assert.deepEqual(
      comparison.probedOnOneSide.map((c) => c.termId),
      ['democracy'],
    );
    assert.equal(findingsDiffer(comparison), true);
  });

  test('each outcome names its run: an earlier one for a term the side run did not probe', () => {
    const comparison = compare(
      [term('kept'), term('older', { runId: 'run-0' })],
      [term('kept', { runId: 'run-2' }), filtered('masked', 'older', { runId: 'run-2' })],
    );
    assert.deepEqual(
      comparison.newFindings.map((c) => [c.before?.runId, c.after?.runId]),
      [['run-0', 'run-2']],
    );
    assert.match(toHtml('drift', comparison, '..'), /intact<\/span><br><small>mi10t · run run-0</);
  });

  test('compares terms per app and direction, and ignores controls and run checks', () => {
    const comparison = compare(
      [
        term('t', { target: 'lab-messenger', direction: 'outbound' }),
        term('t', { target: 'lab-messenger', direction: 'inbound' }),
        term('t', { role: 'control', controlOf: 't' }),
      ],
      [
        filtered('masked', 't', { target: 'lab-messenger', direction: 'inbound' }),
        term('t', { target: 'lab-messenger', direction: 'outbound' }),
        filtered('masked', 't', { role: 'control', controlOf: 't' }),
      ],
    );
    assert.deepEqual(
      comparison.newFindings.map((c) => c.key),
      ['lab-messenger › inbound › en t'],
    );
    assert.equal(comparison.unchanged, 1);
    assert.deepEqual(comparison.probedOnOneSide, [], 'controls are not terms of either side');
  });

  test('when phones of one firmware disagree, a confirmed finding on any counts', () => {
    const comparison = compare(
      [term('t', { deviceId: 'a' }), term('t', { deviceId: 'b' })],
      [term('t', { deviceId: 'a' }), filtered('masked', 't', { deviceId: 'b' })],
    );
    assert.equal(comparison.newFindings[0]?.after?.deviceId, 'b');
  });

  test('the same findings on both sides are no drift', () => {
    const same = [filtered('masked', 'x'), term('y')];
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

  test('terms probed on one side only are listed apart in HTML, Markdown and JSON', () => {
    const partial = compareRuns(
      { side: { ...BEFORE, earlierRunIds: ['run-0'] }, results: [term('<b>only before</b>')] },
      { side: AFTER, results: [filtered('masked', 'only after', { runId: 'run-2' })] },
    );
    const html = toHtml('drift', partial, '..');
    assert.match(
      html,
      /<section id="probedOnOneSide"><h2>Probed on one side only \(not compared\) \(2\)/,
    );
    assert.match(html, /<section id="newFindings"><h2>New findings \(regressions\) \(0\)/);
    assert.ok(
      html.includes('&#60;b&#62;only before&#60;/b&#62;'),
      'a term listed apart is text too',
    );
    assert.match(html, /terms it did not probe from run run-0/);
    assert.ok(!html.includes(' · run '), 'each probe of its side run is not labelled with it');
    const markdown = toMarkdown('drift', partial);
    assert.match(markdown, /### Probed on one side only \(not compared\) \(2\)/);
    assert.match(
      markdown,
      /\| `only after` \| en \| lab-browser \| not probed \| masked on render \|/,
    );
    const json = JSON.parse(toJson('drift', partial));
    assert.deepEqual(
      json.probedOnOneSide.map((c: { term: string }) => c.term),
      ['<b>only before</b>', 'only after'],
    );
    assert.deepEqual(json.newFindings, []);
    assert.deepEqual(json.before.earlierRunIds, ['run-0']);
  });

  test('JSON carries every change with both sides', () => {
    const parsed = JSON.parse(toJson('diff', comparison));
    assert.equal(parsed.kind, 'diff');
    assert.equal(parsed.newFindings[0].term, hostile);
    assert.equal(parsed.newFindings[0].before.verdict, 'intact');
    assert.equal(parsed.after.runId, 'run-2');
  });
});
