// What a lab adb phone is: its system properties, installed apps and screen, and how a test derives a variant of one.
import { applyFirmwareUpdate, type FirmwareUpdate } from './firmware-update.ts';

/** An app as `dumpsys package` and `pm list packages` show it. */
export interface InstalledPackage {
  /** Package name, e.g. `com.android.chrome`. */
  name: string;
  versionName: string;
  versionCode: number;
  /** Where the APK lives: `/system/app/…`, `/product/app/…` or `/data/app/…`. */
  codePath: string;
  targetSdk: number;
  minSdk: number;
  /** Preinstalled with the firmware (true) or installed by the user (false). */
  system: boolean;
  /** Epoch milliseconds of the last install or update. */
  lastUpdateTime: number;
}

export interface AdbPhoneProfile {
  /** Stable id, e.g. `xiaomi-mi10t-miui12`. */
  id: string;
  /** One line: which phone on which firmware. */
  description: string;
  /** Every system property `getprop` lists, by name. */
  props: Readonly<Record<string, string>>;
  /** Installed apps, system ones included. */
  packages: readonly InstalledPackage[];
  /** Physical display, as `wm size` / `wm density` print it. */
  display: { width: number; height: number; density: number };
  /** The home activity in `mCurrentFocus` when the phone is unlocked, `package/class`. */
  launcher: string;
  /** Whether the screen dozes (always-on display) instead of sleeping when switched off. */
  alwaysOnDisplay: boolean;
}

/** Changes to a profile; props set to `null` are removed. */
export interface AdbPhoneProfileOverrides {
  id?: string;
  description?: string;
  /** A different firmware: fingerprint and the properties it implies (applied before `props`). */
  firmware?: FirmwareUpdate;
  props?: Readonly<Record<string, string | null>>;
  /** Replaces the whole package list. */
  packages?: readonly InstalledPackage[];
  display?: AdbPhoneProfile['display'];
  launcher?: string;
  alwaysOnDisplay?: boolean;
}

/** A copy of `profile` with `overrides` applied, e.g. the same phone on a custom fingerprint. */
export function withOverrides(
  profile: AdbPhoneProfile,
  overrides: AdbPhoneProfileOverrides,
): AdbPhoneProfile {
  let props: Record<string, string> = { ...profile.props };
  if (overrides.firmware) props = applyFirmwareUpdate(props, overrides.firmware);
  for (const [name, value] of Object.entries(overrides.props ?? {})) {
    if (value === null) delete props[name];
    else props[name] = value;
  }
  return {
    id: overrides.id ?? profile.id,
    description: overrides.description ?? profile.description,
    props,
    packages: overrides.packages ?? profile.packages,
    display: overrides.display ?? profile.display,
    launcher: overrides.launcher ?? profile.launcher,
    alwaysOnDisplay: overrides.alwaysOnDisplay ?? profile.alwaysOnDisplay,
  };
}

/** The CNXN banner a phone sends: `device::ro.product.name=…;ro.product.model=…;ro.product.device=…;features=…`. */
export function deviceBanner(
  props: Readonly<Record<string, string>>,
  features: readonly string[],
): string {
  const identity = ['ro.product.name', 'ro.product.model', 'ro.product.device']
    .map((name) => `${name}=${props[name] ?? ''}`)
    .join(';');
  return `device::${identity};features=${features.join(',')}`;
}
