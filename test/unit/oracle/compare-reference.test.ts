import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compareWithReferences,
  type ReferenceComparable,
} from '../../../src/oracle/compare-reference.ts';
import type { Verdict } from '../../../src/oracle/verdict.ts';

/** A result as the oracle sees it, plus a field it does not know (a store row has many). */
interface Row extends ReferenceComparable {
  firmwareKey: string;
}

function result(deviceId: string, termId: string, verdict: Verdict, role = 'term'): Row {
  return {
    probeId: `${deviceId}-${termId}-${role}`,
    deviceId,
    firmwareKey: deviceId,
    target: 'lab-browser',
    termId,
    role,
    verdict,
    reason: null,
    detail: null,
    channel: verdict === 'intact' ? null : 'render',
    reference: null,
  };
}
const referenceOf = (id: string) => (id === 'mi' ? 'pixel' : undefined);

describe('reference devices', () => {
  test('keep a finding whose term came through intact on the reference, with the comparison', () => {
    const [change] = compareWithReferences(
      [result('mi', 'a', 'masked'), result('pixel', 'a', 'intact')],
      referenceOf,
    );
    assert.equal(change!.downgraded, false);
    assert.equal(change!.result.verdict, 'masked');
    assert.deepEqual(change!.result.reference, {
      deviceId: 'pixel',
      verdict: 'intact',
      probeId: 'pixel-a-term',
    });
  });

  test('turn a finding the reference shares into inconclusive', () => {
    const [change] = compareWithReferences(
      [result('mi', 'a', 'masked'), result('pixel', 'a', 'masked')],
      referenceOf,
    );
    assert.equal(change!.downgraded, true);
    assert.equal(change!.result.verdict, 'inconclusive');
    assert.equal(change!.result.reason, 'reference-not-intact');
  });

  test('keep a combination the reference typed intact in one group probe with all its components, and only then', () => {
    const combination = { ...result('mi', 'combination-a+b', 'blocked'), members: ['a', 'b'] };
    const group = (members: string[], verdict: Verdict = 'intact') => ({
      ...result('pixel', `group-${members.join('')}`, verdict, 'group'),
      members,
    });
    const [kept] = compareWithReferences([combination, group(['x', 'a', 'y', 'b'])], referenceOf);
    assert.equal(kept!.downgraded, false);
    assert.equal(kept!.result.reference?.probeId, 'pixel-group-xayb-group');
    for (const [label, rows] of [
      ['a group without one component', [group(['a', 'y'])]],
      ['a group that was not intact', [group(['a', 'b'], 'masked')]],
      [
        'the components probed alone',
        [result('pixel', 'a', 'intact'), result('pixel', 'b', 'intact')],
      ],
    ] as const) {
      const [change] = compareWithReferences([combination, ...rows], referenceOf);
      assert.equal(change!.result.reason, 'reference-not-intact', label);
    }
  });

  test('turn a finding whose term the reference never probed into inconclusive', () => {
    const [change] = compareWithReferences([result('mi', 'a', 'blocked')], referenceOf);
    assert.equal(change!.result.reason, 'reference-not-intact');
    assert.match(change!.result.detail ?? '', /not probed/);
  });

  test('keep every field of the result it does not read', () => {
    const [kept, downgraded] = compareWithReferences(
      [
        result('mi', 'a', 'masked'),
        result('pixel', 'a', 'intact'),
        result('mi', 'b', 'removed'),
        result('pixel', 'b', 'removed'),
      ],
      referenceOf,
    );
    assert.equal(kept!.result.firmwareKey, 'mi');
    assert.equal(downgraded!.result.firmwareKey, 'mi');
    assert.equal(downgraded!.result.verdict, 'inconclusive');
  });

  test('compare a messenger term only with the same direction on the reference', () => {
    const way = (row: Row, direction: 'outbound' | 'inbound'): Row => ({
      ...row,
      probeId: `${row.probeId}-${direction}`,
      direction,
    });
    const [change] = compareWithReferences(
      [
        way(result('mi', 'a', 'removed'), 'inbound'),
        way(result('pixel', 'a', 'intact'), 'outbound'),
        way(result('pixel', 'a', 'removed'), 'inbound'),
      ],
      referenceOf,
    );
    assert.equal(change!.downgraded, true);
    assert.equal(change!.result.reference?.probeId, 'pixel-a-term-inbound');
  });

  test('leave devices without a reference, and non-findings, alone', () => {
    const changes = compareWithReferences(
      [
        result('pixel', 'a', 'masked'),
        result('mi', 'b', 'intact'),
        result('mi', 'c', 'masked', 'control'),
      ],
      referenceOf,
    );
    assert.deepEqual(changes, []);
  });
});
