import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError } from '../../../src/errors.ts';
import {
  readProbeBatch,
  writeProbeBatch,
  type ProbeBatch,
} from '../../../src/sessions/batch-file.ts';
import { batchRequest } from '../../support/batch-request.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-batch-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TERM = {
  id: 'free-tibet-en',
  text: 'Free Tibet\u00a0',
  language: 'en',
  category: 'c',
  source: 's',
  licence: 'l',
  control: 'Warm bread',
};

function batch(): ProbeBatch {
  return {
    ...batchRequest([TERM]),
    plan: [
      {
        probeId: 'p-1',
        title: 'Free Tibet',
        term: TERM,
        role: 'term',
        text: TERM.text,
        payload: TERM.text,
        controlOf: null,
        direction: null,
        identity: {} as ProbeBatch['plan'][number]['identity'],
      },
    ],
    session: {
      provider: 'phone',
      appiumUrl: 'http://127.0.0.1:4723',
      capabilities: { platformName: 'Android' },
      peer: null,
    },
    canaryUrl: 'http://127.0.0.1:8080/canary',
    reportsDir: '/tmp/reports',
    database: '/tmp/cw.db',
  };
}

function written(value: unknown): string {
  const file = join(dir, `${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('readProbeBatch', () => {
  test('reads back what the worker wrote, terms byte for byte', () => {
    const file = join(dir, 'good.json');
    writeProbeBatch(file, batch());
    assert.deepEqual(readProbeBatch(file), batch());
  });

  const refused: [string, (b: Record<string, unknown>) => unknown, RegExp][] = [
    [
      'a run id that climbs out of reports/',
      (b) => ({ ...b, runId: '../../etc' }),
      /field `runId`/,
    ],
    ['a batch id with a slash', (b) => ({ ...b, batchId: 'a/b' }), /field `batchId`/],
    ['a device id with dot-dot', (b) => ({ ...b, device: { id: 'x..y' } }), /field `device.id`/],
    ['no plan', (b) => ({ ...b, plan: [] }), /field `plan`/],
    [
      'an Appium URL that is not http',
      (b) => ({ ...b, session: { ...(b['session'] as object), appiumUrl: 'file:///etc/passwd' } }),
      /field `session.appiumUrl`/,
    ],
    [
      'an unknown session provider',
      (b) => ({ ...b, session: { provider: 'shell' } }),
      /field `session.provider`/,
    ],
    ['a canary that is not a URL', (b) => ({ ...b, canaryUrl: 'nowhere' }), /field `canaryUrl`/],
  ];
  for (const [what, change, field] of refused) {
    test(`refuses ${what}, naming the file and field`, () => {
      const file = written(change(batch() as unknown as Record<string, unknown>));
      assert.throws(
        () => readProbeBatch(file),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message.startsWith(`batch file ${file}: `) &&
          field.test(error.message),
      );
    });
  }

  test('refuses a file that is not JSON', () => {
    const file = written('{"runId": ');
    assert.throws(() => readProbeBatch(file), /batch file .*: not readable JSON/);
  });
});
