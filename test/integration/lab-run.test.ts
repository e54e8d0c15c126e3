// Integration (real Redis, Appium, Chromium, lab firmware, Prosody): the wiring of a nightly-style run end to end, on the
// switched-on phone and its reference, both targets, both directions, findings confirmed, compared and rendered. The full
// planted matrix is proved by the per-behaviour tests (lab-firmware, lab-messenger-probe) and `npm run bench:accuracy`;
// clean firmware volume by lab-fuzz and `npm run bench:fuzz`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { firmwareKeyOf, withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { isFiltered } from '../../src/oracle/verdict.ts';
import { firmwareSlug } from '../../src/report/firmware-slug.ts';
import { ReportServer } from '../../src/report/report-server.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { chooseControl } from '../../src/terms/controls/choose-control.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';
import type { CompiledRun } from '../../queue/report-worker.ts';

const RUN_TIMEOUT_MS = 8 * 60 * 1000;
const SWITCHED_ON = 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM';
const REFERENCE = 'Google Pixel 5 / SQ3A.220705.003.A1';

/** What the planted vendor list does to the wiring terms on the switched-on firmware (devices/lab/vendor/mi-ad-blacklist.yaml). */
const PLANTED: Record<string, { verdict: string; channel: string }> = {
  'free-tibet-en': { verdict: 'masked', channel: 'render' },
  'long-live-taiwan-independence-zh-hans': { verdict: 'blocked', channel: 'state' },
};

/** What the planted list does to their messages on the switched-on firmware: `<term id>><direction>`. */
const PLANTED_MESSAGES: Record<string, { verdict: string; channel: string }> = {
  'free-tibet-en>outbound': { verdict: 'masked', channel: 'render' },
  'free-tibet-en>inbound': { verdict: 'masked', channel: 'render' },
  'free-tibet-zh-hans>outbound': { verdict: 'blocked', channel: 'egress' },
  'long-live-taiwan-independence-zh-hans>outbound': { verdict: 'blocked', channel: 'state' },
};
const PLANTED_COUNT = Object.keys(PLANTED).length + Object.keys(PLANTED_MESSAGES).length;

const reportsDir = mkdtempSync(join(tmpdir(), 'cw-lab-run-'));
const database = join(reportsDir, 'censorwatch.db');
/** The switched-on phone and its reference. */
const profiles = loadDeviceProfiles('devices');
const mi = profiles.find((d) => d.id === 'lab-mi10t-eu-v12-5-4')!;
/**
 * The switched-on firmware on two lab phones, one per app (a farm with two units of a model), so its
 * browser and messenger batches run side by side; the reference phone runs both.
 */
const devices = [
  withTargetsOf(mi, 'browser'),
  { ...withTargetsOf(mi, 'messenger'), id: `${mi.id}-messenger` },
  profiles.find((d) => d.id === 'lab-pixel5')!,
];
/** Phones that run each app: the switched-on firmware's and the reference. */
const PHONES_PER_APP = 2;
/**
 * The wiring terms: masked on the page and both ways in messages, blocked in place, blocked silently
 * on send (free-tibet-zh-hans, which the browser leaves alone). Late filtering on the real firmware
 * is lab-run-checks'. Every planted behaviour is proved where it is cheapest: lab-firmware and
 * lab-messenger-probe on one session, the oracle's unit tests, `npm run bench:accuracy` over the
 * whole list.
 */
const WIRING_TERMS = [
  'free-tibet-en',
  'free-tibet-zh-hans',
  'long-live-taiwan-independence-zh-hans',
];
const fullList = loadTermList('terms/xiaomi-2021.yaml');
const termList = {
  ...fullList,
  terms: fullList.terms.filter((t) => WIRING_TERMS.includes(t.id)),
};
let lab: EmbeddedLab;
let runId: string;
let compiled: CompiledRun;
let results: ProbeResult[];

/** `censorwatch results --run <this run> <format>`, asserted to exit 0. */
function printedResults(format: '--csv' | '--json'): { stdout: string } {
  const cli = spawnSync(
    process.execPath,
    ['bin/censorwatch.js', 'results', '--run', runId, format],
    {
      env: { ...process.env, CENSORWATCH_DB: database, CENSORWATCH_REPORTS: reportsDir },
      encoding: 'utf8',
    },
  );
  assert.equal(cli.status, 0, cli.stderr);
  return cli;
}

/** The committed shape of this run's Allure reports (regenerate with CENSORWATCH_WRITE_EXPECTATION=1). */
const EXPECTED_ALLURE = 'test/fixtures/allure/lab-run-expectation.json';
/** Labels that differ from run to run. */
const VOLATILE_LABELS = new Set(['probeId', 'thread', 'host']);

/** Per firmware report: every test's status and labels, the categories with their counts, the environment. */
function allureReportShape(dir: string, firmwareKeys: string[]): Record<string, unknown> {
  const shape: Record<string, unknown> = {};
  for (const key of firmwareKeys) {
    const report = join(dir, 'allure', firmwareSlug(key));
    const casesDir = join(report, 'data', 'test-cases');
    const tests = readdirSync(casesDir)
      .map((name) => JSON.parse(readFileSync(join(casesDir, name), 'utf8')) as AllureCase)
      .map((t) => ({
        name: t.name,
        status: t.status,
        labels: t.labels
          .filter((l) => !VOLATILE_LABELS.has(l.name))
          .map((l) => `${l.name}=${l.value}`)
          .sort(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const read = (file: string) => JSON.parse(readFileSync(join(report, 'widgets', file), 'utf8'));
    const categories = (
      read('categories.json') as { items: { name: string; statistic: Record<string, number> }[] }
    ).items
      .map((c) => ({ name: c.name, statistic: c.statistic }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const environment = (read('environment.json') as { name: string; values: string[] }[])
      .map((e) => ({ name: e.name, values: e.name === 'run.id' ? ['<run id>'] : e.values }))
      .sort((a, b) => a.name.localeCompare(b.name));
    shape[key] = { tests, categories, environment };
  }
  return shape;
}

interface AllureCase {
  name: string;
  status: string;
  labels: { name: string; value: string }[];
}

const findingsOf = (key: string) =>
  results.filter((r) => r.firmwareKey === key && r.role === 'term' && isFiltered(r.verdict));

describe('a lab run through the queue', { timeout: RUN_TIMEOUT_MS + 60 * 1000 }, () => {
  before(async () => {
    lab = await startEmbeddedLab(devices, 50, { reportsDir, database });
    const run = await startRun(lab.context, lab.store, {
      kind: 'nightly',
      devices,
      termList,
      startedBy: 'lab',
    });
    runId = run.runId;
    compiled = await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
    results = await lab.store.probesOfRun(runId);
  });
  after(async () => {
    await lab?.stop();
    rmSync(reportsDir, { recursive: true, force: true });
  });

  test('records every planned probe once: truism, positive control, every term and its control', () => {
    // Browser: one truism per lab phone, one positive control on the switched-on firmware.
    // Messenger: every term and its control both ways, one positive control on the switched-on firmware.
    const browser = PHONES_PER_APP * (termList.terms.length * 2 + 1) + 1;
    const messenger = PHONES_PER_APP * termList.terms.length * 2 * 2 + 1;
    assert.equal(results.length, browser + messenger);
    assert.equal(new Set(results.map((r) => r.probeId)).size, results.length);
    for (const positive of results.filter((r) => r.role === 'positive-control')) {
      assert.equal(positive.firmwareKey, SWITCHED_ON);
      assert.equal(positive.verdict, 'masked', `${positive.target}: ${positive.detail}`);
    }
    assert.ok(results.filter((r) => r.role === 'truism').every((r) => r.verdict === 'intact'));
  });

  test("every batch's worker wrote its estimate for the run's ETA, the last one with nothing left", async () => {
    const planned = await lab.store.plannedPerBatch(runId);
    const estimates = await lab.store.batchEstimates(runId);
    assert.deepEqual(
      estimates.map((e) => e.batchId),
      planned.map((p) => p.batchId),
    );
    for (const e of estimates) {
      assert.deepEqual(
        { payloads: e.payloads, etaMs: e.etaMs },
        { payloads: 0, etaMs: 0 },
        e.batchId,
      );
      assert.ok(e.typed > 0 && Date.parse(e.at) >= Date.parse(e.startedAt), e.batchId);
    }
  });

  test('the reference phone shows no finding and no inconclusive', () => {
    for (const key of [REFERENCE]) {
      assert.deepEqual(
        findingsOf(key).map((r) => `${r.termId}: ${r.verdict}`),
        [],
        key,
      );
      const inconclusive = results.filter(
        (r) => r.firmwareKey === key && r.verdict === 'inconclusive',
      );
      assert.deepEqual(
        inconclusive.map((r) => `${r.termId}: ${r.reason} ${r.detail}`),
        [],
        key,
      );
    }
  });

  test('the switched-on firmware shows every planted term with the right verdict class and channel', () => {
    const onFirmware = results.filter(
      (r) => r.firmwareKey === SWITCHED_ON && r.role === 'term' && r.targetKind === 'browser',
    );
    for (const result of onFirmware) {
      const planted = PLANTED[result.termId];
      const seen = `${result.termId}: ${result.verdict} on ${result.channel} (${result.detail})`;
      if (planted) {
        assert.equal(result.verdict, planted.verdict, seen);
        assert.equal(result.channel, planted.channel, seen);
      } else {
        assert.equal(result.verdict, 'intact', seen);
      }
    }
  });

  test('the switched-on firmware shows every planted message behaviour in the right direction', () => {
    const onFirmware = results.filter(
      (r) => r.firmwareKey === SWITCHED_ON && r.role === 'term' && r.targetKind === 'messenger',
    );
    assert.equal(onFirmware.length, termList.terms.length * 2);
    for (const result of onFirmware) {
      const key = `${result.termId}>${result.direction}`;
      const planted = PLANTED_MESSAGES[key];
      const seen = `${key}: ${result.verdict} on ${result.channel} (${result.reason} ${result.detail})`;
      assert.equal(result.verdict, planted?.verdict ?? 'intact', seen);
      assert.equal(result.channel, planted?.channel ?? null, seen);
    }
    assert.equal(findingsOf(SWITCHED_ON).length, PLANTED_COUNT);
  });

  test('every finding was confirmed by a second attempt and compared with the reference phone', () => {
    for (const finding of findingsOf(SWITCHED_ON)) {
      assert.equal(finding.attempts.length, 2, finding.termId);
      assert.ok(
        finding.attempts.every((a) => a.verdict === finding.verdict),
        finding.termId,
      );
      assert.match(finding.detail ?? '', /confirmed 2 of 2/);
      assert.equal(finding.reference?.deviceId, 'lab-pixel5');
      assert.equal(finding.reference?.verdict, 'intact');
    }
  });

  test('a term masked at once, on the screen only, is not called late and reached the far end intact', () => {
    const masked = results.find(
      (r) =>
        r.firmwareKey === SWITCHED_ON &&
        r.termId === 'free-tibet-en' &&
        r.role === 'term' &&
        r.targetKind === 'browser',
    )!;
    assert.equal(masked.verdict, 'masked');
    assert.doesNotMatch(masked.detail ?? '', /^late:/);
    assert.equal(masked.channels.egress?.verdict, 'intact', 'only the display masked it');
  });

  test('every control beside the planted terms was intact', () => {
    const controls = results.filter((r) => r.firmwareKey === SWITCHED_ON && r.role === 'control');
    assert.deepEqual(
      controls.filter((r) => r.verdict !== 'intact').map((r) => `${r.term}: ${r.verdict}`),
      [],
    );
  });

  test('every non-intact verdict keeps a screenshot and the DOM, and outbound messages what the peer received', () => {
    for (const result of findingsOf(SWITCHED_ON)) {
      const kept = result.evidence.map((path) => path.replace(/^.*?(\.[a-z.]+)$/, '$1')).sort();
      const expected =
        result.direction === 'outbound'
          ? ['.html.txt', '.peer.txt', '.png']
          : ['.html.txt', '.png'];
      assert.deepEqual(kept, expected, `${result.termId} ${result.direction ?? ''}`);
      for (const path of result.evidence) assert.ok(existsSync(join(reportsDir, path)), path);
    }
    const peerRecord = (termId: string) => {
      const result = findingsOf(SWITCHED_ON).find(
        (r) => r.termId === termId && r.direction === 'outbound',
      )!;
      const file = result.evidence.find((path) => path.endsWith('.peer.txt'))!;
      return readFileSync(join(reportsDir, file), 'utf8');
    };
    // masked on the phone's own screen only: the stanza shows the wire carried the term intact
    const masked = peerRecord('free-tibet-en');
    assert.match(masked, /^<message [^>]*type="chat"/);
    assert.match(masked, /<body>\d+ Free Tibet<\/body>/);
    assert.match(peerRecord('free-tibet-zh-hans'), /received nothing with token \d+/);
  });

  test('one Allure report per firmware key opens over HTTP with the verdicts as statuses', async () => {
    assert.deepEqual(
      compiled.reports.map((r) => r.firmwareKey).sort(),
      [REFERENCE, SWITCHED_ON].sort(),
    );
    const server = new ReportServer(reportsDir);
    const url = await server.start();
    try {
      const index = await fetch(`${url}/index.html`);
      assert.equal(index.status, 200);
      const indexHtml = await index.text();
      for (const device of devices)
        assert.ok(indexHtml.includes(firmwareSlug(firmwareKeyOf(device))));
      // the model page: every finding of the switched-on firmware, linked to its evidence
      const model = await fetch(`${url}/models/${firmwareSlug('Xiaomi Mi 10T 5G')}.html`);
      assert.equal(model.status, 200);
      const modelHtml = await model.text();
      assert.equal((modelHtml.match(/<td class="finding"/g) ?? []).length, PLANTED_COUNT);
      assert.match(
        modelHtml,
        /<td>Free Tibet<\/td>.*<a href="\.\.\/evidence\/[^"]+">masked on render<\/a>/,
      );
      assert.ok(
        indexHtml.includes(`href="models/${firmwareSlug('Xiaomi Mi 10T 5G')}.html">model</a>`),
      );
      // browser: terms and controls, a truism; messenger: terms and controls both ways
      const perPhone = termList.terms.length * 2 + 1 + termList.terms.length * 4;
      const expected: Record<string, { passed: number; failed: number; broken: number }> = {
        [REFERENCE]: { passed: perPhone, failed: 0, broken: 0 },
        // plus a positive control per target
        [SWITCHED_ON]: { passed: perPhone + 2 - PLANTED_COUNT, failed: PLANTED_COUNT, broken: 0 },
      };
      for (const [key, counts] of Object.entries(expected)) {
        const slug = firmwareSlug(key);
        const page = await fetch(`${url}/allure/${slug}/index.html`);
        assert.equal(page.status, 200, key);
        const summary = (await (
          await fetch(`${url}/allure/${slug}/widgets/summary.json`)
        ).json()) as {
          statistic: { passed: number; failed: number; broken: number };
        };
        assert.equal(summary.statistic.passed, counts.passed, key);
        assert.equal(summary.statistic.failed, counts.failed, key);
        assert.equal(summary.statistic.broken, counts.broken, key);
      }
    } finally {
      await server.stop();
    }
  });

  test('the Allure reports hold the statuses, labels, categories and environment committed as expected', () => {
    const seen = allureReportShape(reportsDir, [REFERENCE, SWITCHED_ON]);
    if (process.env.CENSORWATCH_WRITE_EXPECTATION === '1') {
      writeFileSync(EXPECTED_ALLURE, `${JSON.stringify(seen, null, 2)}\n`);
    }
    assert.deepEqual(seen, JSON.parse(readFileSync(EXPECTED_ALLURE, 'utf8')));
  });

  test('`censorwatch results --run <id> --csv` prints a row per probe with the term metadata', () => {
    const cli = printedResults('--csv');
    const [header, ...rows] = cli.stdout.trimEnd().split('\r\n');
    assert.match(header!, /,term_id,term,language,category,source,licence,control_of,verdict,/);
    assert.ok(
      results.every((r) => cli.stdout.includes(`,${r.probeId},`)),
      'every probe has a row',
    );
    assert.ok(
      rows.some((row) =>
        row.includes(
          ',free-tibet-en,Free Tibet,en,politics,NCSC-LT 2021 (translation of 西藏自由),unspecified,,masked,',
        ),
      ),
    );
  });

  test('`censorwatch results --run <id> --json` prints every probe with its fields', () => {
    const cli = printedResults('--json');
    const printed = JSON.parse(cli.stdout) as ProbeResult[];
    assert.equal(printed.length, results.length);
    const masked = printed.find(
      (r) =>
        r.firmwareKey === SWITCHED_ON &&
        r.termId === 'free-tibet-en' &&
        r.role === 'term' &&
        r.targetKind === 'browser',
    )!;
    for (const field of [
      'runId',
      'probeId',
      'deviceId',
      'firmwareKey',
      'target',
      'inputPath',
      'term',
      'controlOf',
      'verdict',
      'reason',
      'channels',
      'evidence',
    ]) {
      assert.ok(field in masked, field);
    }
    assert.equal(masked.term, 'Free Tibet');
    assert.equal(masked.channels.egress?.observed, 'Free Tibet');
    assert.match(masked.channels.render?.observed ?? '', /^\*+$/);
    const control = printed.find(
      (r) => r.controlOf === 'free-tibet-en' && r.firmwareKey === SWITCHED_ON,
    )!;
    assert.equal(control.term, chooseControl('Free Tibet', 'en'));
  });
});
