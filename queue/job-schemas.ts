// Schemas of what arrives in a job: anyone who can reach Redis (or bull-board) can add one, so workers trust none unchecked.
import { z } from 'zod';
import { deviceSelectorField, repetitionField } from '../src/config/load-config.ts';

/** An id that paths and keys are built from: no separators, no dot-dot, bounded. */
export const safeId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,159}$/,
    'must be letters, digits, dots, dashes or underscores',
  )
  .refine((id) => !id.includes('..'), 'must not contain ".."');

const termSchema = z.object({
  id: z.string().min(1).max(200),
  text: z.string().min(1).max(100_000),
  language: z.string().min(1).max(64),
  category: z.string().max(200),
  source: z.string().max(1000),
  licence: z.string().max(200),
  control: z.string().max(100_000),
});

const repetitionSchema = z.object({
  required: z.number().int().min(1).max(10),
  attempts: z.number().int().min(1).max(10),
});

/**
 * A probe batch job. Only the ids, the target's app and the terms are taken from it: the device's
 * profile (its Appium server, capabilities, firmware) comes from the worker's own host, by id.
 */
export const probeBatchJobSchema = z.object({
  runId: safeId,
  batchId: safeId,
  device: z.object({ id: safeId }).loose(),
  target: z.object({ app: safeId }).loose(),
  terms: z.array(termSchema).max(100_000),
  termList: z.object({ name: z.string().max(200), sha256: z.string().max(128) }),
  repetition: repetitionSchema,
});

/**
 * A start-run job, as a schedule adds it. Its term list file is taken only when it is one this
 * host's own config names for a schedule (see RunStarter): a job can name any path.
 */
export const startRunJobSchema = z.strictObject({
  kind: z.enum(['nightly', 'check']),
  schedule: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be a schedule name')
    .optional(),
  termListFile: z.string().min(1).max(4096),
  devices: deviceSelectorField,
  targets: z.array(safeId).min(1).max(100).optional(),
  repetition: repetitionField.optional(),
});

export const compileReportJobSchema = z.object({ runId: safeId });

/** The job's data checked by `schema`; a message naming the first bad field otherwise. */
export function parseJobData<T>(
  schema: z.ZodType<T>,
  data: unknown,
): { data: T } | { error: string } {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { data: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { error: `job data field \`${issue.path.join('.') || '(root)'}\`: ${issue.message}` };
}
