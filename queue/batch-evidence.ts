// Evidence a device worker keeps for a whole batch (the health record, the failed session), beside the probes' own.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What the record is of: the phone's health gate, a session that never started, or the records
 * of session N that a new session replaced (its session died under them: `retry-N`).
 */
export type BatchEvidenceKind = 'health' | 'session' | `retry-${number}`;

/**
 * Writes `<reportsDir>/evidence/<runId>/<batchId>.<kind>.json` and returns its path relative to
 * the reports directory, as probes cite evidence.
 */
export async function keepBatchEvidence(
  reportsDir: string,
  batch: { runId: string; batchId: string },
  kind: BatchEvidenceKind,
  record: unknown,
): Promise<string> {
  const dir = join(reportsDir, 'evidence', batch.runId);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, `${batch.batchId}.${kind}.json`),
    `${JSON.stringify(record, null, 2)}\n`,
  );
  return join('evidence', batch.runId, `${batch.batchId}.${kind}.json`);
}
