// Test helper: a batch request of a lab browser on a Xiaomi, as the engine's unit tests plan it.
import type { ProbeBatchRequest } from '../../src/probe/probe-batch.ts';
import type { Term } from '../../src/terms/term.ts';

export function batchRequest(
  terms: Term[],
  target: Partial<ProbeBatchRequest['target']> = {},
  repetition = { required: 2, attempts: 2 },
): ProbeBatchRequest {
  return {
    runId: 'run-1',
    batchId: 'batch-1',
    device: {
      id: 'phone-1',
      manufacturer: 'Xiaomi',
      model: 'Mi 10T',
      firmware: { fingerprint: 'fp', version: 'V12' },
    } as ProbeBatchRequest['device'],
    target: {
      app: 'lab-browser',
      kind: 'browser',
      inputPath: 'key-events',
      truism: 'weather forecast',
      ...target,
    } as ProbeBatchRequest['target'],
    terms,
    termList: { name: 'generated', sha256: '0' },
    repetition,
  };
}
