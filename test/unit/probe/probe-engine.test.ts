import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, ProbeFault } from '../../../src/errors.ts';
import type { ProbeObservations } from '../../../src/oracle/decide-probe.ts';
import { planBatch } from '../../../src/probe/plan-probes.ts';
import { CONTROL_DEADLINES } from '../../../src/probe/probe-deadlines.ts';
import type { ProbeDriver, ProbeOutcome, ProbeRequest } from '../../../src/probe/probe-driver.ts';
import { ProbeEngine } from '../../../src/probe/probe-engine.ts';
import type { ProbeBatchRequest } from '../../../src/probe/probe-batch.ts';
import type { ProbeResult } from '../../../src/store/probe-result.ts';
import type { Term } from '../../../src/terms/term.ts';
import { batchRequest as request } from '../../support/batch-request.ts';

const term = (id: string, text: string, control: string): Term => ({
  id,
  text,
  language: 'en',
  category: 'test',
  source: 'unit test',
  licence: 'CC0-1.0',
  control,
});

const TIBET = term('free-tibet', 'Free Tibet', 'Warm bread');
const FALUN = term('falun', 'Falun Gong', 'Green tea');

/** What the fake phone shows for a payload. */
type Behaviour = (payload: string, call: number) => Partial<ProbeObservations> | Error;

/** A phone that shows every payload back as it was typed, unless `behaviour` says otherwise. */
class FakeDriver implements ProbeDriver {
  readonly requests: ProbeRequest[] = [];
  readonly evidenceOf: string[] = [];
  readonly #behaviour: Behaviour;
  readonly #setUpError: Error | null;
  readonly #calls = new Map<string, number>();
  tornDown = false;

  constructor(behaviour: Behaviour = () => ({}), setUpError: Error | null = null) {
    this.#behaviour = behaviour;
    this.#setUpError = setUpError;
  }

  async setUp(): Promise<void> {
    if (this.#setUpError) throw this.#setUpError;
  }

  async tearDown(): Promise<void> {
    this.tornDown = true;
  }

  async run(probe: ProbeRequest): Promise<ProbeOutcome> {
    this.requests.push(probe);
    const call = (this.#calls.get(probe.payload) ?? 0) + 1;
    this.#calls.set(probe.payload, call);
    const shown = this.#behaviour(probe.payload, call);
    if (shown instanceof Error) throw shown;
    const render = { text: probe.payload, pageText: `results ${probe.payload}`, atMs: 40 };
    return {
      observations: {
        payload: probe.payload,
        echo: probe.payload,
        egress: probe.payload,
        movedOn: true,
        renderFirst: render,
        renderSettled: render,
        ...shown,
      },
      timings: { submitMs: 500, egressMs: 250, settledMs: 1500 },
    };
  }

  async keepEvidence(probe: { probeId: string }): Promise<{ paths: string[]; error: null }> {
    this.evidenceOf.push(probe.probeId);
    return { paths: [`evidence/run-1/${probe.probeId}.png`], error: null };
  }
}

const masked = (text: string) => text.replace(/\S/g, '*');
const maskRender = (payload: string): Partial<ProbeObservations> => {
  const render = { text: masked(payload), pageText: masked(payload), atMs: 40 };
  return { renderFirst: render, renderSettled: render };
};

async function runEngine(batch: ProbeBatchRequest, driver: ProbeDriver) {
  const results: ProbeResult[] = [];
  const report = await new ProbeEngine({
    batch: { plan: planBatch(batch), repetition: batch.repetition, inputPath: 'key-events' },
    driver,
    sink: { record: async (result) => void results.push(result) },
  }).run();
  const of = (role: string, termId?: string) =>
    results.find((r) => r.role === role && (termId === undefined || r.termId === termId))!;
  return { results, report, of };
}

describe('ProbeEngine', () => {
  test('records every planned probe in plan order, each with the identity it was planned with', async () => {
    const batch = request([TIBET, FALUN]);
    const { results, report } = await runEngine(batch, new FakeDriver());
    const plan = planBatch(batch);
    assert.deepEqual(
      results.map((r) => r.probeId),
      plan.map((p) => p.probeId),
    );
    assert.equal(report.recorded, plan.length);
    assert.equal(report.batchFault, null);
    assert.ok(
      results.every((r) => r.verdict === 'intact' && r.firmwareKey === 'Xiaomi Mi 10T / V12'),
    );
    assert.equal(results[0]!.probeToken.length, 12);
  });

  test('hands each result to the sink before the next probe runs', async () => {
    const driver = new FakeDriver();
    const seenBefore: number[] = [];
    const recorded: ProbeResult[] = [];
    await new ProbeEngine({
      batch: {
        plan: planBatch(request([TIBET])),
        repetition: { required: 2, attempts: 2 },
        inputPath: 'key-events',
      },
      driver,
      sink: {
        record: async (result) => {
          seenBefore.push(driver.requests.length);
          recorded.push(result);
        },
      },
    }).run();
    assert.deepEqual(seenBefore, [1, 2, 3]);
  });

  test('confirms a masked term by repetition: control and term again, 2 of 2', async () => {
    const driver = new FakeDriver((payload) =>
      payload === 'Free Tibet' ? maskRender(payload) : {},
    );
    const { of } = await runEngine(request([TIBET]), driver);
    const result = of('term');
    assert.equal(result.verdict, 'masked');
    assert.equal(result.channel, 'render');
    assert.equal(result.attempts.length, 2);
    assert.match(result.detail!, /confirmed 2 of 2/);
    assert.deepEqual(
      driver.requests.map((r) => r.payload),
      ['weather forecast', 'Warm bread', 'Free Tibet', 'Warm bread', 'Free Tibet'],
    );
    assert.deepEqual(driver.evidenceOf, [result.probeId]);
    assert.deepEqual(result.evidence, [`evidence/run-1/${result.probeId}.png`]);
  });

  test('a term whose control was filtered is inconclusive(control-failed), never a finding', async () => {
    const driver = new FakeDriver((payload) =>
      payload === 'Warm bread' || payload === 'Free Tibet' ? maskRender(payload) : {},
    );
    const { of } = await runEngine(request([TIBET]), driver);
    assert.equal(of('control').verdict, 'masked');
    assert.equal(of('term').verdict, 'inconclusive');
    assert.equal(of('term').reason, 'control-failed');
  });

  test('a term that is filtered once and intact the next time is inconclusive(unstable)', async () => {
    const driver = new FakeDriver((payload, call) =>
      payload === 'Free Tibet' && call === 1 ? maskRender(payload) : {},
    );
    const { of } = await runEngine(request([TIBET]), driver);
    assert.equal(of('term').verdict, 'inconclusive');
    assert.equal(of('term').reason, 'unstable');
    assert.deepEqual(
      of('term').attempts.map((a) => a.verdict),
      ['masked', 'intact'],
    );
  });

  test('a filtered truism makes every term inconclusive(truism-failed)', async () => {
    const driver = new FakeDriver((payload) =>
      payload === 'weather forecast' || payload === 'Free Tibet' ? maskRender(payload) : {},
    );
    const { of } = await runEngine(request([TIBET, FALUN]), driver);
    assert.equal(of('truism').verdict, 'masked');
    assert.equal(of('term', 'free-tibet').reason, 'truism-failed');
    assert.equal(of('term', 'falun').reason, 'truism-failed');
  });

  test('a positive control that comes back intact makes intact terms inconclusive(positive-control-missed)', async () => {
    const batch = request([TIBET], { positiveControl: { text: '法轮功', language: 'zh-Hans' } });
    const { of } = await runEngine(batch, new FakeDriver());
    assert.equal(of('positive-control').verdict, 'intact');
    assert.equal(of('term').verdict, 'inconclusive');
    assert.equal(of('term').reason, 'positive-control-missed');
  });

  test('a filtered positive control lets an intact term stay intact', async () => {
    const batch = request([TIBET], { positiveControl: { text: '法轮功', language: 'zh-Hans' } });
    const { of } = await runEngine(
      batch,
      new FakeDriver((p) => (p === '法轮功' ? maskRender(p) : {})),
    );
    assert.equal(of('positive-control').verdict, 'masked');
    assert.equal(of('term').verdict, 'intact');
  });

  test('a term the input path cannot type is inconclusive(input-unsupported) and never reaches the phone', async () => {
    const driver = new FakeDriver();
    const { of } = await runEngine(request([term('bell', 'ring\u0007bell', 'warm bread')]), driver);
    assert.equal(of('term').verdict, 'inconclusive');
    assert.equal(of('term').reason, 'input-unsupported');
    assert.ok(!driver.requests.some((r) => r.payload.includes('\u0007')));
  });

  test('a device lost mid-batch makes the probes it breaks inconclusive(device-lost) and the batch goes on', async () => {
    const driver = new FakeDriver((payload) =>
      payload === 'Free Tibet' ? new ProbeFault('E_DEVICE_LOST', 'the phone went away') : {},
    );
    const { of, results } = await runEngine(request([TIBET, FALUN]), driver);
    assert.equal(of('term', 'free-tibet').verdict, 'inconclusive');
    assert.equal(of('term', 'free-tibet').reason, 'device-lost');
    assert.equal(of('term', 'free-tibet').detail, 'the phone went away');
    assert.equal(of('term', 'falun').verdict, 'intact');
    assert.equal(results.length, 5);
  });

  test('an error of no known class is inconclusive(session-error), never a finding', async () => {
    const driver = new FakeDriver((payload) =>
      payload === 'Free Tibet' ? new TypeError('undefined is not a function') : {},
    );
    const { of } = await runEngine(request([TIBET]), driver);
    assert.equal(of('term').reason, 'session-error');
  });

  test('a batch that cannot start records every probe inconclusive with its reason', async () => {
    const driver = new FakeDriver(
      () => ({}),
      new ConfigError('devices/x/firmware: Chromium did not load the extension'),
    );
    const { results, report } = await runEngine(request([TIBET]), driver);
    assert.equal(results.length, 3);
    assert.ok(results.every((r) => r.verdict === 'inconclusive' && r.reason === 'config-error'));
    assert.match(results[0]!.detail!, /did not load the extension/);
    assert.equal(report.batchFault?.reason, 'config-error');
    assert.equal(driver.requests.length, 0);
  });

  test('a configuration fault mid-batch ends the rest of the batch inconclusive(config-error)', async () => {
    const driver = new FakeDriver((payload) =>
      payload === 'Warm bread'
        ? new ConfigError('the lab messenger has no account for phone-1')
        : {},
    );
    const { results, report } = await runEngine(request([TIBET, FALUN]), driver);
    assert.equal(results.length, 5);
    assert.equal(results[0]!.verdict, 'intact');
    assert.ok(results.slice(1).every((r) => r.reason === 'config-error'));
    assert.equal(driver.requests.length, 2);
    assert.equal(report.batchFault?.reason, 'config-error');
    assert.ok(driver.tornDown);
  });

  test('a term gets deadlines derived from its control, a control the fixed ones', async () => {
    const driver = new FakeDriver();
    await runEngine(request([TIBET]), driver);
    const [truism, control, sensitive] = driver.requests;
    assert.deepEqual(truism!.deadlines, CONTROL_DEADLINES);
    assert.deepEqual(control!.deadlines, CONTROL_DEADLINES);
    // control took 500 ms to submit and 250 ms to reach the far end: 4× plus a second, within bounds
    assert.deepEqual(sensitive!.deadlines, { submitMs: 3000, egressMs: 2000, settleMs: 1500 });
  });

  test('a messenger term is probed each way beside the control of the same direction', async () => {
    const driver = new FakeDriver((payload) =>
      payload === 'Free Tibet' ? maskRender(payload) : {},
    );
    const batch = request([TIBET], { app: 'lab-messenger', kind: 'messenger' });
    const { results } = await runEngine(batch, driver);
    assert.deepEqual(
      results.map((r) => `${r.role}:${r.direction}:${r.verdict}`),
      [
        'control:outbound:intact',
        'term:outbound:masked',
        'control:inbound:intact',
        'term:inbound:masked',
      ],
    );
  });

  test('a sink that fails stops the batch with its error (nothing is recorded as done that was not)', async () => {
    const engine = new ProbeEngine({
      batch: {
        plan: planBatch(request([TIBET])),
        repetition: { required: 2, attempts: 2 },
        inputPath: 'key-events',
      },
      driver: new FakeDriver(),
      sink: {
        record: async () => {
          throw new Error('database is locked');
        },
      },
    });
    await assert.rejects(engine.run(), /database is locked/);
  });
});
