// The one place environment variables are read, validated and given defaults.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { describeIssue } from './describe-issue.ts';

/** Root of the censorwatch checkout (where package.json lives). */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface Settings {
  /** Redis to use. @defaultValue a Redis on 127.0.0.1:6379 if one answers, else a private redis-server */
  redisUrl: string | undefined;
  /** Appium server to use. @defaultValue a private Appium started on a free port */
  appiumUrl: string | undefined;
  /** Where Appium drivers are installed. @defaultValue `<project>/.appium` */
  appiumHome: string;
  /** Results database: a PostgreSQL URL (`DATABASE_URL`) or a SQLite file. @defaultValue `<reports>/censorwatch.db` */
  database: string;
  /** Generated output: allure-results, reports, evidence. @defaultValue `<project>/reports` */
  reportsDir: string;
  /** Device profiles folder. @defaultValue `<project>/devices` */
  devicesDir: string;
  /** pino level of the log file (and of the terminal, when set). @defaultValue `info` */
  logLevel: string;
  /** Whether LOG_LEVEL was set: then the terminal gets that level too, else warnings only. */
  logLevelSet: boolean;
  /** Probe batch file a WDIO run works on (set by the device worker for its child). */
  batchFile: string | undefined;
  /** Key prefix of the farm's queues in Redis (several farms may share one Redis). @defaultValue `censorwatch` */
  queuePrefix: string;
  /** The adb server phones are read through (adb's own variable). @defaultValue `127.0.0.1:5037` */
  adbServer: { host: string; port: number };
}

const envSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  APPIUM_URL: z.url({ protocol: /^https?$/ }).optional(),
  APPIUM_HOME: z.string().min(1).optional(),
  CENSORWATCH_DB: z.string().min(1).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  CENSORWATCH_REPORTS: z.string().min(1).optional(),
  CENSORWATCH_DEVICES: z.string().min(1).optional(),
  CENSORWATCH_BATCH: z.string().min(1).optional(),
  CENSORWATCH_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, - and _')
    .optional(),
  ANDROID_ADB_SERVER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

let cached: Settings | undefined;

/** Settings from the environment, validated once. */
export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  if (cached && env === process.env) return cached;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error.issues[0]!);
    throw new InputError('E_CONFIG', `environment variable ${field}: ${message}`, { field });
  }
  const e = parsed.data;
  const reportsDir = resolve(e.CENSORWATCH_REPORTS ?? resolve(PROJECT_ROOT, 'reports'));
  const result: Settings = {
    redisUrl: e.REDIS_URL,
    appiumUrl: e.APPIUM_URL,
    appiumHome: resolve(e.APPIUM_HOME ?? resolve(PROJECT_ROOT, '.appium')),
    database: e.DATABASE_URL ?? resolve(e.CENSORWATCH_DB ?? resolve(reportsDir, 'censorwatch.db')),
    reportsDir,
    devicesDir: resolve(e.CENSORWATCH_DEVICES ?? resolve(PROJECT_ROOT, 'devices')),
    logLevel: e.LOG_LEVEL ?? 'info',
    logLevelSet: e.LOG_LEVEL !== undefined,
    batchFile: e.CENSORWATCH_BATCH,
    queuePrefix: e.CENSORWATCH_QUEUE_PREFIX ?? 'censorwatch',
    adbServer: { host: '127.0.0.1', port: e.ANDROID_ADB_SERVER_PORT ?? 5037 },
  };
  if (env === process.env) cached = result;
  return result;
}
