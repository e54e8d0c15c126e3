// A device profile (YAML) from what was read of a phone: a new file, or an update of one that keeps all a user wrote by hand.
import { Document, isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { schemaError } from '../config/read-yaml-file.ts';
import { deviceProfileSchema } from '../devices/device-profile.ts';
import { InputError } from '../errors.ts';
import type { DeviceFacts } from './device-facts.ts';
import { firmwareVersionOf } from './firmware-version.ts';
import { profileIdOf } from './profile-id.ts';
import { TARGET_PACKAGES, type TargetPackage } from './target-packages.ts';

/** The Appium server a real phone's new profile points at: one on this host, Appium's own port. */
export const DEFAULT_APPIUM_URL = 'http://127.0.0.1:4723';

export interface ProfileFromDeviceOptions {
  /** The new profile's id. @defaultValue `<manufacturer>-<model>-<serial>` in lowercase and dashes */
  id?: string;
  /** The region to write, over the phone's (which may be unread, or `EUEX`, `GLOBAL`). @defaultValue the phone's */
  region?: string;
  /** The locale to write, over the phone's. @defaultValue the phone's */
  locale?: string;
  /** The Appium server of a new profile. @defaultValue {@link DEFAULT_APPIUM_URL} */
  appiumUrl?: string;
  /** The target apps and their packages. @defaultValue {@link TARGET_PACKAGES} */
  targets?: readonly TargetPackage[];
  /** The profile's file, for messages. @defaultValue none: messages name the phone */
  file?: string;
}

export interface ProfileDraft {
  id: string;
  /** The profile's YAML, valid against deviceProfileSchema. */
  text: string;
  /** What changed or was left out, one line each (`model: "M2101K6G" → "M2101K6C"`), for the user. */
  notes: string[];
}

/** Where each required profile field comes from on the phone, for a refusal that names both. */
const SOURCES = {
  fingerprint: ['firmware.fingerprint', 'ro.build.fingerprint'],
  incremental: ['firmware.version', 'ro.build.version.incremental'],
  manufacturer: ['manufacturer', 'ro.product.manufacturer'],
  model: ['model', 'ro.product.model'],
} as const;

type Required = keyof typeof SOURCES;

/**
 * The profile of the phone `facts` describe. With `existing` (a profile file's text) it is an
 * update through the yaml Document API, so comments and every field a user wrote stay:
 * - `serial` (else `appium.capabilities['appium:udid']`) is set from the phone; manufacturer and
 *   model only where the file has none, as they name the firmware key of its reports;
 * - `firmware.fingerprint` is set from the phone, and `firmware.version` with it when the
 *   fingerprint changed (while it is the same build, the file's version name is kept);
 * - region and locale are set only where the file has none (or the options give them);
 * - an existing target's appVersion is set to the installed version; targets are added only
 *   when the file lists none, so a target the user removed stays removed;
 * - an `appium` block is written only where the file has none.
 * A new profile gets the installed browser targets; messengers need an account and a peer
 * phone, so an installed one is left as a comment to fill in.
 * @throws InputError (E_DEVICE_PROFILE) naming the field a phone could not give (a profile
 *   needs its fingerprint), a lab phone's profile, or the first field the result fails on
 */
export function profileFromDevice(
  facts: DeviceFacts,
  existing: string | null,
  options: ProfileFromDeviceOptions = {},
): ProfileDraft {
  const where = options.file ?? `the profile of phone ${facts.serial}`;
  const need = (field: Required): string => {
    const value = facts[field];
    if (value !== null) return value;
    const [profileField, prop] = SOURCES[field];
    throw new InputError(
      'E_DEVICE_PROFILE',
      `${where}: field \`${profileField}\` needs the phone's ${prop}, which could not be read: ${facts.errors[field] ?? 'not read'}`,
      { ...(options.file ? { file: options.file } : {}), field: profileField },
    );
  };
  const read = {
    fingerprint: need('fingerprint'),
    incremental: need('incremental'),
    manufacturer: need('manufacturer'),
    model: need('model'),
  };
  const installed = installedTargets(facts, options.targets ?? TARGET_PACKAGES);
  const notes = installed.unread.map(
    ({ app, packageName, reason }) =>
      `${app}: could not read whether ${packageName} is installed: ${reason}`,
  );
  const doc =
    existing === null
      ? newProfile(facts, read, installed.found, options, where)
      : updatedProfile(existing, facts, read, installed.found, options, where, notes);
  return {
    id: checked(doc, facts, options, where).id,
    text: doc.toString({ lineWidth: 0 }),
    notes,
  };
}

interface Read {
  fingerprint: string;
  incremental: string;
  manufacturer: string;
  model: string;
}

interface Installed extends TargetPackage {
  version: string;
}

function installedTargets(facts: DeviceFacts, table: readonly TargetPackage[]) {
  const found: Installed[] = [];
  const unread: (TargetPackage & { reason: string })[] = [];
  for (const target of table) {
    const version = facts.apps[target.packageName];
    if (typeof version === 'string') found.push({ ...target, version });
    else if (version === undefined && facts.errors[`apps.${target.packageName}`]) {
      unread.push({ ...target, reason: facts.errors[`apps.${target.packageName}`]! });
    }
  }
  return { found, unread };
}

const browserTargets = (installed: readonly Installed[]) =>
  installed
    .filter((t) => t.kind === 'browser')
    .map((t) => ({ app: t.app, kind: t.kind, appVersion: t.version }));

const messengerComment = (t: Installed) =>
  ` ${t.app} ${t.version} (${t.packageName}) is installed: add it as a target by hand, with this phone's account and a peer phone`;

function newProfile(
  facts: DeviceFacts,
  read: Read,
  installed: readonly Installed[],
  options: ProfileFromDeviceOptions,
  where: string,
): Document {
  const targets = browserTargets(installed);
  if (targets.length === 0) {
    const browsers = (options.targets ?? TARGET_PACKAGES).filter((t) => t.kind === 'browser');
    const messengers = installed.filter((t) => t.kind === 'messenger').map((t) => t.app);
    throw new InputError(
      'E_DEVICE_PROFILE',
      `${where}: field \`targets\` needs a target browser installed on the phone, and none of ${browsers.map((t) => t.packageName).join(', ')} is${messengers.length > 0 ? ` (messengers ${messengers.join(', ')} are, but need an account and a peer phone: write their targets by hand)` : ''}`,
      { ...(options.file ? { file: options.file } : {}), field: 'targets' },
    );
  }
  const region = options.region ?? facts.region;
  const locale = options.locale ?? facts.locale;
  const doc = new Document({
    id: options.id ?? profileIdOf(read.manufacturer, read.model, facts.serial),
    manufacturer: read.manufacturer,
    model: read.model,
    firmware: { fingerprint: read.fingerprint, version: firmwareVersionOf(read) },
    ...(region !== null ? { region } : {}),
    ...(locale !== null ? { locale } : {}),
    appium: {
      url: options.appiumUrl ?? DEFAULT_APPIUM_URL,
      capabilities: appiumCapabilities(facts.serial),
    },
    targets,
  });
  const first = (doc.contents as YAMLMap).items[0]!.key as { commentBefore?: string };
  first.commentBefore = ` ${read.manufacturer} ${read.model} (adb serial ${facts.serial}): written from what the phone reports over adb`;
  const messengers = installed.filter((t) => t.kind === 'messenger');
  if (messengers.length > 0) {
    const seq = doc.get('targets', true) as { comment?: string };
    seq.comment = messengers.map(messengerComment).join('\n');
  }
  return doc;
}

const appiumCapabilities = (serial: string) => ({
  platformName: 'Android',
  'appium:automationName': 'UiAutomator2',
  'appium:udid': serial,
});

function updatedProfile(
  existing: string,
  facts: DeviceFacts,
  read: Read,
  installed: readonly Installed[],
  options: ProfileFromDeviceOptions,
  where: string,
  notes: string[],
): Document {
  const at = options.file ? { file: options.file } : {};
  const doc = parseDocument(existing);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw new InputError(
      'E_DEVICE_PROFILE',
      `${where}${line ? `:${line}` : ''}: not valid YAML: ${first.message.split('\n')[0]}`,
      at,
    );
  }
  if (!isMap(doc.contents)) {
    throw new InputError('E_DEVICE_PROFILE', `${where}: not a map of profile fields`, at);
  }
  if (doc.has('lab')) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `${where}: field \`lab\` makes it a lab phone's profile, which no phone over adb updates`,
      { ...at, field: 'lab' },
    );
  }
  const set = (path: readonly (string | number)[], value: unknown) => {
    const old = doc.getIn(path);
    if (old === value) return;
    doc.setIn(path, value);
    notes.push(
      `${path.join('.')}: ${old === undefined ? 'added' : JSON.stringify(old)} → ${JSON.stringify(value)}`,
    );
  };

  // they name the firmware key: a name the user gave ("Mi 10T 5G") stays, or the phone's results
  // would move to another report
  for (const key of ['manufacturer', 'model'] as const) {
    if (!doc.has(key)) set([key], read[key]);
  }
  if (
    doc.getIn(['firmware', 'fingerprint']) !== read.fingerprint ||
    !doc.hasIn(['firmware', 'version'])
  ) {
    set(['firmware', 'fingerprint'], read.fingerprint);
    set(['firmware', 'version'], firmwareVersionOf(read));
  }
  for (const key of ['region', 'locale'] as const) {
    const value = options[key] ?? (doc.has(key) ? undefined : facts[key]);
    if (value !== undefined && value !== null) set([key], value);
  }
  if (!doc.has('appium')) {
    const url = options.appiumUrl ?? DEFAULT_APPIUM_URL;
    doc.set('appium', doc.createNode({ url, capabilities: appiumCapabilities(facts.serial) }));
    notes.push(`appium: added (${url}, appium:udid ${facts.serial})`);
  } else if (doc.has('serial')) {
    set(['serial'], facts.serial);
  } else {
    set(['appium', 'capabilities', 'appium:udid'], facts.serial);
  }
  updateTargets(doc, installed, facts, options.targets ?? TARGET_PACKAGES, notes);
  return doc;
}

function updateTargets(
  doc: Document,
  installed: readonly Installed[],
  facts: DeviceFacts,
  table: readonly TargetPackage[],
  notes: string[],
) {
  const targets = doc.get('targets', true);
  if (!isSeq(targets) || targets.items.length === 0) {
    const added = browserTargets(installed);
    if (added.length > 0) {
      doc.set('targets', doc.createNode(added));
      notes.push(`targets: added ${added.map((t) => t.app).join(', ')} (the file listed none)`);
    }
    return;
  }
  const listed = new Set<string>();
  targets.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const app = item.get('app');
    const target = installed.find((t) => t.app === app);
    if (typeof app === 'string') listed.add(app);
    if (target) {
      if (item.get('appVersion') !== target.version) {
        notes.push(
          `targets[${index}].appVersion: ${JSON.stringify(item.get('appVersion') ?? null)} → ${JSON.stringify(target.version)}`,
        );
        item.set('appVersion', target.version);
      }
    } else if (typeof app === 'string' && table.some((t) => t.app === app)) {
      const packageName = table.find((t) => t.app === app)!.packageName;
      if (facts.apps[packageName] === null)
        notes.push(`targets[${index}]: ${app} (${packageName}) is not installed on the phone`);
    }
  });
  for (const target of installed) {
    if (!listed.has(target.app)) {
      notes.push(
        `${target.app} ${target.version} is installed but not a target: not added, the file lists its own targets`,
      );
    }
  }
}

/** The draft against the schema the loader uses; a field the phone gave that fails says so. */
function checked(
  doc: Document,
  facts: DeviceFacts,
  options: ProfileFromDeviceOptions,
  where: string,
) {
  const parsed = deviceProfileSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const error = schemaError(parsed.error, where, 'E_DEVICE_PROFILE', options.file);
  const field = error.field as 'region' | 'locale' | undefined;
  if ((field === 'region' || field === 'locale') && options[field] === undefined) {
    const hint =
      facts[field] === null
        ? ` (the phone's could not be read: ${facts.errors[field] ?? 'not read'}; give the ${field})`
        : ` (the phone reports ${JSON.stringify(facts[field])}; give the ${field})`;
    throw new InputError('E_DEVICE_PROFILE', `${error.message}${hint}`, {
      ...(options.file ? { file: options.file } : {}),
      field,
    });
  }
  throw error;
}
