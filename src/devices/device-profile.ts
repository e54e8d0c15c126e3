// A device (phone or lab phone) as described by its profile file.
import { InputError } from '../errors.ts';
import { parseAccountAddress, phoneMessengerApps } from './account-address.ts';
import { MESSAGE_DIRECTIONS } from './message-direction.ts';
import { z } from 'zod';

const nonBlank = z.string().trim().min(1, 'must be a non-empty string');

/** What a lab phone needs: the model's screen and user agent, and its firmware. */
const labSchema = z.strictObject({
  viewport: z.strictObject({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    deviceScaleFactor: z.number().positive(),
  }),
  userAgent: nonBlank,
  firmware: z.strictObject({
    /** Extension directory, relative to the profile file; omit for a phone without lab firmware. */
    extension: nonBlank.optional(),
    /** Name of the vendor list the firmware fetches from the lab vendor config server. */
    vendorList: nonBlank.optional(),
  }),
  /** Extra Chromium flags for this lab phone. */
  chromiumFlags: z.array(nonBlank).default([]),
});

const targetSchema = z.strictObject({
  /** Adapter name from the target table, e.g. `lab-browser`, `android-chrome`. */
  app: nonBlank,
  kind: z.enum(['browser', 'messenger']),
  /** Installed app version, used to pick selectors on real phones. */
  appVersion: nonBlank.optional(),
  inputPath: z.enum(['set-text', 'key-events', 'ime']).default('key-events'),
  /** A term known to be filtered on this device and app: if it comes back unfiltered, intact proves nothing. */
  positiveControl: z.strictObject({ text: nonBlank, language: nonBlank }).optional(),
  /** Browser targets: a query that must always come back intact with results. @defaultValue `weather forecast` */
  truism: nonBlank.default('weather forecast'),
  /** How long the app may take to open the canary page or the chat (a slow network). @defaultValue 15 s in the lab, 20 s on phones */
  openTimeoutMs: z.number().int().min(1000).max(300_000).optional(),
  /** Messenger targets: which ways messages are probed. @defaultValue both */
  directions: z
    .array(z.enum(MESSAGE_DIRECTIONS), { error: 'must list outbound and/or inbound' })
    .min(1, 'must list at least one direction')
    .optional(),
  /**
   * Screen the terms in groups (long lists): many terms to a payload, and only what a group does
   * not clear probed alone. Absent: every term alone beside its control.
   */
  screening: z
    .strictObject({
      /** Most terms in one payload (typing time grows with it). @defaultValue 40 */
      maxMembers: z.number().int().min(2).max(1000).default(40),
      /** Largest payload, in the app's unit (URL bytes, characters); at most the app's own. @defaultValue the app's */
      payloadLimit: z.number().int().min(16).optional(),
      /** Share of terms expected filtered: it only sizes the subsets of a split. @defaultValue 0.02 */
      expectedShare: z.number().gt(0).lt(1).optional(),
    })
    .optional(),
  /** Phone messengers: this phone's own account in the app (`+37060000001`, or `@name` on Telegram). */
  account: nonBlank.optional(),
  /** Phone messengers: the far end, a second phone kept for this role, driven beside this one (multiremote). */
  peer: z
    .strictObject({
      /** The peer phone's account in the app. */
      account: nonBlank,
      /** The peer phone's Appium server and capabilities (udid, automationName, ...). */
      appium: z.strictObject({
        url: z.url({ protocol: /^https?$/ }),
        capabilities: z.record(z.string(), z.unknown()).default({}),
      }),
    })
    .optional(),
});

/** Phone messenger targets need both accounts and a peer phone; no other target takes them. */
function checkMessengerAccounts(
  targets: readonly z.output<typeof targetSchema>[],
  context: z.RefinementCtx,
): void {
  const phoneMessengers = new Set<string>(phoneMessengerApps());
  targets.forEach((target, index) => {
    const at = (...path: (string | number)[]) => [index, ...path];
    if (!(target.kind === 'messenger' && phoneMessengers.has(target.app))) {
      for (const key of ['account', 'peer'] as const) {
        if (target[key] !== undefined) {
          context.addIssue({
            code: 'custom',
            path: at(key),
            message: `only phone messengers (${[...phoneMessengers].join(', ')}) take ${key}; the lab provisions its own accounts`,
          });
        }
      }
      return;
    }
    if (target.account === undefined) {
      context.addIssue({
        code: 'custom',
        path: at('account'),
        message: `a ${target.app} target needs this phone's own account in the app`,
      });
    }
    if (target.peer === undefined) {
      context.addIssue({
        code: 'custom',
        path: at('peer'),
        message: `a ${target.app} target needs a peer phone (peer.account, peer.appium)`,
      });
    }
    const addresses: [string | undefined, (string | number)[]][] = [
      [target.account, at('account')],
      [target.peer?.account, at('peer', 'account')],
    ];
    for (const [address, path] of addresses) {
      if (address === undefined) continue;
      try {
        parseAccountAddress(target.app, address, path.join('.'));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        context.addIssue({ code: 'custom', path, message: error.message });
      }
    }
  });
}

export const deviceProfileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
    manufacturer: nonBlank,
    model: nonBlank,
    firmware: z.strictObject({
      /** Android build fingerprint (ro.build.fingerprint). */
      fingerprint: nonBlank,
      /** Display version, e.g. `V12.5.4.0.RJDEUXM`. */
      version: nonBlank,
    }),
    region: z.string().regex(/^[A-Z]{2,3}$/, 'must be an upper-case region code such as EU or CN'),
    locale: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as en-GB'),
    /** Id of a reference device for the same target (clean firmware or other region). */
    reference: nonBlank.optional(),
    /**
     * The phone's adb serial as `adb devices` lists it (`R5CR10ABCDE`, `192.168.1.20:5555`): its
     * health and firmware are read over adb before every batch, and a phone's session gets it as
     * `appium:udid` unless the capabilities name one. Absent: nothing is read over adb.
     */
    serial: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/,
        'must be an adb serial such as R5CR10ABCDE or 192.168.1.20:5555',
      )
      .optional(),
    appium: z
      .strictObject({
        /** Appium server URL; `lab` = the lab's own Appium server. */
        url: z.union([z.literal('lab'), z.url({ protocol: /^https?$/ })]).default('lab'),
        /** Extra capabilities merged over the defaults (real phones: udid, automationName, ...). */
        capabilities: z.record(z.string(), z.unknown()).default({}),
      })
      .default({ url: 'lab', capabilities: {} }),
    lab: labSchema.optional(),
    targets: z
      .array(targetSchema)
      .min(1, 'must list at least one target')
      .superRefine(checkMessengerAccounts),
  })
  .superRefine((profile, context) => {
    const udid = profile.appium.capabilities['appium:udid'];
    if (profile.serial !== undefined && udid !== undefined && udid !== profile.serial) {
      context.addIssue({
        code: 'custom',
        path: ['serial'],
        message: `names another phone than appium.capabilities["appium:udid"] (${JSON.stringify(udid)}): give one of them`,
      });
    }
  });

export type DeviceProfileInput = z.input<typeof deviceProfileSchema>;
type ParsedProfile = z.output<typeof deviceProfileSchema>;

export interface DeviceProfile extends ParsedProfile {
  /** File the profile was read from. */
  file: string;
  /** Absolute extension directory for lab firmware, resolved against the profile's folder. */
  extensionDir: string | null;
}

export type DeviceTarget = DeviceProfile['targets'][number];

/** `<manufacturer> <model> / <firmware version>`: the unit of a report. */
export function firmwareKeyOf(
  device: Pick<DeviceProfile, 'manufacturer' | 'model' | 'firmware'>,
): string {
  return `${device.manufacturer} ${device.model} / ${device.firmware.version}`;
}

/** The phone's adb serial: the profile's, else its Appium udid; null when it is not reached over adb. */
export function adbSerialOf(device: Pick<DeviceProfile, 'serial' | 'appium'>): string | null {
  const udid = device.appium.capabilities['appium:udid'];
  return device.serial ?? (typeof udid === 'string' ? udid : null);
}

export function isLabPhone(device: DeviceProfile): boolean {
  return device.lab !== undefined;
}

/** The device with only its targets of one kind (e.g. a browser-only test or benchmark). */
export function withTargetsOf(device: DeviceProfile, kind: DeviceTarget['kind']): DeviceProfile {
  return { ...device, targets: device.targets.filter((target) => target.kind === kind) };
}
