// What is read of one phone over adb (the `censorwatch devices --json` record): every field, or why it could not be read.
import { z } from 'zod';
import { VENDOR_UI_NAMES } from './vendor-ui.ts';

const text = z.string().nullable();

/**
 * One phone. A field that could not be read is null and `errors` says why under its name
 * (`fingerprint`, `battery`); `vendorUi` null without an error is stock Android. An app is
 * null when it is not installed, and absent (with `errors['apps.<package>']`) when unread.
 */
export const deviceFactsSchema = z.strictObject({
  /** adb's serial (`adb devices`), e.g. `3a1b2c3d` or `192.168.1.20:5555`. */
  serial: z.string().min(1),
  /** adb's state: `device` (ready), `offline`, `unauthorized`, `recovery`, ... */
  state: z.string().min(1),
  /** ro.product.manufacturer, e.g. `Xiaomi`. */
  manufacturer: text,
  /** ro.product.brand, e.g. `Redmi`, `POCO`. */
  brand: text,
  /** ro.product.model, e.g. `M2007J3SG`. */
  model: text,
  /** ro.product.name, the product codename, e.g. `apollo_eea`. */
  product: text,
  /** ro.product.device, the device codename, e.g. `apollo`. */
  device: text,
  /** ro.build.fingerprint. */
  fingerprint: text,
  /** ro.build.version.incremental, e.g. `V12.5.4.0.RJDEUXM`. */
  incremental: text,
  /** ro.build.id, e.g. `RKQ1.200419.002`. */
  buildId: text,
  /** ro.build.display.id: what Settings shows as the build number on many vendors. */
  displayId: text,
  /** ro.build.version.release, e.g. `11`. */
  release: text,
  /** ro.build.version.sdk, e.g. 30. */
  sdk: z.number().int().positive().nullable(),
  vendorUi: z
    .strictObject({ name: z.enum(VENDOR_UI_NAMES), version: z.string().min(1) })
    .nullable(),
  region: text,
  /** BCP 47 tag, e.g. `en-GB`. */
  locale: text,
  battery: z
    .strictObject({
      /** Percent, 0-100. */
      level: z.number().int().min(0).max(100),
      /** Charging, or full on the charger. */
      charging: z.boolean(),
    })
    .nullable(),
  screen: z
    .strictObject({
      /** Awake with apps in front (not asleep, dozing or dreaming). */
      on: z.boolean(),
      /** The keyguard (lock screen) is showing. */
      locked: z.boolean(),
    })
    .nullable(),
  /** Package → versionName of each package asked about that was read; null: not installed. */
  apps: z.record(z.string(), text),
  /** Field → why it could not be read. */
  errors: z.record(z.string(), z.string()),
});

export type DeviceFacts = z.output<typeof deviceFactsSchema>;

/** The fields read from getprop, in the order they are listed. */
export const PROP_FIELDS = [
  'manufacturer',
  'brand',
  'model',
  'product',
  'device',
  'fingerprint',
  'incremental',
  'buildId',
  'displayId',
  'release',
  'sdk',
  'vendorUi',
  'region',
  'locale',
] as const satisfies readonly (keyof DeviceFacts)[];
export type PropField = (typeof PROP_FIELDS)[number];

/** The fields read from dumpsys. */
export const DUMPSYS_FIELDS = [
  'battery',
  'screen',
] as const satisfies readonly (keyof DeviceFacts)[];

/** How `errors` names an app's field. */
export const appField = (packageName: string) => `apps.${packageName}`;

/** A phone nothing could be read of: every field null (no app read), each with `reason`. */
export function unreadFacts(
  serial: string,
  state: string,
  packages: readonly string[],
  reason: string,
): DeviceFacts {
  const fields = [...PROP_FIELDS, ...DUMPSYS_FIELDS, ...packages.map(appField)];
  return {
    serial,
    state,
    ...(Object.fromEntries(PROP_FIELDS.map((field) => [field, null])) as Record<PropField, null>),
    battery: null,
    screen: null,
    apps: {},
    errors: Object.fromEntries(fields.map((field) => [field, reason])),
  };
}
