import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allureOutcomeOf } from '../../../src/report/allure-status.ts';
import { allureCategories } from '../../../src/report/categories.ts';
import { finding, probeResult } from '../../support/probe-results.ts';

/** Allure applies messageRegex with Java `matches` (whole message); `(?s)` is DOTALL. */
function categoryOf(status: string, message: string): string[] {
  return allureCategories()
    .filter((category) => (category.matchedStatuses as string[]).includes(status))
    .filter((category) => {
      const dotAll = category.messageRegex.startsWith('(?s)');
      const body = dotAll ? category.messageRegex.slice(4) : category.messageRegex;
      return new RegExp(`^(?:${body})$`, dotAll ? 's' : '').test(message);
    })
    .map((category) => category.name);
}

describe('allureOutcomeOf', () => {
  test('passes an intact term and an intact control, with no message', () => {
    assert.deepEqual(allureOutcomeOf(probeResult()), { status: 'passed' });
    assert.deepEqual(
      allureOutcomeOf(probeResult({ role: 'control', controlOf: 'free-tibet-en' })),
      { status: 'passed' },
    );
  });

  test('fails a finding with its verdict, channel, term and detail, in the Finding category', () => {
    const outcome = allureOutcomeOf(
      finding('masked', { channel: 'echo', detail: '"Free Tibet" became "Free *****"' }),
    );
    assert.equal(outcome.status, 'failed');
    assert.equal(
      outcome.message,
      'finding: masked on echo: "Free Tibet" — "Free Tibet" became "Free *****"',
    );
    assert.deepEqual(categoryOf(outcome.status, outcome.message!), ['Finding: masked']);
  });

  test('breaks an inconclusive probe with its reason, in that reason’s category', () => {
    const outcome = allureOutcomeOf(
      probeResult({
        verdict: 'inconclusive',
        reason: 'config-error',
        detail: 'selectors for telegram 11.2 are missing',
      }),
    );
    assert.equal(outcome.status, 'broken');
    assert.equal(
      outcome.message,
      'inconclusive(config-error): selectors for telegram 11.2 are missing',
    );
    assert.deepEqual(categoryOf(outcome.status, outcome.message!), ['Inconclusive: config error']);
  });

  test('passes a positive control that was filtered and breaks one that came back intact', () => {
    const filtered = probeResult({
      role: 'positive-control',
      termId: 'positive-control',
      verdict: 'masked',
      channel: 'echo',
    });
    assert.deepEqual(allureOutcomeOf(filtered), { status: 'passed' });
    const missed = allureOutcomeOf(
      probeResult({ role: 'positive-control', termId: 'positive-control', detail: 'typed as is' }),
    );
    assert.equal(missed.status, 'broken');
    assert.equal(
      missed.message,
      'inconclusive(positive-control-missed): positive-control came back intact: typed as is',
    );
  });

  test('breaks a filtered control or truism, never failing it: a fault is not a finding', () => {
    const control = allureOutcomeOf(
      finding('removed', { role: 'control', controlOf: 'free-tibet-en', detail: 'gone' }),
    );
    assert.deepEqual(control, {
      status: 'broken',
      message: 'inconclusive(control-failed): control of free-tibet-en came back removed: gone',
    });
    const truism = allureOutcomeOf(finding('blank', { role: 'truism', termId: 'truism' }));
    assert.deepEqual(truism, {
      status: 'broken',
      message: 'inconclusive(truism-failed): truism came back blank: ',
    });
  });

  test('keeps "expect" in observed text as it was: still broken, still its own category', () => {
    const detail = 'echo held "I expect \\"this\\"", Expected nothing else';
    const inconclusive = allureOutcomeOf(
      probeResult({ verdict: 'inconclusive', reason: 'unstable', detail }),
    );
    assert.equal(inconclusive.status, 'broken');
    assert.equal(inconclusive.message, `inconclusive(unstable): ${detail}`);
    assert.deepEqual(categoryOf('broken', inconclusive.message!), ['Inconclusive: unstable']);

    const found = allureOutcomeOf(finding('altered', { term: 'expect "this"', channel: 'render' }));
    assert.equal(found.message, 'finding: altered on render: "expect "this"" — ');
  });
});
