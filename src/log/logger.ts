// Structured logs: one pino root, a child per module named `censorwatch:<module>`.
import pino from 'pino';
import { settings } from '../config/settings.ts';

const root = pino({ level: settings().logLevel, base: undefined }, pino.destination(2));

/** A child logger for one module; bind runId / deviceId / probeId with `.child({...})`. */
export function logger(module: string): pino.Logger {
  return root.child({ name: `censorwatch:${module}` });
}
