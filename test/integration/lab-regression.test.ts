// Integration (real Redis, Appium, Chromium, lab firmware, allure, SQLite): targeted checks of listed terms matched to them, drift on one firmware, a regression on the next, both alerted, and a trend per firmware report.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/alerts/webhook.ts';
import type { DeviceProfile } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { LabStack, type LabUrls } from '../../src/lab/lab-stack.ts';
import type { VendorList } from '../../src/lab/vendor-list.ts';
import type { ProbeSummary, RunComparison } from '../../src/regress/compare-runs.ts';
import { diffFirmwares, driftOf } from '../../src/regress/firmware-diff.ts';
import { firmwareSlug } from '../../src/report/firmware-slug.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { derivedTermId } from '../../src/terms/term-identity.ts';
import { Farm } from '../../queue/farm.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import type { QueueContext } from '../../queue/queue-context.ts';
import type { CompiledRun } from '../../queue/report-worker.ts';
import { reportJobIdOf, startRun } from '../../queue/run-producer.ts';
import { pastedTermList, startCheck } from '../../queue/targeted-check.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';
import { runCensorwatch, type CommandOutcome } from '../support/censorwatch-command.ts';

const RUN_TIMEOUT_MS = 4 * 60 * 1000;
const SECRET = 'lab-regression-secret';
const LIST = 'RegressionLab';
/** The next firmware's own list: what V12.5.4 filters, and one term more. */
const LIST_V5 = 'RegressionLabNext';
const V4 = 'V12.5.4.0.RJDEUXM';
const V5 = 'V12.5.5.0.RJDEUXM';
const MODEL = 'Xiaomi Mi 10T 5G';

const all = loadTermList('terms/xiaomi-2021.yaml');
const TERM_IDS = ['free-tibet-en', 'democracy-movement-en', 'voice-of-america-en'];
const termList = { ...all, terms: all.terms.filter((t) => TERM_IDS.includes(t.id)) };

/** A vendor list masking Free Tibet, and `more`. */
function vendorList(more: VendorList['rules'] = [], name = LIST): VendorList {
  return {
    name,
    switch: { [V4]: true, [V5]: true },
    rules: [{ action: 'mask', terms: ['Free Tibet'] }, ...more] as VendorList['rules'],
  };
}
const maskDemocracy = [{ action: 'mask', terms: ['Democracy movement'] }] as VendorList['rules'];
const maskVoice = [{ action: 'mask', terms: ['Voice of America'] }] as VendorList['rules'];

const reportsDir = mkdtempSync(join(tmpdir(), 'cw-regress-'));
/** Profiles of the two phones, as files: the farm and the command line read the same ones. */
const devicesDir = join(reportsDir, 'devices');

/** Writes a Mi 10T 5G lab phone profile (browser only, no reference, no positive control) on `version`, reading `list`. */
function writePhone(id: string, version: string, list: string): void {
  const base = parse(readFileSync('devices/lab-mi10t-eu-v12-5-4.yaml', 'utf8'));
  const { reference: _reference, ...rest } = base;
  const profile = {
    ...rest,
    id,
    firmware: {
      fingerprint: `Xiaomi/apollo_eea/apollo:11/x/${version}:user/release-keys`,
      version,
    },
    lab: {
      ...base.lab,
      firmware: { extension: resolve('src/lab/firmware/extension'), vendorList: list },
    },
    targets: base.targets
      .filter((t: { kind: string }) => t.kind === 'browser')
      .map(({ positiveControl: _p, ...target }: Record<string, unknown>) => target),
  };
  mkdirSync(devicesDir, { recursive: true });
  writeFileSync(join(devicesDir, `${id}.yaml`), stringify(profile));
}
writePhone('regress-v4', V4, LIST);
writePhone('regress-v5', V5, LIST_V5);
const [onV4, onV5] = loadDeviceProfiles(devicesDir).sort((a, b) => a.id.localeCompare(b.id)) as [
  DeviceProfile,
  DeviceProfile,
];

/** Alerts as the receiver got them, with whether each signature verified. */
interface ReceivedAlert {
  payload: { event: string; text: string; firmwareKey: string; comparison: unknown };
  signed: boolean;
}

async function alertReceiver(): Promise<{ url: string; alerts: ReceivedAlert[]; server: Server }> {
  const alerts: ReceivedAlert[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(request.headers[TIMESTAMP_HEADER]);
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
      alerts.push({
        payload: JSON.parse(body),
        signed: request.headers[SIGNATURE_HEADER] === expected,
      });
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    alerts,
    server,
  };
}

const lab = new LabStack({ privateRedis: false });
let urls: LabUrls;

// One database (SQLite): the store's own tests cover PostgreSQL. Three runs, four batches: a
// nightly run on V12.5.4; a check of one of its terms from the command line (`censorwatch check`),
// nothing changed; then, the vendor having
// switched a term on for V12.5.4 and V12.5.5 having arrived filtering one term more, a check of
// both terms on both phones: drift on V12.5.4, and V12.5.5's first run a regression.
describe('regressions over time', { timeout: 4 * RUN_TIMEOUT_MS }, () => {
  const V4_KEY = `${MODEL} / ${V4}`;
  const V5_KEY = `${MODEL} / ${V5}`;
  let context: QueueContext;
  let store: ResultStore;
  let farm: Farm;
  let receiver: Awaited<ReturnType<typeof alertReceiver>>;
  /** The runs in the order they ran: nightly, check from the command line, check. */
  const compiled: CompiledRun[] = [];
  /** How `censorwatch check` ended. */
  let cliCheck: CommandOutcome;

  const finish = (run: { parentJobId: string }): Promise<CompiledRun> =>
    waitForRun(context, run.parentJobId, RUN_TIMEOUT_MS);

  /** A targeted check of pasted terms, as `censorwatch check --term` starts it. */
  async function check(devices: DeviceProfile[], texts: string[]): Promise<CompiledRun> {
    return await finish(
      await startCheck(context, store, {
        chosen: devices,
        profiles: [onV4, onV5],
        termList: pastedTermList(
          texts.map((text) => ({ text, language: 'en' })),
          'command line',
          '--term',
        ),
        batchSize: 50,
        repetition: { required: 1, attempts: 1 },
        startedBy: 'token:lab-regression',
      }),
    );
  }

  before(async () => {
    urls = await lab.start();
    receiver = await alertReceiver();
    context = { redisUrl: urls.redisUrl, prefix: `cw-test-${randomBytes(4).toString('hex')}` };
    const location = join(reportsDir, 'cw.db');
    store = await ResultStore.open(location);
    farm = await Farm.start({
      context,
      devices: [onV4, onV5],
      labAppiumUrl: urls.appiumUrl,
      canaryUrl: urls.canaryUrl,
      vendorUrl: urls.vendorUrl,
      reportsDir,
      database: location,
      batchSize: 50,
      store,
      webhook: { url: receiver.url, secret: SECRET, backoffMs: 10 },
    });
    lab.vendor.setList(vendorList());
    compiled.push(
      await finish(
        await startRun(context, store, {
          kind: 'nightly',
          devices: [onV4],
          termList,
          repetition: { required: 1, attempts: 1 },
        }),
      ),
    );
    // a tester pastes a term of the list from the command line: nothing changed for it
    cliCheck = await runCensorwatch(
      ['check', '--devices', devicesDir, '--device', onV4.id, '--term', 'Free Tibet', '--json'],
      {
        ...process.env,
        REDIS_URL: urls.redisUrl,
        CENSORWATCH_QUEUE_PREFIX: context.prefix,
        CENSORWATCH_DB: location,
        CENSORWATCH_REPORTS: reportsDir,
        LOG_LEVEL: 'warn',
      },
      RUN_TIMEOUT_MS,
    );
    const [cliResult] = JSON.parse(cliCheck.stdout || '[{}]') as ProbeResult[];
    compiled.push(await waitForRun(context, reportJobIdOf(cliResult!.runId), RUN_TIMEOUT_MS));
    // the vendor switches a new term on remotely: same firmware, different filter; meanwhile
    // the next firmware arrives, filtering one term more
    lab.vendor.setList(vendorList(maskVoice));
    lab.vendor.setList(vendorList([...maskVoice, ...maskDemocracy], LIST_V5));
    compiled.push(await check([onV4, onV5], ['Voice of America', 'Democracy movement']));
  });
  after(async () => {
    await farm?.close();
    await purgePrefix(context).catch(() => 0);
    await store?.close();
    receiver?.server.close();
    await lab.stop();
    rmSync(reportsDir, { recursive: true, force: true });
  });

  test('the first run of a firmware shows no change', () => {
    assert.deepEqual(compiled[0]!.changes, []);
  });

  test('`censorwatch check` against the running farm prints its verdicts as JSON and exits 1 on a finding', () => {
    assert.equal(cliCheck.status, 1, `exit 1: a finding (${cliCheck.stderr})`);
    const results = JSON.parse(cliCheck.stdout) as ProbeResult[];
    const term = results.find((r) => r.role === 'term')!;
    assert.equal(term.deviceId, onV4.id);
    assert.equal(term.term, 'Free Tibet');
    assert.equal(term.verdict, 'masked', `${term.reason} ${term.detail}`);
    assert.match(cliCheck.stderr, new RegExp(`^check ${term.runId}: \\d+ probes on ${onV4.id}`));
  });

  test('a check of a listed term with the same verdict raises no drift: the term is unchanged', async () => {
    const checked = compiled[1]!;
    assert.deepEqual(checked.changes, []);
    const pasted = (await store.probesOfRun(checked.runId)).filter((r) => r.role === 'term');
    assert.deepEqual(
      pasted.map((r) => r.termId),
      [derivedTermId({ text: 'Free Tibet', language: 'en' })],
      'the pasted term has an id of its own, not the list one',
    );
    const drift = (await driftOf(store, V4_KEY, checked.runId))!;
    assert.equal(drift.before.runId, compiled[0]!.runId);
    assert.equal(drift.unchanged, 1, 'Free Tibet masked in the nightly run and in the check');
    assert.deepEqual(
      drift.probedOnOneSide.map((c) => [c.term, outcomeOf(c.before), outcomeOf(c.after)]),
      [
        ['Democracy movement', 'intact', 'not probed'],
        ['Voice of America', 'intact', 'not probed'],
      ],
      'the rest of the list is listed apart, not counted as changes',
    );
  });

  test('a check whose verdict changed since the nightly run is drift, with a page and a link from the index', () => {
    const [drift, ...others] = compiled[2]!.changes.filter((c) => c.event === 'drift');
    assert.equal(others.length, 0);
    assert.equal(drift!.firmwareKey, V4_KEY);
    const page = JSON.parse(readFileSync(drift!.json, 'utf8')) as RunComparison;
    assert.deepEqual(
      page.newFindings.map((c) => [c.term, c.before?.verdict, c.before?.runId, c.after?.verdict]),
      [['Voice of America', 'intact', compiled[0]!.runId, 'masked']],
      'compared with the nightly run, past the check of another term',
    );
    assert.deepEqual(page.goneFindings, []);
    assert.equal(page.unchanged, 1, 'Democracy movement intact in the nightly run and the check');
    assert.equal(page.before.runId, compiled[1]!.runId);
    assert.deepEqual(page.before.earlierRunIds, [compiled[0]!.runId]);
    assert.deepEqual(
      page.probedOnOneSide.map((c) => c.term),
      ['Free Tibet'],
    );
    const html = readFileSync(drift!.html, 'utf8');
    assert.match(html, /remote switch suspected/);
    assert.match(html, /Voice of America/);
    assert.match(
      html,
      /href="\.\.\/evidence\/[^"]+\.png">screenshot</,
      'the new run evidence is linked',
    );
    const index = readFileSync(join(reportsDir, 'index.html'), 'utf8');
    assert.ok(
      index.includes(
        `class="drift" href="diffs/${basename(drift!.html)}">drift, remote switch suspected: 1 new, 0 gone`,
      ),
      'the index links the drift page',
    );
  });

  test('the first run of the next firmware with a newly filtered term is a regression, in HTML, Markdown and JSON', async () => {
    assert.deepEqual(
      compiled[2]!.changes.map((c) => [c.event, c.firmwareKey]),
      [
        ['drift', V4_KEY],
        ['regression', V5_KEY],
      ],
    );
    const regression = compiled[2]!.changes[1]!;
    // the diff command's default: the model's two most recently run firmwares, each at its latest run
    const diff = await diffFirmwares(store, { model: MODEL });
    assert.equal(diff.before.firmwareKey, V4_KEY);
    assert.equal(diff.before.runId, compiled[2]!.runId);
    assert.equal(diff.after.firmwareKey, V5_KEY);
    assert.deepEqual(
      diff.newFindings.map((c) => `${c.term}: ${c.before?.verdict} → ${c.after?.verdict}`),
      ['Democracy movement: intact → masked'],
    );
    assert.equal(diff.unchanged, 1, 'Voice of America masked on both');
    const json = JSON.parse(readFileSync(regression.json, 'utf8'));
    assert.deepEqual(json.newFindings, JSON.parse(JSON.stringify(diff.newFindings)));
    const markdown = readFileSync(regression.html.replace(/\.html$/, '.md'), 'utf8');
    assert.match(markdown, /### New findings \(regressions\) \(1\)/);
    assert.match(
      markdown,
      /\| `Democracy movement` \| en \| lab-browser \| intact \| masked on render \|/,
    );
    const html = readFileSync(regression.html, 'utf8');
    assert.match(
      html,
      /Firmware diff: Xiaomi Mi 10T 5G \/ V12\.5\.4\.0\.RJDEUXM → Xiaomi Mi 10T 5G \/ V12\.5\.5\.0\.RJDEUXM/,
    );
    assert.match(html, /Democracy movement/);
  });

  test('drift and regression were alerted, signed; the check that changed nothing was not', () => {
    assert.deepEqual(
      receiver.alerts.map((a) => [a.payload.event, a.payload.firmwareKey, a.signed]),
      [
        ['drift', V4_KEY, true],
        ['regression', V5_KEY, true],
      ],
    );
    assert.match(receiver.alerts[0]!.payload.text, /^censorwatch: drift, remote switch suspected/);
  });

  test("each firmware's Allure report carries a trend over its runs", () => {
    const trend = (version: string) =>
      JSON.parse(
        readFileSync(
          join(
            reportsDir,
            'allure',
            firmwareSlug(`${MODEL} / ${version}`),
            'history',
            'history-trend.json',
          ),
          'utf8',
        ),
      ) as unknown[];
    assert.equal(trend(V4).length, 3, 'the nightly run and both checks');
    assert.equal(trend(V5).length, 1);
  });
});

/** An outcome in short: the verdict, or `not probed`. */
function outcomeOf(side: ProbeSummary | null): string {
  return side ? side.verdict : 'not probed';
}
