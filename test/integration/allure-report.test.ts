// Integration (real allure-commandline on Java, real HTTP): renders probe results, compiles a firmware report from them and serves it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ServiceError } from '../../src/errors.ts';
import { compileFirmwareReport } from '../../src/report/compile-firmware-report.ts';
import { firmwareEnvironment } from '../../src/report/environment.ts';
import { firmwareSlug } from '../../src/report/firmware-slug.ts';
import { ReportServer } from '../../src/report/report-server.ts';
import { writeAllureResults } from '../../src/report/write-allure-results.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { finding, MI_V4, probeResult } from '../support/probe-results.ts';

const FIRMWARE_KEY = MI_V4;
const SLUG = firmwareSlug(FIRMWARE_KEY);
/** Observed text that once had to be rewritten so the WDIO reporter would not call a test failed. */
const EXPECT_TEXT = 'I expect "this"';

/** What Allure 2 keeps of one test in `data/test-cases/<uid>.json`. */
interface AllureTestCase {
  name: string;
  fullName: string;
  status: string;
  statusMessage?: string;
  extra: {
    categories?: { name: string }[];
    /** The earlier results of the same test (same history id and parameters). */
    history?: { items: { status: string }[] };
  };
  testStage: { steps: { name: string; attachments: { name: string; type: string }[] }[] };
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}`);
  return response.json();
}

describe('an Allure report per firmware key (integration: allure-commandline on Java, HTTP)', () => {
  let root: string;
  let server: ReportServer;
  let baseUrl: string;
  const reportsDir = (): string => join(root, 'allure');
  const outDir = (): string => join(reportsDir(), SLUG);

  const compile = (runId: string, buildOrder: number, batches: string[], timeoutMs?: number) =>
    compileFirmwareReport({
      timeoutMs,
      resultsDirs: batches,
      outDir: outDir(),
      environment: firmwareEnvironment({
        firmwareKey: FIRMWARE_KEY,
        fingerprint:
          'Xiaomi/apollo_eea/apollo:11/RKQ1.200826.002/V12.5.4.0.RJDEUXM:user/release-keys',
        firmwareVersion: 'V12.5.4.0.RJDEUXM',
        region: 'EEA',
        locale: 'lt-LT',
        devices: ['lab-mi10t'],
        browserVersion: 'Chromium (lab)',
        termListName: 'lt-ncsc-2021',
        termListSha256: 'ab'.repeat(32),
        runId,
        startedBy: 'schedule:nightly',
      }),
      executor: {
        name: 'censorwatch',
        buildName: `nightly ${runId}`,
        buildOrder,
        reportName: FIRMWARE_KEY,
      },
    });

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'censorwatch-allure-'));
    server = new ReportServer(reportsDir());
    mkdirSync(reportsDir(), { recursive: true });
    baseUrl = await server.start();
  });

  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** Renders stored-shape probe results of one run into its allure-results folder, as the report worker does. */
  const render = (runId: string, results: ProbeResult[]): string =>
    writeAllureResults({
      results: results.map((result) => ({ ...result, runId })),
      reportsDir: root,
      resultsDir: join(root, 'allure-results', runId, SLUG),
    }).resultsDir;

  /** Evidence written the way the spec writes it; returns its path relative to the reports dir. */
  const keep = (runId: string, name: string, content: string | Buffer): string => {
    mkdirSync(join(root, 'evidence', runId), { recursive: true });
    writeFileSync(join(root, 'evidence', runId, name), content);
    return `evidence/${runId}/${name}`;
  };

  const testCases = (): AllureTestCase[] => {
    const dir = join(outDir(), 'data', 'test-cases');
    return readdirSync(dir).map(
      (name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as AllureTestCase,
    );
  };

  const positiveControl = (): ProbeResult =>
    probeResult({
      role: 'positive-control',
      termId: 'positive-control',
      term: 'planted phrase',
      verdict: 'masked',
      channel: 'echo',
    });

  test('compiles rendered probe results into a served report with their statuses, categories and evidence', async () => {
    const resultsDir = render('run-1', [
      probeResult({ termId: 'democracy-movement', term: 'democracy movement' }),
      finding('masked', {
        channel: 'echo',
        detail: `"Free Tibet" became "Free *****" ${EXPECT_TEXT}`,
        evidence: [
          keep('run-1', 'free-tibet.png', Buffer.from([0x89, 0x50, 0x4e, 0x47])),
          keep('run-1', 'free-tibet.html.txt', `<p>Free ***** ${EXPECT_TEXT}</p>`),
        ],
      }),
      probeResult({
        termId: 'taiwan-independence',
        term: 'long live taiwan independence',
        verdict: 'inconclusive',
        reason: 'device-lost',
        detail: 'the session ended while typing',
      }),
      probeResult({
        termId: 'selectors',
        verdict: 'inconclusive',
        reason: 'config-error',
        detail: `no selectors for this app version; ${EXPECT_TEXT}`,
      }),
      finding('removed', {
        termId: 'democracy-movement',
        role: 'control',
        controlOf: 'democracy-movement',
      }),
      positiveControl(),
    ]);

    const compiled = await compile('run-1', 1, [resultsDir]);
    assert.equal(compiled.results, 6);
    assert.equal(compiled.historyCarried, false);
    assert.ok(compiled.generateMs > 0);

    const page = await fetch(`${baseUrl}/${SLUG}/index.html`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    // no third party is called when a report is opened: Allure's analytics are off
    const html = await page.text();
    assert.match(html, /<div id="content">|<body/);
    assert.doesNotMatch(html, /googletagmanager|gtag\(/);
    const summary = (await fetchJson(`${baseUrl}/${SLUG}/widgets/summary.json`)) as {
      statistic: Record<string, number>;
    };
    assert.deepEqual(
      [summary.statistic.passed, summary.statistic.failed, summary.statistic.broken],
      [2, 1, 3],
    );
    assert.equal(summary.statistic.total, 6);

    const byName = new Map(testCases().map((testCase) => [testCase.name, testCase]));
    const statusOf = (name: string) => {
      const testCase = byName.get(name);
      assert.ok(testCase, `${name} is in the report`);
      return [testCase.status, (testCase.extra.categories ?? []).map((c) => c.name)];
    };
    assert.deepEqual(statusOf('lab-browser › democracy-movement [key-events]'), ['passed', []]);
    assert.deepEqual(statusOf('lab-browser › positive control [key-events]'), ['passed', []]);
    assert.deepEqual(statusOf('lab-browser › free-tibet-en [key-events]'), [
      'failed',
      ['Finding: masked'],
    ]);
    assert.deepEqual(statusOf('lab-browser › taiwan-independence [key-events]'), [
      'broken',
      ['Inconclusive: device lost'],
    ]);
    assert.deepEqual(statusOf('lab-browser › selectors [key-events]'), [
      'broken',
      ['Inconclusive: config error'],
    ]);
    assert.deepEqual(statusOf('lab-browser › democracy-movement › control [key-events]'), [
      'broken',
      ['Inconclusive: control failed'],
    ]);

    const found = byName.get('lab-browser › free-tibet-en [key-events]')!;
    assert.equal(
      found.statusMessage,
      `finding: masked on echo: "Free Tibet" — "Free Tibet" became "Free *****" ${EXPECT_TEXT}`,
    );
    assert.deepEqual(
      found.testStage.steps.map((step) => step.attachments.map((a) => [a.name, a.type])),
      [[['screenshot', 'image/png']], [['dom', 'text/plain']], [['channels', 'application/json']]],
    );
    assert.equal(
      byName.get('lab-browser › selectors [key-events]')!.statusMessage,
      `inconclusive(config-error): no selectors for this app version; ${EXPECT_TEXT}`,
    );

    const categories = JSON.stringify(await fetchJson(`${baseUrl}/${SLUG}/data/categories.json`));
    assert.match(categories, /Finding: masked/);
    assert.match(categories, /Inconclusive: device lost/);
    assert.doesNotMatch(
      categories,
      /Product defects|Test defects/,
      'every failure falls in a censorwatch category',
    );

    const environment = JSON.stringify(
      await fetchJson(`${baseUrl}/${SLUG}/widgets/environment.json`),
    );
    assert.match(environment, /V12\.5\.4\.0\.RJDEUXM/);
    assert.match(environment, /lt-ncsc-2021/);
  });

  test('carries the history of the previous report into the next compile of that firmware key', async () => {
    // every attempt has a new probe token: a shown parameter that must not split the history
    const resultsDir = render('run-2', [
      probeResult({ termId: 'democracy-movement', term: 'democracy movement', probeToken: '2' }),
      probeResult({ probeToken: '3' }),
      positiveControl(),
    ]);

    const compiled = await compile('run-2', 2, [resultsDir]);
    assert.equal(compiled.historyCarried, true);
    const trend = JSON.parse(
      readFileSync(join(outDir(), 'history', 'history-trend.json'), 'utf8'),
    ) as {
      buildOrder?: number;
      data: Record<string, number>;
    }[];
    assert.equal(trend.length, 2);
    assert.deepEqual(
      trend.map((entry) => entry.data.passed),
      [3, 2],
      'newest build first, with its own counts',
    );
    const served = (await fetchJson(`${baseUrl}/${SLUG}/widgets/history-trend.json`)) as unknown[];
    assert.equal(served.length, 2);

    // the same probe in the next run is the same test: it shows the finding of the run before
    const now = testCases().find((t) => t.name === 'lab-browser › free-tibet-en [key-events]')!;
    assert.equal(now.status, 'passed');
    assert.deepEqual(
      now.extra.history?.items.map((item) => item.status),
      ['failed'],
    );
  });

  test('keeps the last good report and its history when generation fails', async () => {
    const resultsDir = render('run-3', [probeResult()]);
    await assert.rejects(compile('run-3', 3, [resultsDir], 1), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.match(error.message, /allure generate timed out after 1 ms/);
      return true;
    });
    assert.ok(existsSync(join(outDir(), 'index.html')));
    const trend = JSON.parse(
      readFileSync(join(outDir(), 'history', 'history-trend.json'), 'utf8'),
    ) as unknown[];
    assert.equal(trend.length, 2);
    assert.equal((await fetch(`${baseUrl}/${SLUG}/index.html`)).status, 200);
    assert.deepEqual(readdirSync(reportsDir()), [SLUG], 'no staging folder left behind');
  });

  test('names the package to install when java is not on PATH', () => {
    const script =
      "import('./src/report/compile-firmware-report.ts').then((m) => m.ensureJava()).then(" +
      "() => console.log('java found'), (e) => console.log(e.code, e.constructor.name, e.message))";
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { PATH: join(root, 'no-java-here'), LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    assert.match(
      child.stdout,
      /^E_MISSING_DEPENDENCY MissingDependencyError .*default-jre-headless/,
    );
  });
});
