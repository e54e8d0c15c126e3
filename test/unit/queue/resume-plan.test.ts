import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planBatch } from '../../../src/probe/plan-probes.ts';
import type { InconclusiveReason } from '../../../src/oracle/verdict.ts';
import { unrunResult } from '../../../src/probe/unrun-result.ts';
import type { ProbeResult } from '../../../src/store/probe-result.ts';
import { resumePlan, standingAfterSession } from '../../../queue/resume-plan.ts';
import { batchRequest } from '../../support/batch-request.ts';

const term = (id: string, text: string) => ({
  id,
  text,
  language: 'en',
  category: 'c',
  source: 's',
  licence: 'l',
  control: `control of ${text}`,
});
const plan = planBatch(
  batchRequest([
    term('free-tibet-en', 'Free Tibet'),
    term('tank-man-en', 'Tank man'),
    term('june-en', 'June 4'),
  ]),
);
const ids = (roles: string[], termId?: string) =>
  plan
    .filter(
      (p) =>
        roles.includes(p.role) && (termId === undefined || (p.controlOf ?? p.term.id) === termId),
    )
    .map((p) => p.probeId);

describe('resumePlan', () => {
  test('nothing recorded: the whole plan runs', () => {
    const resumed = resumePlan(plan, new Set());
    assert.deepEqual(resumed.plan, plan);
    assert.equal(resumed.skipped, 0);
    assert.equal(resumed.termsLeft, true);
  });

  test('a term recorded with its control stands; a term recorded without its control runs again with it; run checks run again', () => {
    const recorded = new Set([
      ...ids(['truism']),
      ...ids(['term', 'control'], 'free-tibet-en'),
      ...ids(['term'], 'tank-man-en'),
    ]);
    const resumed = resumePlan(plan, recorded);
    const left = resumed.plan.map((p) => `${p.role}:${p.controlOf ?? p.term.id}`);
    assert.ok(!left.some((p) => p.endsWith(':free-tibet-en')), 'the whole pair stands');
    assert.ok(left.includes('term:tank-man-en') && left.includes('control:tank-man-en'));
    assert.ok(left.includes('term:june-en') && left.includes('control:june-en'));
    assert.ok(
      left.some((p) => p.startsWith('truism:')),
      'the truism checks this session',
    );
    assert.equal(resumed.skipped, 2);
    // the stored order is kept
    assert.deepEqual(
      resumed.plan.map((p) => p.probeId),
      plan.filter((p) => resumed.plan.includes(p)).map((p) => p.probeId),
    );
  });

  test('every term recorded whole: only run checks would run, so nothing is left to run', () => {
    const resumed = resumePlan(plan, new Set(ids(['term', 'control'])));
    assert.equal(resumed.termsLeft, false);
    assert.ok(resumed.plan.every((p) => p.role !== 'term' && p.role !== 'control'));
  });
});

describe('standingAfterSession', () => {
  const at = '2026-12-02T00:00:00.000Z';
  const recordOf = (probeId: string, reason: InconclusiveReason | null): ProbeResult => {
    const identity = plan.find((p) => p.probeId === probeId)!.identity;
    const result = unrunResult(identity, { reason: reason ?? 'session-error', detail: 'd' }, at);
    return reason === null ? { ...result, verdict: 'intact', reason: null } : result;
  };

  test('verdicts stand, and inconclusives the phone or its far end caused; what a dead session left does not', () => {
    const [tibetTerm, tibetControl] = ids(['term', 'control'], 'free-tibet-en');
    const [tankTerm, tankControl] = ids(['term', 'control'], 'tank-man-en');
    const [juneTerm, juneControl] = ids(['term', 'control'], 'june-en');
    const standing = standingAfterSession([
      recordOf(tibetTerm!, null),
      recordOf(tibetControl!, null),
      // the phone's own doing: a control filtered too stands, as does an untypable term
      recordOf(tankTerm!, 'control-failed'),
      recordOf(tankControl!, 'input-unsupported'),
      recordOf(ids(['truism'])[0]!, 'timeout'),
      // a session gone under them: a new one may decide them
      recordOf(juneTerm!, 'device-lost'),
      recordOf(juneControl!, 'session-error'),
    ]);
    assert.deepEqual(
      [...standing].sort(),
      [tibetTerm, tibetControl, tankTerm, tankControl, ids(['truism'])[0]].sort(),
    );
    const left = resumePlan(plan, standing);
    assert.deepEqual(
      left.plan
        .filter((p) => p.role === 'term' || p.role === 'control')
        .map((p) => p.probeId)
        .sort(),
      [juneTerm, juneControl].sort(),
    );
    assert.equal(left.termsLeft, true);
  });

  test('a pair half decided runs again whole: its session-error control takes its intact term along', () => {
    const [term, control] = ids(['term', 'control'], 'free-tibet-en');
    const standing = standingAfterSession([
      recordOf(term!, null),
      recordOf(control!, 'session-error'),
    ]);
    const left = resumePlan(plan, standing).plan.map((p) => p.probeId);
    assert.ok(left.includes(term!) && left.includes(control!));
  });
});
