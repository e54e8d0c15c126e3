// Reads and validates censorwatch.yaml: the nightly schedule and farm-wide settings.
import { dirname, resolve } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { ALERT_EVENTS, type WebhookSettings } from '../alerts/webhook.ts';
import { HEALTH_DEFAULTS } from '../devices/device-health.ts';
import { HOST_NAME } from '../registry/registry-records.ts';
import { InputError } from '../errors.ts';
import { readYamlFile } from './read-yaml-file.ts';

const cronField = z.string().superRefine((value, ctx) => {
  const fields = value.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a cron expression of 5 fields (minute hour day month weekday), or 6 with seconds first, got "${value}"`,
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

export const repetitionField = z
  .strictObject({ required: z.number().int().min(1), attempts: z.number().int().min(1).max(10) })
  .refine((r) => r.required <= r.attempts, 'must have required <= attempts');

/** Which phones a schedule runs on: `all`, a list of ids, or the phones matching every given field. */
export const deviceSelectorField = z.union(
  [
    z.literal('all'),
    z.array(z.string().min(1)).min(1),
    z
      .strictObject({
        manufacturer: z.string().min(1).optional(),
        model: z.string().min(1).optional(),
        region: z.string().min(1).optional(),
      })
      .refine((s) => Object.keys(s).length > 0, 'must name manufacturer, model and/or region'),
  ],
  { error: 'must be "all", a list of device ids, or {manufacturer, model, region}' },
);

const scheduleSchema = z.strictObject({
  /** Cron: 5 fields, or 6 with seconds first. */
  cron: cronField,
  /** IANA time zone the cron is read in. */
  timeZone: timeZoneField,
  /** Term list file, relative to the config file. */
  termList: z.string().min(1),
  /** @defaultValue `all` */
  devices: deviceSelectorField.default('all'),
  /** Target apps to probe on those phones. @defaultValue all of theirs */
  targets: z.array(z.string().min(1)).min(1).optional(),
  /** @defaultValue the config's `repetition` */
  repetition: repetitionField.optional(),
});

export type ScheduleConfig = z.output<typeof scheduleSchema>;
export type DeviceSelector = z.output<typeof deviceSelectorField>;

const configSchema = z.strictObject({
  /** The schedule named `nightly`. */
  nightly: scheduleSchema.optional(),
  /** More named schedules. */
  schedules: z
    .record(z.string(), scheduleSchema)
    .superRefine((schedules, ctx) => {
      for (const name of Object.keys(schedules)) {
        if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `schedule name "${name}" must be lowercase letters, digits and dashes`,
          });
        }
      }
    })
    .default({}),
  /** A finding needs `required` of `attempts` attempts with the same class. @defaultValue 2 of 2 */
  repetition: repetitionField.default({ required: 2, attempts: 2 }),
  /** Terms per batch. @defaultValue 50 */
  batchSize: z.number().int().min(1).max(1000).default(50),
  /** The health gate a phone passes over adb before each batch (phones with a `serial`). */
  health: z
    .strictObject({
      /** Least battery level, in percent, a phone may start a batch with. @defaultValue 20 */
      minBattery: z.number().int().min(0).max(100).default(HEALTH_DEFAULTS.minBattery),
      /** Wake a phone whose screen is off (KEYCODE_WAKEUP) and dismiss a lock screen without a PIN. @defaultValue true */
      wake: z.boolean().default(HEALTH_DEFAULTS.wake),
      /** Times a batch is tried on an unhealthy phone before its probes end inconclusive. @defaultValue 4 */
      attempts: z.number().int().min(1).max(20).default(HEALTH_DEFAULTS.attempts),
      /** First wait before the next try, doubled each time. @defaultValue 60000 */
      backoffMs: z.number().int().min(0).max(3_600_000).default(HEALTH_DEFAULTS.backoffMs),
    })
    .default(HEALTH_DEFAULTS),
  /** This farm host in the live device registry. */
  farm: z
    .strictObject({
      /** The host's name in the registry. @defaultValue the machine's hostname */
      host: z
        .string()
        .regex(HOST_NAME, 'must be letters, digits, ".", "_" and "-" (at most 63)')
        .optional(),
      /** How often the host tells the registry its phones; it is shown gone after 1.5 intervals of silence. @defaultValue 10000 */
      heartbeatMs: z.number().int().min(200).max(600_000).default(10_000),
      /** A batch's lock: a killed host's batch is taken again this long after it died. @defaultValue 60000 */
      lockMs: z.number().int().min(1000).max(3_600_000).default(60_000),
      /** New sessions in a row a batch gets when its session dies under its probes and none decides a probe (one that decided some starts the count again), each running what the last left undecided. @defaultValue 2 */
      sessionRetries: z.number().int().min(0).max(10).default(2),
    })
    .default({ heartbeatMs: 10_000, lockMs: 60_000, sessionRetries: 2 }),
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
        /** @defaultValue all: regression, drift, firmware-updated */
        events: z
          .array(z.enum(ALERT_EVENTS))
          .min(1)
          .default([...ALERT_EVENTS]),
      }),
    })
    .optional(),
});

export type CensorwatchConfig = Omit<z.output<typeof configSchema>, 'nightly' | 'schedules'> & {
  file: string;
  /** Every named schedule (`nightly` among them), term lists resolved against the config file. */
  schedules: Record<string, ScheduleConfig>;
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
  const { nightly, schedules: named, ...rest } = config;
  if (nightly && named['nightly']) {
    const field = 'schedules.nightly';
    throw new InputError(
      'E_CONFIG',
      `${file}: field \`${field}\` repeats the schedule given as \`nightly\``,
      { file, field },
    );
  }
  const schedules = Object.fromEntries(
    Object.entries({ ...(nightly ? { nightly } : {}), ...named }).map(([name, schedule]) => [
      name,
      { ...schedule, termList: resolve(dirname(file), schedule.termList) },
    ]),
  );
  return {
    ...rest,
    schedules,
    file,
    ...(webhook && secret ? { webhook: { url: webhook.url, secret, events: webhook.events } } : {}),
  };
}
