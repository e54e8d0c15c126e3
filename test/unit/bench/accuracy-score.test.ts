import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatConfusion, scoreAccuracy } from '../../../bench/accuracy-score.ts';

describe('scoreAccuracy', () => {
  test('counts recall, false findings, class accuracy and inconclusive rate', () => {
    const score = scoreAccuracy([
      { expected: 'masked', actual: 'masked' },
      { expected: 'blocked', actual: 'removed' },
      { expected: 'blank', actual: 'inconclusive' },
      { expected: 'intact', actual: 'intact' },
      { expected: 'intact', actual: 'altered' },
    ]);
    assert.equal(score.planted, 3);
    assert.equal(score.recall, 2 / 3);
    assert.equal(score.falseFindings, 1);
    assert.equal(score.classAccuracy, 2 / 5);
    assert.equal(score.inconclusiveRate, 1 / 5);
    assert.equal(score.confusion.blocked!.removed, 1);
  });

  test('prints only the planted classes that occurred as rows', () => {
    const table = formatConfusion(scoreAccuracy([{ expected: 'masked', actual: 'masked' }]));
    assert.equal(table.split('\n').length, 2);
    assert.match(table, /^masked\s+0\s+1/m);
  });
});
