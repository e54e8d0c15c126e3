import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planProbes } from '../../../src/probe/plan-probes.ts';
import type { Term } from '../../../src/terms/term.ts';

const terms: Term[] = [
  {
    id: 'free-tibet-en',
    text: 'Free Tibet',
    language: 'en',
    category: 'p',
    source: 's',
    licence: 'CC0-1.0',
    control: 'Warm bread',
  },
  {
    id: 'combo',
    text: '西藏 + 獨立',
    language: 'zh-Hant',
    category: 'p',
    source: 's',
    licence: 'CC0-1.0',
    control: '花園 + 晴天',
  },
];
const target = {
  app: 'lab-browser',
  kind: 'browser' as const,
  inputPath: 'key-events' as const,
  truism: 'weather forecast',
};

describe('planProbes', () => {
  test('runs the truism, the positive control, then each control right before its term', () => {
    const plan = planProbes({
      runId: 'r1',
      device: { id: 'd1' },
      target: { ...target, positiveControl: { text: '法轮功', language: 'zh-Hans' } },
      terms,
    });
    assert.deepEqual(
      plan.map((p) => `${p.role}:${p.text}`),
      [
        'truism:weather forecast',
        'positive-control:法轮功',
        'control:Warm bread',
        'term:Free Tibet',
        'control:花園 + 晴天',
        'term:西藏 + 獨立',
      ],
    );
    assert.equal(plan[5]!.payload, '西藏 獨立');
  });

  test('gives the same probe ids for the same run, device and term, and new ones for a new run', () => {
    const a = planProbes({ runId: 'r1', device: { id: 'd1' }, target, terms }).map(
      (p) => p.probeId,
    );
    const b = planProbes({ runId: 'r1', device: { id: 'd1' }, target, terms }).map(
      (p) => p.probeId,
    );
    const c = planProbes({ runId: 'r2', device: { id: 'd1' }, target, terms }).map(
      (p) => p.probeId,
    );
    assert.deepEqual(a, b);
    assert.equal(new Set([...a, ...c]).size, a.length * 2);
  });

  test('keeps test titles stable across runs so Allure history builds up', () => {
    const titles = (runId: string) =>
      planProbes({ runId, device: { id: 'd1' }, target, terms }).map((p) => p.title);
    assert.deepEqual(titles('r1'), titles('r2'));
  });
});
