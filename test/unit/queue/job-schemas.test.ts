import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJobData, probeBatchJobSchema } from '../../../queue/job-schemas.ts';

const good = {
  runId: '0b7e6c1a-5d1f-4c3e-9a51-0c8f0a5b7e11',
  batchId: 'lab-pixel5.lab-browser.0',
  device: { id: 'lab-pixel5', appium: { url: 'http://evil.example:4723' } },
  target: { app: 'lab-browser' },
  terms: [
    {
      id: 'free-tibet-en',
      text: 'Free Tibet',
      language: 'en',
      category: 'politics',
      source: 's',
      licence: 'unspecified',
      control: 'Warm bread',
    },
  ],
  termList: { name: 'x', sha256: 'ab' },
  repetition: { required: 2, attempts: 2 },
};

describe('probe batch job data', () => {
  test('takes a well-formed job', () => {
    const parsed = parseJobData(probeBatchJobSchema, good);
    assert.ok('data' in parsed);
    assert.equal(parsed.data.runId, good.runId);
  });

  test('refuses a run id that would climb out of the reports folder, naming the field', () => {
    assert.deepEqual(parseJobData(probeBatchJobSchema, { ...good, runId: '../..' }), {
      error: 'job data field `runId`: must be letters, digits, dots, dashes or underscores',
    });
    assert.deepEqual(parseJobData(probeBatchJobSchema, { ...good, batchId: 'a..b' }), {
      error: 'job data field `batchId`: must not contain ".."',
    });
  });

  test('refuses terms that are not text and repetition out of bounds', () => {
    const bad = parseJobData(probeBatchJobSchema, {
      ...good,
      terms: [{ ...good.terms[0], text: 7 }],
    });
    assert.ok('error' in bad && bad.error.startsWith('job data field `terms.0.text`'));
    const many = parseJobData(probeBatchJobSchema, {
      ...good,
      repetition: { required: 2, attempts: 1e9 },
    });
    assert.ok('error' in many && many.error.startsWith('job data field `repetition.attempts`'));
  });

  test('refuses data that is not an object at all', () => {
    assert.ok('error' in parseJobData(probeBatchJobSchema, 'rm -rf /'));
  });
});
