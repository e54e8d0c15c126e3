// Integration (real Redis, Appium, Chromium, lab firmware, Prosody, Converse.js, peer bots): messenger probes through the queue, both directions, beside the reference phone.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const RUN_TIMEOUT_MS = 6 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cw-messenger-run-'));
const profiles = loadDeviceProfiles('devices');
const switchedOn = withTargetsOf(
  profiles.find((d) => d.id === 'lab-mi10t-eu-v12-5-4')!,
  'messenger',
);
const stockPixel = profiles.find((d) => d.id === 'lab-pixel5')!;
// the reference gets lab firmware reading the empty list, so it is a phone like the others
const reference = withTargetsOf(
  {
    ...stockPixel,
    extensionDir: resolve('src/lab/firmware/extension'),
    lab: { ...stockPixel.lab!, firmware: { vendorList: 'none' } },
  },
  'messenger',
);
const all = loadTermList('terms/xiaomi-2021.yaml');
const PLANTED_IDS = [
  'free-tibet-en', // mask: shown masked both ways
  'long-live-taiwan-independence-zh-hans', // block: refused when sent, received intact
  'free-tibet-zh-hans', // drop: silently dropped when sent
  'democracy-movement-lt', // mask where a received message is shown
  'voice-of-america-en', // partial mask: both ways
  'tibet-zh-hant', // planted nowhere
];
const termList = { ...all, terms: all.terms.filter((t) => PLANTED_IDS.includes(t.id)) };
/** term id > direction → verdict (channel) on the switched-on phone. */
const EXPECTED: Record<string, string> = {
  'free-tibet-en>outbound': 'masked (render)',
  'free-tibet-en>inbound': 'masked (render)',
  'long-live-taiwan-independence-zh-hans>outbound': 'blocked (state)',
  'long-live-taiwan-independence-zh-hans>inbound': 'intact (null)',
  'free-tibet-zh-hans>outbound': 'blocked (egress)',
  'free-tibet-zh-hans>inbound': 'intact (null)',
  'democracy-movement-lt>outbound': 'intact (null)',
  'democracy-movement-lt>inbound': 'masked (render)',
  'voice-of-america-en>outbound': 'masked (render)',
  'voice-of-america-en>inbound': 'masked (render)',
  'tibet-zh-hant>outbound': 'intact (null)',
  'tibet-zh-hant>inbound': 'intact (null)',
};
let lab: EmbeddedLab;
let results: ProbeResult[];

describe('messenger probes through the queue', { timeout: RUN_TIMEOUT_MS + 60 * 1000 }, () => {
  before(async () => {
    lab = await startEmbeddedLab([switchedOn, reference], 50, {
      reportsDir: dir,
      databasePath: join(dir, 'cw.db'),
    });
    const run = await startRun(lab.context, lab.store, {
      kind: 'check',
      devices: [switchedOn, reference],
      termList,
    });
    await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
    results = lab.store.probesOfRun(run.runId);
  });
  after(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('probes every term and its control in both directions on both phones', () => {
    const terms = results.filter((r) => r.role === 'term');
    assert.equal(terms.length, 2 * termList.terms.length * 2);
    assert.equal(results.filter((r) => r.role === 'control').length, terms.length);
    assert.deepEqual(new Set(terms.map((r) => r.direction)), new Set(['outbound', 'inbound']));
  });

  test('finds each planted message behaviour in the right direction with the right class', () => {
    const seen = Object.fromEntries(
      results
        .filter((r) => r.deviceId === switchedOn.id && r.role === 'term')
        .map((r) => [`${r.termId}>${r.direction}`, `${r.verdict} (${r.channel})`]),
    );
    assert.deepEqual(seen, EXPECTED);
  });

  test('the positive control was filtered and every finding was confirmed against the clean reference', () => {
    const positive = results.find((r) => r.role === 'positive-control')!;
    assert.equal(positive.verdict, 'masked', `${positive.reason} ${positive.detail}`);
    const findings = results.filter(isFinding);
    assert.equal(
      findings.length,
      Object.values(EXPECTED).filter((v) => !v.startsWith('intact')).length,
    );
    for (const finding of findings) {
      assert.equal(finding.deviceId, switchedOn.id);
      assert.equal(finding.reference?.verdict, 'intact', finding.termId);
    }
  });

  test('outbound evidence keeps what the peer received: its stanza, or that nothing came', () => {
    const outbound = (termId: string) =>
      results.find(
        (r) =>
          r.deviceId === switchedOn.id &&
          r.role === 'term' &&
          r.termId === termId &&
          r.direction === 'outbound',
      )!;
    const peerRecord = (result: ProbeResult) => {
      const file = result.evidence.find((path) => path.endsWith('.peer.txt'));
      assert.ok(file, `${result.termId}: ${result.evidence.join(', ')}`);
      return readFileSync(join(dir, file), 'utf8');
    };
    // masked on the phone's own screen only: the stanza shows the wire carried the term intact
    const masked = peerRecord(outbound('free-tibet-en'));
    assert.match(masked, /^<message [^>]*type="chat"/);
    assert.match(masked, /<body>\d+ Free Tibet<\/body>/);
    assert.match(peerRecord(outbound('free-tibet-zh-hans')), /received nothing with token \d+/);
  });

  test('the reference phone shows no finding and no inconclusive', () => {
    const onReference = results.filter((r) => r.deviceId === reference.id);
    assert.deepEqual(
      onReference
        .filter((r) => r.verdict !== 'intact')
        .map((r) => `${r.termId}: ${r.verdict} ${r.reason} ${r.detail}`),
      [],
    );
  });
});
