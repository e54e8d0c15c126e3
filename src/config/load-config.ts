// Reads and validates censorwatch.yaml: the nightly schedule and farm-wide settings.
import { dirname, resolve } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import type { WebhookSettings } from '../alerts/webhook.ts';
import { InputError } from '../errors.ts';
import { readYamlFile } from './read-yaml-file.ts';

const cronField = z.string().superRefine((value, ctx) => {
  if (value.trim().split(/\s+/).length !== 5) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a 5-field cron expression (minute hour day month weekday), got "${value}"`,
    });
    return;
  }
  try {
    CronExpressionParser.parse(value);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `is not a valid cron expression ("${value}"): ${(error as Error).message}`,
    });
  }
});

const timeZoneField = z.string().superRefine((value, ctx) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `must be an IANA time zone such as Europe/Vilnius, got "${value}"`,
    });
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
  /** A finding needs `required` of `attempts` attempts with the same class. @defaultValue 2 of 2 */
  repetition: z
    .strictObject({ required: z.number().int().min(1), attempts: z.number().int().min(1).max(10) })
    .refine((r) => r.required <= r.attempts, 'must have required <= attempts')
    .default({ required: 2, attempts: 2 }),
  /** Terms per batch. @defaultValue 50 */
  batchSize: z.number().int().min(1).max(1000).default(50),
  /** Canary URL the phones reach; the lab uses its own. */
  canaryUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Where drift and regression alerts go. */
  alerts: z
    .strictObject({
      webhook: z.strictObject({
        url: z.url({ protocol: /^https?$/ }),
        /** Name of the environment variable holding the HMAC secret: the secret stays out of the file. */
        secretEnv: z
          .string()
          .regex(
            /^[A-Z_][A-Z0-9_]*$/,
            'must name an environment variable, e.g. CENSORWATCH_WEBHOOK_SECRET',
          ),
        /** @defaultValue both */
        events: z
          .array(z.enum(['regression', 'drift']))
          .min(1)
          .default(['regression', 'drift']),
      }),
    })
    .optional(),
});

export type CensorwatchConfig = z.output<typeof configSchema> & {
  file: string;
  /** `alerts.webhook` with its secret read from the environment. */
  webhook?: WebhookSettings;
};

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): CensorwatchConfig {
  const { data: config } = readYamlFile(file, configSchema, 'E_CONFIG', 'config');
  const webhook = config.alerts?.webhook;
  let secret: string | undefined;
  if (webhook) {
    secret = env[webhook.secretEnv];
    if (!secret) {
      const field = 'alerts.webhook.secretEnv';
      throw new InputError(
        'E_CONFIG',
        `${file}: field \`${field}\` names ${webhook.secretEnv}, which is not set in the environment (it holds the webhook's HMAC secret)`,
        { file, field },
      );
    }
  }
  return {
    ...config,
    nightly: { ...config.nightly, termList: resolve(dirname(file), config.nightly.termList) },
    file,
    ...(webhook && secret ? { webhook: { url: webhook.url, secret, events: webhook.events } } : {}),
  };
}
