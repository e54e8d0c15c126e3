// Integration (real allure-commandline on Java, real HTTP): compiles a firmware report from hand-made results and serves it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
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

const FIRMWARE_KEY = 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM';
const SLUG = firmwareSlug(FIRMWARE_KEY);

interface HandMadeResult {
  term: string;
  verdict: string;
  status: 'passed' | 'failed' | 'broken';
  message?: string;
}

/** One allure 2 result file as @wdio/allure-reporter writes it, with the labels the spec sets. */
function writeResult(dir: string, result: HandMadeResult): void {
  const uuid = randomUUID();
  const name = `lab-browser › ${result.term} [key-events]`;
  const labels = {
    firmwareKey: FIRMWARE_KEY,
    device: 'lab-mi10t',
    app: 'lab-browser',
    term: result.term,
    language: 'en',
    category: 'political',
    verdict: result.verdict,
    parentSuite: FIRMWARE_KEY,
    suite: 'lab-browser',
  };
  const now = Date.now();
  writeFileSync(
    join(dir, `${uuid}-result.json`),
    JSON.stringify({
      uuid,
      historyId: `${name}-history`,
      testCaseId: name,
      name,
      fullName: `${FIRMWARE_KEY} ${name}`,
      status: result.status,
      statusDetails: result.message
        ? { message: result.message, trace: `Error: ${result.message}\n    at spec` }
        : {},
      stage: 'finished',
      labels: Object.entries(labels).map(([labelName, value]) => ({ name: labelName, value })),
      parameters: [],
      steps: [],
      attachments: [],
      start: now - 500,
      stop: now,
    }),
  );
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

  test('compiles passed, failed and broken probes from two batches into one served report', async () => {
    const batchA = join(root, 'results', 'run-1', SLUG, 'batch-a');
    const batchB = join(root, 'results', 'run-1', SLUG, 'batch-b');
    mkdirSync(batchA, { recursive: true });
    mkdirSync(batchB, { recursive: true });
    writeResult(batchA, { term: 'democracy movement', verdict: 'intact', status: 'passed' });
    writeResult(batchA, {
      term: 'free-tibet-en',
      verdict: 'masked',
      status: 'failed',
      message: 'finding: masked on echo: "Free Tibet" became "Free *****"',
    });
    writeResult(batchB, {
      term: 'long live taiwan independence',
      verdict: 'inconclusive',
      status: 'broken',
      message: 'inconclusive(device-lost): the session ended while typing',
    });

    const compiled = await compile('run-1', 1, [batchA, batchB]);
    assert.equal(compiled.results, 3);
    assert.equal(compiled.historyCarried, false);
    assert.ok(compiled.generateMs > 0);

    const page = await fetch(`${baseUrl}/${SLUG}/index.html`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const summary = (await fetchJson(`${baseUrl}/${SLUG}/widgets/summary.json`)) as {
      statistic: Record<string, number>;
    };
    assert.equal(summary.statistic.passed, 1);
    assert.equal(summary.statistic.failed, 1);
    assert.equal(summary.statistic.broken, 1);
    assert.equal(summary.statistic.total, 3);

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
    const batch = join(root, 'results', 'run-2', SLUG, 'batch-a');
    mkdirSync(batch, { recursive: true });
    writeResult(batch, { term: 'democracy movement', verdict: 'intact', status: 'passed' });
    writeResult(batch, { term: 'free-tibet-en', verdict: 'intact', status: 'passed' });

    const compiled = await compile('run-2', 2, [batch]);
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
      [2, 1],
      'newest build first, with its own counts',
    );
    const served = (await fetchJson(`${baseUrl}/${SLUG}/widgets/history-trend.json`)) as unknown[];
    assert.equal(served.length, 2);
  });

  test('keeps the last good report and its history when generation fails', async () => {
    const batch = join(root, 'results', 'run-3', SLUG, 'batch-a');
    mkdirSync(batch, { recursive: true });
    writeResult(batch, { term: 'democracy movement', verdict: 'intact', status: 'passed' });
    await assert.rejects(compile('run-3', 3, [batch], 1), (error: unknown) => {
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
