// Structured logs: one pino root, a child per module named `censorwatch:<module>`.
// Everything at LOG_LEVEL goes to <reports>/logs/censorwatch.log; the terminal gets warnings and
// errors only (or everything, when LOG_LEVEL is set), since the CLI owns the terminal.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { settings } from '../config/settings.ts';

const { logLevel, logLevelSet, reportsDir } = settings();
const logDir = join(reportsDir, 'logs');
mkdirSync(logDir, { recursive: true });

const root = pino(
  { level: logLevel, base: { pid: process.pid } },
  pino.multistream([
    { level: logLevelSet ? logLevel : 'warn', stream: pino.destination({ dest: 2, sync: true }) },
    {
      level: logLevel,
      stream: pino.destination({ dest: join(logDir, 'censorwatch.log'), mkdir: true, sync: true }),
    },
  ] as pino.StreamEntry[]),
);

/** A child logger for one module; bind runId / deviceId / probeId with `.child({...})`. */
export function logger(module: string): pino.Logger {
  return root.child({ name: `censorwatch:${module}` });
}
