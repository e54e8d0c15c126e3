// Reads one phone through the adb server: getprop once, dumpsys battery, power and window, and dumpsys package per app.
import {
  appField,
  PROP_FIELDS,
  unreadFacts,
  type DeviceFacts,
  type PropField,
} from './device-facts.ts';
import { reasonOfState } from './adb-states.ts';
import { factsFromProps } from './facts-from-props.ts';
import { assertPackageNames } from './package-name.ts';
import { parseDumpsysBattery } from './parse-dumpsys-battery.ts';
import { parseDumpsysPackage } from './parse-dumpsys-package.ts';
import { parseDumpsysPower } from './parse-dumpsys-power.ts';
import { parseDumpsysWindow } from './parse-dumpsys-window.ts';
import { parseGetprop } from './parse-getprop.ts';
import type { Reading } from './reading.ts';
import { runShell, type AdbShellClient } from './run-shell.ts';

/** How long one shell command may take on the phone (`dumpsys window` is the slowest, ~1 s). */
export const SHELL_TIMEOUT_MS = 10 * 1000;

export interface ReadDeviceOptions {
  /** Packages whose installed versionName is read; each must be a package name (checked first). */
  apps: readonly string[];
  /** Deadline of each shell command, in milliseconds. @defaultValue {@link SHELL_TIMEOUT_MS} (10 s) */
  timeoutMs?: number;
}

/**
 * What can be read of the phone `serial`, which adb lists in `state`. Never throws for what
 * the phone does or prints: each field it cannot read is null, the reason in `errors`.
 * @throws InputError when an app is not a package name (before anything runs on the phone)
 */
export async function readDevice(
  client: AdbShellClient,
  serial: string,
  state: string,
  options: ReadDeviceOptions,
): Promise<DeviceFacts> {
  assertPackageNames(options.apps, 'apps');
  const packages = [...new Set(options.apps)];
  const notReadable = reasonOfState(state);
  if (notReadable) return unreadFacts(serial, state, packages, notReadable);

  const timeoutMs = options.timeoutMs ?? SHELL_TIMEOUT_MS;
  const shell = (command: string) => runShell(client, serial, command, timeoutMs);
  const [getprop, battery, power, window, ...dumps] = await Promise.all([
    shell('getprop'),
    shell('dumpsys battery'),
    shell('dumpsys power'),
    shell('dumpsys window'),
    // each name passed the package whitelist above
    ...packages.map((name) => shell(`dumpsys package ${name}`)),
  ]);

  const errors: Record<string, string> = {};
  const props = propFields(getprop, errors);
  const facts: DeviceFacts = {
    serial,
    state,
    ...props,
    battery: batteryOf(battery, errors),
    screen: screenOf(power, window, errors),
    apps: {},
    errors,
  };
  packages.forEach((name, index) => {
    const app = appOf(dumps[index]!, name);
    if (app.ok) facts.apps[name] = app.value;
    else errors[appField(name)] = app.reason;
  });
  return facts;
}

function propFields(getprop: Reading<string>, errors: Record<string, string>) {
  const parsed = getprop.ok ? parseGetprop(getprop.value) : getprop;
  if (!parsed.ok) {
    for (const field of PROP_FIELDS) errors[field] = parsed.reason;
    return Object.fromEntries(PROP_FIELDS.map((field) => [field, null])) as Record<PropField, null>;
  }
  const { fields, errors: propErrors } = factsFromProps(parsed.value.props);
  Object.assign(errors, propErrors);
  return fields;
}

function batteryOf(
  output: Reading<string>,
  errors: Record<string, string>,
): DeviceFacts['battery'] {
  if (!output.ok) {
    errors['battery'] = output.reason;
    return null;
  }
  const { level, charging } = parseDumpsysBattery(output.value);
  if (level.ok && charging.ok) return { level: level.value, charging: charging.value };
  errors['battery'] = [level, charging].flatMap((r) => (r.ok ? [] : [r.reason])).join('; ');
  return null;
}

function screenOf(
  power: Reading<string>,
  window: Reading<string>,
  errors: Record<string, string>,
): DeviceFacts['screen'] {
  const on = power.ok ? parseDumpsysPower(power.value) : power;
  const lock = window.ok ? parseDumpsysWindow(window.value) : window;
  if (on.ok && lock.ok) return { on: on.value.screenOn, locked: lock.value.locked };
  errors['screen'] = [on, lock].flatMap((r) => (r.ok ? [] : [r.reason])).join('; ');
  return null;
}

function appOf(output: Reading<string>, name: string): Reading<string | null> {
  const parsed = output.ok ? parseDumpsysPackage(output.value, name) : output;
  if (!parsed.ok) return parsed;
  if (!parsed.value.installed) return { ok: true, value: null };
  if (parsed.value.versionName === null) {
    return { ok: false, reason: `${name} is installed but declares no versionName` };
  }
  return { ok: true, value: parsed.value.versionName };
}
