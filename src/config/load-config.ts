// Reads and validates censorwatch.yaml: the nightly schedule and farm-wide settings.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { describeIssue } from './describe-issue.ts';

const cronField = z.string().superRefine((value, ctx) => {
  if (value.trim().split(/\s+/).length !== 5) {
    ctx.addIssue({ code: 'custom', message: `must be a 5-field cron expression (minute hour day month weekday), got "${value}"` });
    return;
  }
  try {
    CronExpressionParser.parse(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `is not a valid cron expression ("${value}"): ${(error as Error).message}` });
  }
});

const timeZoneField = z.string().superRefine((value, ctx) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be an IANA time zone such as Europe/Vilnius, got "${value}"` });
  }
});

const configSchema = z.strictObject({
  nightly: z.strictObject({
    /** 5-field cron. */
    cron: cronField,
    /** IANA time zone the cron is read in. */
    timeZone: timeZoneField,
    /** Term list file, relative to the config file. */
    termList: z.string().min(1),
    /** Device ids, or `all`. @defaultValue `all` */
    devices: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all'),
  }),
  /** Terms per batch. @defaultValue 50 */
  batchSize: z.number().int().min(1).max(1000).default(50),
  /** Canary URL the phones reach; the lab uses its own. */
  canaryUrl: z.url({ protocol: /^https?$/ }).optional(),
});

export type CensorwatchConfig = z.output<typeof configSchema> & { file: string };

export function loadConfig(file: string): CensorwatchConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InputError('E_CONFIG', `${file}: cannot read config`, { file }, { cause });
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new InputError('E_CONFIG', `${file}: not valid YAML: ${first.message.split('\n')[0]}`, { file });
  }
  const parsed = configSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error.issues[0]!);
    throw new InputError('E_CONFIG', `${file}: field \`${field}\` ${message}`, { file, field });
  }
  const config = parsed.data;
  return {
    ...config,
    nightly: { ...config.nightly, termList: resolve(dirname(file), config.nightly.termList) },
    file,
  };
}
