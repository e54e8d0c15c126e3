// Integration (real Chromium + chromedriver, lab firmware, vendor config server, canary): the probe engine on one lab
// phone's session turns what the real firmware did into its inconclusive reasons, never a finding: a list switched off
// remotely (positive-control-missed), a filtered control (control-failed), a filter that gives out (unstable), and a
// filter that acts late is found as late, confirmed by a second attempt; and a list of 200 terms screened in group
// payloads of 100, read member by member from what the firmware masked. The queue around the engine is proved once by
// lab-run. truism-failed is the engine's unit tests' (a blocked truism is seen as any blocked payload is, as in
// lab-run); reference-not-intact is compare-reference's.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CanaryServer } from '../../src/canary/canary-server.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { prepareFirmwareExtension } from '../../src/lab/firmware-extension.ts';
import { loadVendorList, type VendorList } from '../../src/lab/vendor-list.ts';
import { VendorConfigServer } from '../../src/lab/vendor-server.ts';
import type { RepetitionPolicy } from '../../src/oracle/confirm-finding.ts';
import { planBatch } from '../../src/probe/plan-probes.ts';
import { ProbeEngine } from '../../src/probe/probe-engine.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import { percentEncodedBytes } from '../../src/screening/payload-measure.ts';
import type { ScreenOptions } from '../../src/screening/screen-terms.ts';
import { isGroupProbe, type ProbeResult } from '../../src/store/probe-result.ts';
import { LabBrowserTarget } from '../../src/targets/lab-browser.ts';
import type { InputPath } from '../../src/targets/target.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import type { Term } from '../../src/terms/term.ts';
import { labBrowserDriver } from '../support/lab-browser-driver.ts';
import { startLabChromium } from '../support/lab-chromium.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-run-checks-'));
/** The switched-on phone: its truism, its positive control (法轮功), its firmware's list. */
const device = withTargetsOf(
  loadDeviceProfiles('devices').find((d) => d.id === 'lab-mi10t-eu-v12-5-4')!,
  'browser',
);
const target = device.targets[0]!;
const planted = loadVendorList('devices/lab/vendor/mi-ad-blacklist.yaml');
const all = loadTermList('terms/xiaomi-2021.yaml');
const termsOf = (...ids: string[]): Term[] => all.terms.filter((t) => ids.includes(t.id));
const canary = new CanaryServer();
const vendor = new VendorConfigServer(resolve('devices/lab/vendor'));
let canaryUrl: string;
let phone: LabBrowserTarget;
let browser: WebdriverIO.Browser | undefined;

/** Findings confirmed by two attempts of two, as a run does by default. */
const REPETITION: RepetitionPolicy = { required: 2, attempts: 2 };

/** The engine over the lab phone, its firmware reading the planted list (switched on) with `list` laid over it. */
async function runBatch(
  terms: Term[],
  list: Partial<VendorList>,
  options: { repetition?: RepetitionPolicy; screening?: ScreenOptions; inputPath?: InputPath } = {},
): Promise<ProbeResult[]> {
  const repetition = options.repetition ?? REPETITION;
  const typedBy = { ...target, inputPath: options.inputPath ?? target.inputPath };
  vendor.setList({
    ...planted,
    switch: { [device.firmware.version]: true },
    ...list,
  });
  const plan = planBatch({
    runId: 'run-checks',
    batchId: `${device.id}.browser.0`,
    device,
    target: typedBy,
    terms,
    termList: { name: all.name, sha256: 'test' },
    repetition,
  });
  const results: ProbeResult[] = [];
  await new ProbeEngine({
    batch: {
      plan,
      repetition,
      inputPath: typedBy.inputPath,
      ...(options.screening ? { screening: options.screening } : {}),
    },
    driver: labBrowserDriver(phone, canaryUrl, typedBy.inputPath),
    sink: { record: async (result) => void results.push(result) },
  }).run();
  return results;
}

const seen = (r: ProbeResult) => `${r.role} ${r.termId}: ${r.verdict} ${r.reason} (${r.detail})`;

describe('run checks of the probe engine on the lab firmware', { timeout: 3 * 60 * 1000 }, () => {
  before(async () => {
    const firmwareDir = join(dir, 'firmware');
    const started = [canary.start(), vendor.start()] as const;
    await Promise.allSettled(started); // all ended, so after() stops whatever did start
    const [canaryAt, vendorUrl] = await Promise.all(started);
    canaryUrl = canaryAt;
    const list = device.lab!.firmware.vendorList ?? planted.name;
    await prepareFirmwareExtension({
      extensionDir: resolve('src/lab/firmware/extension'),
      outDir: firmwareDir,
      settings: { vendorUrl, list, firmware: device.firmware.version, region: device.region },
    });
    browser = await startLabChromium({
      extensionDir: firmwareDir,
      profileDir: join(dir, 'profile'),
    });
    phone = new LabBrowserTarget(browser);
  });
  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
    await Promise.allSettled([canary.stop(), vendor.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('with the filter switched off remotely, the positive control is missed and no term is called clean', async () => {
    const results = await runBatch(termsOf('free-tibet-en'), { switch: {} });
    const positive = results.find((r) => r.role === 'positive-control')!;
    assert.equal(positive.verdict, 'intact', 'the planted positive control came through');
    assert.equal(
      results.find((r) => r.role === 'truism')!.verdict,
      'intact',
      'the harness could see',
    );
    const term = results.find((r) => r.role === 'term')!;
    assert.equal(term.verdict, 'inconclusive', seen(term));
    assert.equal(term.reason, 'positive-control-missed', seen(term));
  });

  test('a filtered control and a filter that gives out are inconclusive, not findings; a late filter is found late', async () => {
    const chosen = termsOf('free-tibet-en', 'democracy-movement-lt', 'democracy-movement-en');
    const results = await runBatch(chosen, {
      rules: [
        ...planted.rules,
        // the control of a planted term is filtered too
        { action: 'mask', terms: [chosen.find((t) => t.id === 'free-tibet-en')!.control!] },
        // fires on the first page load only: the repeat comes back intact
        { action: 'mask', terms: ['Demokratijos judėjimas'], limit: 1 },
      ],
    });
    const termOf = (id: string) => results.find((r) => r.role === 'term' && r.termId === id)!;
    const controlFailed = termOf('free-tibet-en');
    assert.equal(controlFailed.verdict, 'inconclusive', seen(controlFailed));
    assert.equal(controlFailed.reason, 'control-failed', seen(controlFailed));
    const unstable = termOf('democracy-movement-lt');
    assert.equal(unstable.verdict, 'inconclusive', seen(unstable));
    assert.equal(unstable.reason, 'unstable', seen(unstable));
    assert.deepEqual(
      unstable.attempts.map((a) => a.verdict),
      ['masked', 'intact'],
    );
    // the planted mask-late rule acts 800 ms after the page rendered, inside the settle window
    const late = termOf('democracy-movement-en');
    assert.equal(late.verdict, 'masked', seen(late));
    assert.match(late.detail ?? '', /^late:/, seen(late));
  });

  // Splitting a group blocked all or nothing is the engine's unit tests' (a blocked subset is seen
  // as any blocked payload is, as above), and npm run bench's at list scale.
  test('a list of 200 terms screened in groups (set as text): each group read member by member, the masked terms found alone, the rest cleared', async () => {
    const planted = { 30: 'Falun Gong', 140: 'Free Tibet' };
    const terms: Term[] = Array.from({ length: 200 }, (_, i) => ({
      id: `generated-${i}`,
      text: planted[i as keyof typeof planted] ?? `calm lake ${i}`,
      language: 'en',
      category: 'generated',
      source: 'integration test',
      licence: 'CC0-1.0',
      control: `green hill ${i}`,
    }));
    const results = await runBatch(
      terms,
      {
        rules: [
          { action: 'mask', terms: ['Falun Gong', 'Free Tibet'] },
          // the positive control, as planted
          { action: 'mask', terms: ['法轮功'] },
        ],
      },
      {
        repetition: { required: 1, attempts: 1 },
        screening: { measure: percentEncodedBytes, limit: 8000, maxMembers: 100 },
        // typing 100 terms a key at a time is the key-events tests' cost, not screening's
        inputPath: 'set-text',
      },
    );
    const onTerms = results.filter((r) => r.role === 'term');
    assert.deepEqual(
      onTerms
        .filter(isFinding)
        .map((r) => `${r.term}: ${r.verdict}`)
        .sort(),
      ['Falun Gong: masked', 'Free Tibet: masked'],
    );
    const cleared = onTerms.filter((r) => r.clearedBy);
    assert.equal(
      cleared.length,
      198,
      onTerms
        .filter((r) => !r.clearedBy)
        .map(seen)
        .join('\n'),
    );
    assert.ok(cleared.every((r) => r.verdict === 'intact'));
    const groups = results.filter(isGroupProbe);
    const typed = groups.length + results.filter((r) => !isGroupProbe(r) && !r.clearedBy).length;
    // 2 groups of 100 and their controls, each masked term alone beside its control, the run checks
    assert.equal(typed, 2 * 2 + 2 * 2 + 2, `${groups.length} of them group probes`);
    const masked = groups.find((r) => r.role === 'group' && r.verdict === 'masked')!;
    assert.match(
      masked.channels.render!.observed!,
      /\*{4} \*{4}|\*{10}/,
      'the group shown with one member masked',
    );
  });
});
