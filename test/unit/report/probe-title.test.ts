import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planProbes } from '../../../src/probe/plan-probes.ts';
import { probeTitleOf } from '../../../src/report/probe-title.ts';
import type { Term } from '../../../src/terms/term.ts';
import { probeResult } from '../../support/probe-results.ts';

const terms: Term[] = [
  {
    id: 'free-tibet-en',
    text: 'Free Tibet',
    language: 'en',
    category: 'political',
    source: 'lt-ncsc-2021',
    licence: 'CC0-1.0',
    control: 'Warm bread',
  },
];

/** The title a result of a planned probe derives, from the fields the result keeps. */
function titleOfPlanned(
  app: string,
  inputPath: 'set-text' | 'key-events' | 'ime',
  probe: ReturnType<typeof planProbes>[number],
): string {
  return probeTitleOf({
    target: app,
    inputPath,
    termId: probe.term.id,
    role: probe.role,
    ...(probe.direction ? { direction: probe.direction } : {}),
  });
}

describe('probeTitleOf', () => {
  test('names a term, its control and a truism as the plan titled them', () => {
    assert.equal(probeTitleOf(probeResult()), 'lab-browser › free-tibet-en [key-events]');
    assert.equal(
      probeTitleOf(probeResult({ role: 'control', controlOf: 'free-tibet-en' })),
      'lab-browser › free-tibet-en › control [key-events]',
    );
    assert.equal(
      probeTitleOf(probeResult({ role: 'truism', termId: 'truism' })),
      'lab-browser › truism [key-events]',
    );
  });

  test('puts a messenger probe’s direction after the term, before “control”', () => {
    const messenger = {
      target: 'telegram',
      targetKind: 'messenger' as const,
      inputPath: 'ime' as const,
    };
    assert.equal(
      probeTitleOf(probeResult({ ...messenger, direction: 'inbound' })),
      'telegram › free-tibet-en › inbound [ime]',
    );
    assert.equal(
      probeTitleOf(probeResult({ ...messenger, direction: 'outbound', role: 'control' })),
      'telegram › free-tibet-en › outbound › control [ime]',
    );
    assert.equal(
      probeTitleOf(probeResult({ ...messenger, direction: 'outbound', role: 'positive-control' })),
      'telegram › positive control › outbound [ime]',
    );
  });

  test('gives every probe of a browser batch the title the plan gave it', () => {
    const planned = planProbes({
      runId: 'run-1',
      batchId: 'b1',
      device: { id: 'mi10t' },
      target: {
        app: 'lab-browser',
        kind: 'browser',
        inputPath: 'key-events',
        truism: 'weather forecast',
        positiveControl: { text: 'planted phrase', language: 'en' },
      },
      terms,
    });
    assert.equal(planned.length, 4);
    for (const probe of planned) {
      assert.equal(titleOfPlanned('lab-browser', 'key-events', probe), probe.title);
    }
  });

  test('gives every probe of a messenger batch, both ways, the title the plan gave it', () => {
    const planned = planProbes({
      runId: 'run-1',
      batchId: 'b1',
      device: { id: 'mi10t' },
      target: {
        app: 'lab-messenger',
        kind: 'messenger',
        inputPath: 'ime',
        truism: 'weather forecast',
        positiveControl: { text: 'planted phrase', language: 'en' },
        directions: ['outbound', 'inbound'],
      },
      terms,
    });
    assert.equal(planned.length, 5);
    for (const probe of planned) {
      assert.equal(titleOfPlanned('lab-messenger', 'ime', probe), probe.title);
    }
  });
});
