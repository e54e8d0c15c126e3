// Which adapter serves which app: a table, so adding an app is adding a row.
import type { DeviceTarget } from '../devices/device-profile.ts';
import { ConfigError, InputError } from '../errors.ts';
import { AndroidBrowserTarget } from './android-browser.ts';
import { AndroidMessengerTarget } from './android-messenger.ts';
import { LabBrowserTarget } from './lab-browser.ts';
import {
  LabMessengerTarget,
  type LabMessengerSession,
  type MessengerTarget,
} from './lab-messenger.ts';
import {
  codePoints,
  percentEncodedBytes,
  type PayloadMeasure,
} from '../screening/payload-measure.ts';
import type { ScreenOptions } from '../screening/screen-terms.ts';
import { NATIVE_INPUT_PATHS } from './native-input.ts';
import type { InputPath, Target, TargetKind } from './target.ts';

/** What an adapter may need beyond its session and profile entry. */
export interface TargetContext {
  /** The lab messenger's app and this lab phone's accounts (lab-messenger targets). */
  labMessenger?: LabMessengerSession;
  /**
   * Phone messengers: whose side this adapter drives. The peer phone runs the same app with
   * the two accounts swapped. @defaultValue `phone`
   */
  side?: 'phone' | 'peer';
}

interface TargetEntry {
  kind: TargetKind;
  /** Input paths the adapter implements; a profile asking for another is refused when it loads. */
  inputPaths: readonly InputPath[];
  /** The largest payload the app carries whole, in its own unit: what a group payload may fill. */
  payloadLimit: PayloadLimit;
  create(session: WebdriverIO.Browser, target: DeviceTarget, context: TargetContext): Target;
}

/** A payload limit: a size and how a payload is measured against it. */
export interface PayloadLimit {
  measure: PayloadMeasure;
  limit: number;
  /** The unit, for messages: `URL bytes`, `characters`. */
  unit: string;
}

/** A browser's canary query: bytes of the percent-encoded URL (the lab canary reads 1 MiB heads; phones' address bars stay far below). */
const URL_BYTES = (limit: number): PayloadLimit => ({
  measure: percentEncodedBytes,
  limit,
  unit: 'URL bytes',
});
/** A message: code points, as messengers count them (Telegram 4,096; Signal sends more than 2,000 as a file). */
const CHARACTERS = (limit: number): PayloadLimit => ({
  measure: codePoints,
  limit,
  unit: 'characters',
});

const openDeadline = (target: DeviceTarget) =>
  target.openTimeoutMs ? { openDeadlineMs: target.openTimeoutMs } : {};
const appVersion = (target: DeviceTarget) =>
  target.appVersion ? { appVersion: target.appVersion } : {};

const androidBrowser = (app: string): TargetEntry => ({
  kind: 'browser',
  inputPaths: NATIVE_INPUT_PATHS,
  payloadLimit: URL_BYTES(8000),
  create: (session, target) =>
    new AndroidBrowserTarget(session, { app, ...appVersion(target), ...openDeadline(target) }),
});

const androidMessenger = (app: string, payloadLimit: PayloadLimit): TargetEntry => ({
  kind: 'messenger',
  inputPaths: NATIVE_INPUT_PATHS,
  payloadLimit,
  create(session, target, context) {
    // checked when the profile loads; a batch file edited since is a configuration fault
    if (!target.account || !target.peer) {
      throw new ConfigError(`the ${app} target needs account and peer (a peer phone)`);
    }
    const [account, peer] =
      context.side === 'peer'
        ? [target.peer.account, target.account]
        : [target.account, target.peer.account];
    return new AndroidMessengerTarget(session, {
      app,
      ...appVersion(target),
      ...openDeadline(target),
      account,
      peer,
    });
  },
});

const TARGET_TABLE: Readonly<Record<string, TargetEntry>> = {
  'lab-browser': {
    kind: 'browser',
    inputPaths: ['set-text', 'key-events'],
    payloadLimit: URL_BYTES(8000),
    create: (session, target) => new LabBrowserTarget(session, undefined, openDeadline(target)),
  },
  'lab-messenger': {
    kind: 'messenger',
    inputPaths: ['set-text', 'key-events'],
    payloadLimit: CHARACTERS(4096),
    create(session, _target, context) {
      if (!context.labMessenger) {
        throw new ConfigError(
          'a lab-messenger target needs the lab messenger, which has no account for this phone',
        );
      }
      return new LabMessengerTarget(session, context.labMessenger);
    },
  },
  'android-chrome': androidBrowser('android-chrome'),
  'mi-browser': androidBrowser('mi-browser'),
  telegram: androidMessenger('telegram', CHARACTERS(4096)),
  whatsapp: androidMessenger('whatsapp', CHARACTERS(4096)),
  signal: androidMessenger('signal', CHARACTERS(2000)),
  // an SMS longer than a few segments becomes an MMS on many phones
  'google-messages': androidMessenger('google-messages', CHARACTERS(900)),
};

function entryOf(app: string): TargetEntry {
  const entry = TARGET_TABLE[app];
  if (!entry) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `target app "${app}" has no adapter; known: ${knownTargetApps().join(', ')}`,
      { field: 'targets[].app' },
    );
  }
  return entry;
}

export function createTarget(
  session: WebdriverIO.Browser,
  target: DeviceTarget,
  context: TargetContext = {},
): Target {
  return entryOf(target.app).create(session, target, context);
}

/** A messenger target's adapter (a messenger's far end reads what the peer sent). */
export function createMessengerTarget(
  session: WebdriverIO.Browser,
  target: DeviceTarget,
  context: TargetContext = {},
): MessengerTarget {
  const created = createTarget(session, target, context);
  if (created.kind !== 'messenger') {
    throw new ConfigError(`target app "${target.app}" is a ${created.kind}, not a messenger`);
  }
  return created as MessengerTarget;
}

/**
 * How a target's terms are screened in groups, when its profile asks for it: packed up to the
 * profile's payload limit (never past the app's own) and its members per payload.
 */
export function screeningOf(target: DeviceTarget): ScreenOptions | undefined {
  if (!target.screening) return undefined;
  const { measure, limit } = entryOf(target.app).payloadLimit;
  return {
    measure,
    limit: Math.min(limit, target.screening.payloadLimit ?? limit),
    maxMembers: target.screening.maxMembers,
    ...(target.screening.expectedShare !== undefined
      ? { expectedShare: target.screening.expectedShare }
      : {}),
  };
}

export function knownTargetApps(): string[] {
  return Object.keys(TARGET_TABLE);
}

/**
 * Why a profile's targets cannot be served, one entry per field: an app no adapter serves, a
 * kind the adapter is not, an input path it does not implement (`ime` on a lab adapter: only the
 * phones' adapters type on the device's own keyboard).
 */
export function unservedTargetFields(
  targets: readonly (Pick<DeviceTarget, 'app' | 'kind' | 'inputPath'> &
    Partial<Pick<DeviceTarget, 'screening'>>)[],
): { field: string; message: string }[] {
  return targets.flatMap((target, index) => {
    const entry = TARGET_TABLE[target.app];
    if (!entry) {
      return [
        {
          field: `targets[${index}].app`,
          message: `"${target.app}" has no adapter; known: ${knownTargetApps().join(', ')}`,
        },
      ];
    }
    const problems: { field: string; message: string }[] = [];
    if (entry.kind !== target.kind) {
      problems.push({
        field: `targets[${index}].kind`,
        message: `the ${target.app} adapter is a ${entry.kind}, not a ${target.kind}`,
      });
    }
    if (!entry.inputPaths.includes(target.inputPath)) {
      problems.push({
        field: `targets[${index}].inputPath`,
        message: `the ${target.app} adapter types by ${entry.inputPaths.join(' or ')}, not ${target.inputPath}`,
      });
    }
    const asked = target.screening?.payloadLimit;
    if (asked !== undefined && asked > entry.payloadLimit.limit) {
      problems.push({
        field: `targets[${index}].screening.payloadLimit`,
        message: `${target.app} carries at most ${entry.payloadLimit.limit} ${entry.payloadLimit.unit} in one payload, not ${asked}`,
      });
    }
    return problems;
  });
}
