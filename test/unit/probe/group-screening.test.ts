import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isFinding } from '../../../src/oracle/finding.ts';
import { planBatch } from '../../../src/probe/plan-probes.ts';
import { ProbeEngine } from '../../../src/probe/probe-engine.ts';
import { batchRequest as request } from '../../support/batch-request.ts';
import { percentEncodedBytes } from '../../../src/screening/payload-measure.ts';
import { isGroupProbe, type ProbeResult } from '../../../src/store/probe-result.ts';
import type { Term } from '../../../src/terms/term.ts';
import { CensorDriver, SimulatedCensor, type CensorRule } from '../screening/simulated-censor.ts';

/** `n` benign generated terms, with `planted` texts at their indices. */
function generatedList(n: number, planted: Record<number, string> = {}): Term[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `t${String(i).padStart(4, '0')}`,
    text: planted[i] ?? `calm lake ${i}`,
    language: 'en',
    category: 'generated',
    source: 'unit test',
    licence: 'CC0-1.0',
    control: `green hill ${i}`,
  }));
}

async function screen(terms: Term[], rules: CensorRule[], faultProbability = 0) {
  const censor = new SimulatedCensor({ rules, seed: 7, faultProbability });
  const driver = new CensorDriver(censor);
  const results: ProbeResult[] = [];
  const plan = planBatch(request(terms));
  const report = await new ProbeEngine({
    batch: {
      plan,
      repetition: { required: 2, attempts: 2 },
      inputPath: 'key-events',
      screening: { measure: percentEncodedBytes, limit: 8000, maxMembers: 40 },
    },
    driver,
    sink: { record: async (result) => void results.push(result) },
  }).run();
  const terms_ = results.filter((r) => r.role === 'term');
  return {
    plan,
    results,
    report,
    driver,
    findings: terms_.filter(isFinding).map((r) => `${r.term}: ${r.verdict}`),
    term: (id: string) => terms_.find((r) => r.termId === id)!,
  };
}

describe('group screening in the probe engine', () => {
  test('a list masked term by term: one probe reads every member, only candidates are probed alone', async () => {
    const planted = { 17: 'Free Tibet', 90: 'Falun Gong', 151: '六四' };
    const run = await screen(generatedList(200, planted), [
      { keyword: 'Free Tibet', action: 'mask' },
      { keyword: 'Falun Gong', action: 'mask' },
      { keyword: '六四', action: 'remove' },
    ]);
    assert.deepEqual(run.findings.sort(), [
      'Falun Gong: masked',
      'Free Tibet: masked',
      '六四: removed',
    ]);
    // every planned probe is recorded once; the rest are group probes
    const planned = new Set(run.plan.map((p) => p.probeId));
    assert.equal(run.results.filter((r) => planned.has(r.probeId)).length, planned.size);
    assert.equal(new Set(run.results.map((r) => r.probeId)).size, run.results.length);
    const cleared = run.results.filter((r) => r.role === 'term' && r.clearedBy);
    assert.equal(cleared.length, 197);
    const groupOf = new Map(run.results.filter(isGroupProbe).map((r) => [r.probeId, r]));
    for (const result of cleared) {
      const group = groupOf.get(result.clearedBy!.probeId)!;
      assert.equal(group.role, 'group');
      assert.ok(group.members!.includes(result.termId), `${result.termId} was in its group`);
    }
    // 5 groups and their controls, 3 candidates alone (control and term, twice), the truism
    assert.equal(run.driver.payloads.length, 5 * 2 + 3 * 4 + 1);
    assert.ok(run.driver.payloads.length / 200 <= 0.15, `${run.driver.payloads.length} probes`);
  });

  test('a list blocked all or nothing: the blocked groups are split down to the terms blocked alone', async () => {
    const planted = { 3: 'Free Tibet', 44: 'Falun Gong', 120: '六四', 121: 'Tank Man' };
    const run = await screen(
      generatedList(200, planted),
      Object.values(planted).map((keyword) => ({ keyword, action: 'block' as const })),
    );
    assert.deepEqual(run.findings.sort(), [
      'Falun Gong: blocked',
      'Free Tibet: blocked',
      'Tank Man: blocked',
      '六四: blocked',
    ]);
    const intact = run.results.filter((r) => r.role === 'term' && r.verdict === 'intact');
    assert.equal(intact.length, 196, 'every other term intact, none inconclusive');
    assert.ok(
      intact.every((r) => r.clearedBy),
      'cleared by the groups and their splits',
    );
    assert.ok(run.driver.payloads.length / 200 <= 0.6, `${run.driver.payloads.length} probes`);
  });

  test('a group that filters though each member passes alone holds a combination, confirmed alone and named by its parts', async () => {
    const planted = { 10: '习近平', 25: '小熊维尼' };
    const run = await screen(generatedList(60, planted), [
      { combination: ['习近平', '小熊维尼'], action: 'block' },
    ]);
    assert.deepEqual(run.findings, ['习近平 + 小熊维尼: blocked']);
    const combination = run.results.find((r) => r.role === 'term' && r.members)!;
    assert.deepEqual(combination.members, ['t0010', 't0025']);
    assert.equal(combination.attempts.length, 2, 'confirmed under the repetition policy');
    const control = run.results.find((r) => r.controlOf === combination.termId)!;
    assert.equal(control.verdict, 'intact');
    assert.equal(run.term('t0010').verdict, 'intact', 'a component alone passes');
    assert.equal(run.term('t0025').verdict, 'intact');
  });

  test('members masked only together pass alone, so they are isolated as a combination after their probes alone', async () => {
    const run = await screen(generatedList(60, { 12: '习近平', 30: '小熊维尼' }), [
      { combination: ['习近平', '小熊维尼'], action: 'mask' },
    ]);
    assert.deepEqual(run.findings, ['习近平 + 小熊维尼: masked']);
    assert.equal(run.term('t0012').verdict, 'intact', 'masked in its group, intact alone');
    assert.equal(run.term('t0012').clearedBy, undefined, 'probed alone, not cleared by the group');
    assert.equal(run.term('t0030').verdict, 'intact');
  });

  test('a group’s cleared terms are recorded when the group is done, so progress moves with the groups', async () => {
    const run = await screen(generatedList(200), []);
    const lastGroup = run.results.findLastIndex(isGroupProbe);
    const firstCleared = run.results.findIndex((r) => r.clearedBy);
    assert.ok(firstCleared >= 0 && firstCleared < lastGroup, `${firstCleared} < ${lastGroup}`);
    assert.equal(run.results.filter((r) => r.clearedBy).length, 400, 'each term and control once');
  });

  test('two batches of one run never share a group probe id', async () => {
    const first = await screen(generatedList(60), []);
    const second = await screen(
      generatedList(60).map((t) => ({ ...t, id: `b${t.id}` })),
      [],
    );
    const ids = (run: typeof first) => run.results.filter(isGroupProbe).map((r) => r.probeId);
    assert.ok(ids(first).length > 0);
    assert.deepEqual(
      ids(first).filter((id) => ids(second).includes(id)),
      [],
    );
  });

  test('a group whose control is not intact clears nothing: its terms are probed alone', async () => {
    // the firmware blocks the control of one term, so its group's control never comes through
    const run = await screen(generatedList(60), [{ keyword: 'green hill 5', action: 'block' }]);
    assert.deepEqual(run.findings, []);
    const first = run.results.find((r) => r.role === 'group-control')!;
    assert.equal(first.verdict, 'blocked');
    const group = run.results.find((r) => r.role === 'group' && r.controlOf === null)!;
    assert.equal(group.reason, 'control-failed');
    for (const id of group.members!) {
      assert.equal(run.term(id).clearedBy, undefined, `${id} not cleared by its group`);
    }
    assert.equal(run.term('t0005').reason, 'control-failed', 'its own control failed too');
    assert.equal(run.term('t0006').verdict, 'intact', 'probed alone beside its own control');
  });

  test('an unstable filter and faults make no finding of a term the firmware leaves alone', async () => {
    const run = await screen(
      generatedList(120, { 30: 'Free Tibet', 70: 'Falun Gong' }),
      [
        { keyword: 'Free Tibet', action: 'block', probability: 0.5 },
        { keyword: 'Falun Gong', action: 'mask' },
      ],
      0.05,
    );
    for (const result of run.results.filter((r) => r.role === 'term' && isFinding(r))) {
      assert.ok(
        ['Free Tibet', 'Falun Gong'].includes(result.term),
        `false finding: ${result.term}`,
      );
    }
    const planned = new Set(run.plan.map((p) => p.probeId));
    assert.equal(run.results.filter((r) => planned.has(r.probeId)).length, planned.size);
    assert.equal(run.report.batchFault, null);
  });
});
