import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planBatch } from '../../../src/probe/plan-probes.ts';
import { resumePlan } from '../../../queue/resume-plan.ts';
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
