import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { TestResult } from 'allure-js-commons';
import { writeAllureResults } from '../../../src/report/write-allure-results.ts';
import type { ProbeResult } from '../../../src/store/probe-result.ts';
import { finding, probeResult } from '../../support/probe-results.ts';

/** Bytes no text decoder would keep: evidence must come back as it was written. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80]);
const TRICKY = 'expect "this" <img src=x onerror=alert(1)> Free *****\u200b';

describe('writeAllureResults', () => {
  let reportsDir: string;
  let resultsDir: string;

  beforeEach(() => {
    reportsDir = mkdtempSync(join(tmpdir(), 'censorwatch-allure-results-'));
    resultsDir = join(reportsDir, 'allure-results', 'run-1', 'mi');
    mkdirSync(join(reportsDir, 'evidence', 'run-1'), { recursive: true });
  });
  afterEach(() => rmSync(reportsDir, { recursive: true, force: true }));

  /** Writes an evidence file the way the spec does; returns its path relative to reportsDir. */
  function keep(name: string, content: string | Buffer): string {
    writeFileSync(join(reportsDir, 'evidence', 'run-1', name), content);
    return `evidence/run-1/${name}`;
  }

  function render(results: ProbeResult[]): ReturnType<typeof writeAllureResults> {
    return writeAllureResults({ results, reportsDir, resultsDir });
  }

  function writtenTests(): TestResult[] {
    return readdirSync(resultsDir)
      .filter((name) => name.endsWith('-result.json'))
      .map((name) => JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) as TestResult)
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  }

  /** The attachments of a test by name, with their bytes, as Allure will show them. */
  function attachmentsOf(test: TestResult): Map<string, { type?: string; content: Buffer }> {
    const found = new Map<string, { type?: string; content: Buffer }>();
    for (const step of test.steps) {
      assert.equal(step.attachments.length, 1, 'one attachment per step, named as its step');
      const attachment = step.attachments[0]!;
      assert.equal(attachment.name, step.name);
      found.set(attachment.name, {
        ...(attachment.type ? { type: attachment.type } : {}),
        content: readFileSync(join(resultsDir, attachment.source)),
      });
    }
    return found;
  }

  test('writes one test per result: passed, failed and broken by verdict', () => {
    const written = render([
      probeResult({ termId: 'a-intact' }),
      finding('masked', { termId: 'b-finding', channel: 'echo', detail: 'Free *****' }),
      probeResult({
        termId: 'c-lost',
        verdict: 'inconclusive',
        reason: 'device-lost',
        detail: 'the session ended while typing',
      }),
      probeResult({
        role: 'positive-control',
        termId: 'positive-control',
        verdict: 'masked',
        channel: 'echo',
      }),
    ]);
    assert.deepEqual(written, { resultsDir, tests: 4, missingEvidence: 0 });
    const tests = writtenTests();
    assert.deepEqual(
      tests.map((t) => [t.name, t.status, t.statusDetails.message]),
      [
        ['lab-browser › a-intact [key-events]', 'passed', undefined],
        [
          'lab-browser › b-finding [key-events]',
          'failed',
          'finding: masked on echo: "Free Tibet" — Free *****',
        ],
        [
          'lab-browser › c-lost [key-events]',
          'broken',
          'inconclusive(device-lost): the session ended while typing',
        ],
        ['lab-browser › positive control [key-events]', 'passed', undefined],
      ],
    );
    for (const t of tests) {
      assert.equal(t.stage, 'finished');
      assert.ok(t.historyId && t.fullName, 'history id and full name set');
      assert.ok(
        t.labels.some((l) => l.name === 'parentSuite' && l.value === probeResult().firmwareKey),
      );
    }
  });

  test('attaches peer record, screenshot, dom and channels byte-exact, in the spec’s order', () => {
    const result = finding('masked', {
      target: 'lab-messenger',
      targetKind: 'messenger',
      direction: 'outbound',
      term: TRICKY,
      channel: 'egress',
      detail: `peer got ${TRICKY}`,
      channels: {
        echo: { observed: TRICKY, verdict: 'intact', difference: null },
        egress: { observed: 'expect ****', verdict: 'masked', difference: 'expect ****' },
        render: null,
      },
      timings: { submitMs: 120, egressMs: 340 },
      evidence: [
        keep('p1.png', PNG),
        keep('p1.html.txt', `<p>${TRICKY}</p>`),
        keep('p1.peer.txt', `<message>${TRICKY}</message>`),
      ],
    });
    render([result]);
    const [written] = writtenTests();
    assert.equal(
      written!.statusDetails.message,
      `finding: masked on egress: "${TRICKY}" — peer got ${TRICKY}`,
    );
    const attachments = attachmentsOf(written!);
    assert.deepEqual([...attachments.keys()], ['peer received', 'screenshot', 'dom', 'channels']);
    assert.deepEqual(attachments.get('screenshot'), { type: 'image/png', content: PNG });
    assert.equal(attachments.get('dom')!.type, 'text/plain');
    assert.equal(attachments.get('dom')!.content.toString('utf8'), `<p>${TRICKY}</p>`);
    assert.equal(attachments.get('peer received')!.type, 'text/plain');
    assert.equal(
      attachments.get('peer received')!.content.toString('utf8'),
      `<message>${TRICKY}</message>`,
    );
    const channels = attachments.get('channels')!;
    assert.equal(channels.type, 'application/json');
    assert.equal(
      channels.content.toString('utf8'),
      JSON.stringify({ channels: result.channels, timings: result.timings }, null, 2),
    );
    assert.equal(
      (JSON.parse(channels.content.toString('utf8')) as typeof result).channels.echo!.observed,
      TRICKY,
    );
  });

  test('keeps a result whose evidence file is gone, and says which file in its status details', () => {
    const result = finding('blank', {
      channel: 'render',
      detail: 'page went blank',
      evidence: [keep('p2.html.txt', '<body></body>'), 'evidence/run-1/p2.png', '../../etc/passwd'],
    });
    const written = render([result]);
    assert.equal(written.missingEvidence, 2);
    const [test] = writtenTests();
    assert.equal(test!.status, 'failed');
    assert.equal(
      test!.statusDetails.message,
      'finding: blank on render: "Free Tibet" — page went blank\n\n' +
        'evidence missing: evidence/run-1/p2.png (ENOENT)\n' +
        'evidence missing: ../../etc/passwd (outside the reports directory)',
    );
    assert.deepEqual([...attachmentsOf(test!).keys()], ['dom', 'channels']);
  });

  test('renders the same tests again from the same results, never twice over', () => {
    const results = [
      probeResult(),
      finding('masked', { termId: 'x', evidence: [keep('x.png', PNG)] }),
    ];
    render(results);
    const first = writtenTests();
    render(results);
    const again = writtenTests();
    assert.equal(again.length, 2);
    assert.deepEqual(
      again.map((t) => [t.historyId, t.name, t.status, t.statusDetails, t.labels, t.start, t.stop]),
      first.map((t) => [t.historyId, t.name, t.status, t.statusDetails, t.labels, t.start, t.stop]),
    );
    const files = readdirSync(resultsDir);
    assert.equal(files.filter((f) => f.endsWith('-result.json')).length, 2);
    assert.equal(files.filter((f) => f.endsWith('-attachment.png')).length, 1);
  });

  test('takes each result’s session key for its history id', () => {
    writeAllureResults({
      results: [probeResult()],
      reportsDir,
      resultsDir,
      sessionKeyOf: () => 'multiremote',
    });
    const [multiremote] = writtenTests();
    render([probeResult()]);
    const [chrome] = writtenTests();
    assert.notEqual(multiremote!.historyId, chrome!.historyId);
    assert.equal(multiremote!.fullName, chrome!.fullName);
  });
});
