// Parses `dumpsys battery` (BatteryService's dump): the charge level in percent and whether the phone is charging.
import { excerpt, readOk, unread, type Reading } from './reading.ts';

export interface BatteryReading {
  /** Charge in percent of the battery's scale, 0-100. */
  level: Reading<number>;
  /** On a charger and charging, or full on the charger (status 2 or 5). */
  charging: Reading<boolean>;
  /** The power sources whose `<source> powered:` line says true (empty: on battery). */
  powered: Reading<PowerSource[]>;
}

export type PowerSource = (typeof POWER_SOURCES)[number];

/** The `<source> powered:` lines BatteryService prints (`Dock powered:` on newer releases only). */
const POWER_SOURCES = ['AC', 'USB', 'Wireless', 'Dock'] as const;

const HEADER = 'Current Battery Service state:';
const UPDATES_STOPPED = '(UPDATES STOPPED';
/** BatteryManager.BATTERY_STATUS_*: what each status means for `charging`. */
const CHARGING_OF_STATUS: Readonly<Record<number, boolean>> = {
  2: true,
  3: false,
  4: false,
  5: true,
};
const STATUS_NAMES: Readonly<Record<number, string>> = { 1: 'unknown' };

/**
 * Reads `level:`, `scale:` and `status:` from the `Current Battery Service state:` block (the
 * lines indented under it; Samsung prints an event log after it that repeats `level:`). A
 * dump whose updates were stopped by `dumpsys battery set` shows values set by hand, not the
 * battery's, and is not read.
 */
export function parseDumpsysBattery(output: string): BatteryReading {
  const lines = output.split('\n').map((line) => line.replace(/\s+$/, ''));
  const start = lines.findIndex((line) => line.trim() === HEADER);
  if (start < 0) {
    const reason = `dumpsys battery printed no \`${HEADER}\`: ${excerpt(output)}`;
    return { level: unread(reason), charging: unread(reason), powered: unread(reason) };
  }
  const fields = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    if (line === '') continue;
    if (!/^\s/.test(line)) break;
    if (line.trim().startsWith(UPDATES_STOPPED)) {
      const reason =
        "dumpsys battery shows values set by hand (UPDATES STOPPED), not the battery's: run `adb shell dumpsys battery reset`";
      return { level: unread(reason), charging: unread(reason), powered: unread(reason) };
    }
    const match = /^\s+([^:]+):\s?(.*)$/.exec(line);
    if (match && !fields.has(match[1]!)) fields.set(match[1]!, match[2]!);
  }
  const powered = poweredOf(fields);
  return { level: levelOf(fields), charging: chargingOf(fields, powered), powered };
}

function integer(fields: Map<string, string>, key: string): Reading<number> {
  const text = fields.get(key);
  if (text === undefined) return unread(`dumpsys battery printed no \`${key}:\` line`);
  if (!/^-?\d+$/.test(text))
    return unread(`dumpsys battery printed \`${key}: ${text}\`, not a whole number`);
  return readOk(Number(text));
}

function levelOf(fields: Map<string, string>): Reading<number> {
  const level = integer(fields, 'level');
  if (!level.ok) return level;
  // AOSP prints the constant `scale: 100`; older builds printed the battery's own scale
  const scale = fields.has('scale') ? integer(fields, 'scale') : readOk(100);
  if (!scale.ok) return scale;
  if (scale.value <= 0 || level.value < 0 || level.value > scale.value) {
    return unread(`dumpsys battery printed level ${level.value} of scale ${scale.value}`);
  }
  return readOk(Math.round((level.value * 100) / scale.value));
}

function poweredOf(fields: Map<string, string>): Reading<PowerSource[]> {
  const printed = POWER_SOURCES.filter((source) => fields.has(`${source} powered`));
  if (printed.length === 0) return unread('dumpsys battery printed no `<source> powered:` line');
  const odd = printed.find((source) => !/^(true|false)$/.test(fields.get(`${source} powered`)!));
  if (odd)
    return unread(`dumpsys battery printed \`${odd} powered: ${fields.get(`${odd} powered`)}\``);
  return readOk(printed.filter((source) => fields.get(`${source} powered`) === 'true'));
}

function chargingOf(
  fields: Map<string, string>,
  powered: Reading<PowerSource[]>,
): Reading<boolean> {
  const status = integer(fields, 'status');
  // without a status, a battery on no power source is certainly not charging; on one it may be full
  if (!status.ok && !fields.has('status') && powered.ok && powered.value.length === 0) {
    return readOk(false);
  }
  if (!status.ok) return status;
  const charging = CHARGING_OF_STATUS[status.value];
  if (charging === undefined) {
    const name = STATUS_NAMES[status.value];
    return unread(`dumpsys battery printed status ${status.value}${name ? ` (${name})` : ''}`);
  }
  return readOk(charging);
}
