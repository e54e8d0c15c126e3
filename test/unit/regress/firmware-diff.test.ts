// What drift and regression compare in a store (a SQLite file in a temp folder, no services): runs of a firmware, nightly and targeted.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { detectChanges } from '../../../src/regress/detect-changes.ts';
import { driftOf, regressionOf } from '../../../src/regress/firmware-diff.ts';
import type { ProbeResult } from '../../../src/store/probe-result.ts';
import { ResultStore, type RunRecord } from '../../../src/store/result-store.ts';
import { derivedTermId } from '../../../src/terms/term-identity.ts';
import { MI_V1, MI_V4, probeResult } from '../../support/probe-results.ts';

const LISTED = [
  { termId: 'free-tibet-en', term: 'Free Tibet' },
  { termId: 'democracy-movement-en', term: 'Democracy movement' },
  { termId: 'voice-of-america-en', term: 'Voice of America' },
];
/** The id a pasted `Free Tibet` gets in a check. */
const PASTED_ID = derivedTermId({ text: 'Free Tibet', language: 'en' });

let dir: string;
let store: ResultStore;
let runs = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-firmware-diff-'));
  store = await ResultStore.open(join(dir, 'cw.db'));
  runs = 0;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records a run (each a minute after the one before) with a term probe per `verdicts` entry. */
async function run(
  kind: RunRecord['kind'],
  firmwareKey: string,
  terms: { termId: string; term: string; verdict?: ProbeResult['verdict'] }[],
): Promise<string> {
  runs += 1;
  const runId = `${kind}-${runs}`;
  await store.saveRun({
    runId,
    kind,
    createdAt: new Date(Date.UTC(2026, 10, 1, 2, runs)).toISOString(),
    termListName: kind === 'check' ? 'command line' : 'xiaomi-miadblacklist-2021',
    termListSha256: 'x',
    plannedProbes: terms.length * 2,
    status: 'finished',
    finishedAt: null,
    startedBy: null,
  });
  for (const { verdict = 'intact', ...term } of terms) {
    const filtered = verdict !== 'intact' && verdict !== 'inconclusive';
    await store.saveProbe(
      probeResult({
        runId,
        firmwareKey,
        ...term,
        verdict,
        channel: filtered ? 'render' : null,
        reason: verdict === 'inconclusive' ? 'timeout' : null,
      }),
    );
  }
  return runId;
}

const nightly = (firmwareKey: string, verdicts: Record<string, ProbeResult['verdict']> = {}) =>
  run(
    'nightly',
    firmwareKey,
    LISTED.map((t) => ({ ...t, verdict: verdicts[t.termId] ?? 'intact' })),
  );
const check = (verdict: ProbeResult['verdict'] = 'intact') =>
  run('check', MI_V4, [{ termId: PASTED_ID, term: 'Free Tibet', verdict }]);

describe('driftOf', () => {
  test('a check of a listed term with the same verdict is no drift: the term is unchanged', async () => {
    const night = await nightly(MI_V4, { 'free-tibet-en': 'masked' });
    const checked = await check('masked');
    const drift = (await driftOf(store, MI_V4, checked))!;
    assert.equal(drift.before.runId, night);
    assert.equal(drift.unchanged, 1);
    assert.deepEqual(drift.newFindings, []);
    assert.deepEqual(
      drift.probedOnOneSide.map((c) => [c.termId, c.after]),
      [
        ['democracy-movement-en', null],
        ['voice-of-america-en', null],
      ],
    );
  });

  test('a check whose verdict changed is drift', async () => {
    await nightly(MI_V4);
    const drift = (await driftOf(store, MI_V4, await check('masked')))!;
    assert.deepEqual(
      drift.newFindings.map((c) => [c.termId, c.before?.verdict, c.after?.verdict]),
      [[PASTED_ID, 'intact', 'masked']],
    );
  });

  test('a nightly run after a check compares each term with its latest earlier probe', async () => {
    const first = await nightly(MI_V4, { 'free-tibet-en': 'masked' });
    const checked = await check('intact');
    const second = await nightly(MI_V4, { 'democracy-movement-en': 'masked' });
    const drift = (await driftOf(store, MI_V4, second))!;
    assert.equal(drift.before.runId, checked);
    assert.deepEqual(drift.before.earlierRunIds, [first]);
    assert.deepEqual(
      drift.newFindings.map((c) => [c.termId, c.before?.runId]),
      [['democracy-movement-en', first]],
      'the switch the check did not look at is still seen',
    );
    assert.equal(drift.unchanged, 2, 'Free Tibet as the check saw it, Voice of America as before');
    assert.deepEqual(drift.goneFindings, [], 'Free Tibet went in the check, not in this run');
    assert.deepEqual(drift.probedOnOneSide, []);
  });

  test("a firmware's first run has nothing to drift from", async () => {
    assert.equal(await driftOf(store, MI_V4, await nightly(MI_V4)), null);
  });
});

describe('regressionOf', () => {
  test("compares with the previous firmware's latest probe of each term, past a check", async () => {
    await nightly(MI_V1);
    await run('check', MI_V1, [{ termId: PASTED_ID, term: 'Free Tibet' }]);
    const next = await nightly(MI_V4, { 'voice-of-america-en': 'masked' });
    const regression = (await regressionOf(store, MI_V4, next))!;
    assert.equal(regression.before.firmwareKey, MI_V1);
    assert.deepEqual(
      regression.newFindings.map((c) => c.termId),
      ['voice-of-america-en'],
    );
    assert.equal(regression.unchanged, 2);
  });

  test('a term new on the next firmware is listed apart, not a regression', async () => {
    await run('nightly', MI_V1, [LISTED[0]!]);
    const next = await run('nightly', MI_V4, [LISTED[0]!, { ...LISTED[1]!, verdict: 'masked' }]);
    const regression = (await regressionOf(store, MI_V4, next))!;
    assert.deepEqual(regression.newFindings, []);
    assert.deepEqual(
      regression.probedOnOneSide.map((c) => c.termId),
      ['democracy-movement-en'],
    );
  });
});

describe('detectChanges', () => {
  const detect = (runId: string) =>
    detectChanges({ store, runId, firmwareKeys: [MI_V4], reportsDir: join(dir, 'reports') });

  test('a check of one listed term with the same verdict raises nothing', async () => {
    await nightly(MI_V4, { 'free-tibet-en': 'masked' });
    const { changes, indexLinks } = await detect(await check('masked'));
    assert.deepEqual(changes, []);
    assert.equal(indexLinks.size, 0);
  });

  test('a check whose verdict changed raises drift, its page listing the unprobed terms apart', async () => {
    await nightly(MI_V4);
    const { changes } = await detect(await check('masked'));
    assert.deepEqual(
      changes.map((c) => c.event),
      ['drift'],
    );
    const page = JSON.parse(readFileSync(changes[0]!.pages.json, 'utf8'));
    assert.equal(page.newFindings.length, 1);
    assert.equal(page.unchanged, 0);
    assert.deepEqual(
      page.probedOnOneSide.map((c: { termId: string }) => c.termId),
      ['democracy-movement-en', 'voice-of-america-en'],
    );
    assert.match(
      readFileSync(changes[0]!.pages.markdown, 'utf8'),
      /### Probed on one side only \(not compared\) \(2\)/,
    );
  });
});
