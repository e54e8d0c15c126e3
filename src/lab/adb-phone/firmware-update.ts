// A firmware update as the system properties see it: a new fingerprint and every build property that follows from it.

/** What an over-the-air update changes. Fields left out follow from the fingerprint or stay as they are. */
export interface FirmwareUpdate {
  /** `brand/product/device:release/build-id/incremental:type/tags`. */
  fingerprint: string;
  /** @defaultValue the fingerprint's incremental (it must agree with it when given) */
  incremental?: string;
  /** `ro.build.version.release`. @defaultValue the fingerprint's release */
  release?: string;
  /** `ro.build.version.sdk`. @defaultValue unchanged */
  sdk?: number;
  /** `ro.build.version.security_patch`, `YYYY-MM-DD`. @defaultValue unchanged */
  securityPatch?: string;
  /** Build time, epoch seconds: `ro.build.date.utc` and `ro.build.date`. @defaultValue unchanged */
  buildDateUtc?: number;
  /** Vendor properties the update also changes, e.g. `ro.miui.ui.version.name`. @defaultValue none */
  props?: Readonly<Record<string, string>>;
}

export interface ParsedFingerprint {
  brand: string;
  product: string;
  device: string;
  release: string;
  buildId: string;
  incremental: string;
  type: string;
  tags: string;
}

const FINGERPRINT =
  /^([^/:\s]+)\/([^/:\s]+)\/([^/:\s]+):([^/:\s]+)\/([^/:\s]+)\/([^/:\s]+):([^/:\s]+)\/(\S+)$/;

/** Splits a build fingerprint; throws RangeError when it does not have the AOSP shape. */
export function parseFingerprint(fingerprint: string): ParsedFingerprint {
  const match = FINGERPRINT.exec(fingerprint);
  if (!match) {
    throw new RangeError(
      `Expected \`fingerprint\` as brand/product/device:release/id/incremental:type/tags, got ${JSON.stringify(fingerprint)}`,
    );
  }
  const [, brand, product, device, release, buildId, incremental, type, tags] =
    match as unknown as [string, string, string, string, string, string, string, string, string];
  return { brand, product, device, release, buildId, incremental, type, tags };
}

/** `ro.build.date` as AOSP's build prints it (`date` in UTC), e.g. `Wed Jul 14 10:05:52 UTC 2021`. */
export function buildDateText(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const day = date.toLocaleString('en-US', { weekday: 'short', timeZone: 'UTC' });
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const dd = String(date.getUTCDate()).padStart(2, ' ');
  const time = date.toISOString().slice(11, 19);
  return `${day} ${month} ${dd} ${time} UTC ${date.getUTCFullYear()}`;
}

/** `ro.build.X` and `ro.<partition>.build.X` (system, vendor, odm…): the X, which an update sets on every partition. */
const BUILD_PROP = /^ro\.(?:[a-z_]+\.)?build\.(.+)$/;

/** The properties after the update; the input is not changed. */
export function applyFirmwareUpdate(
  props: Readonly<Record<string, string>>,
  update: FirmwareUpdate,
): Record<string, string> {
  const parsed = parseFingerprint(update.fingerprint);
  if (update.incremental !== undefined && update.incremental !== parsed.incremental) {
    throw new RangeError(
      `Expected \`incremental\` to match the fingerprint's (${parsed.incremental}), got ${update.incremental}`,
    );
  }
  const release = update.release ?? parsed.release;
  const date = update.buildDateUtc;
  const patch = update.securityPatch;
  const bySuffix: Record<string, string | undefined> = {
    fingerprint: update.fingerprint,
    id: parsed.buildId,
    'version.incremental': parsed.incremental,
    'version.release': release,
    'version.release_or_codename': release,
    'version.sdk': update.sdk === undefined ? undefined : String(update.sdk),
    'version.security_patch': patch,
    security_patch: patch,
    'date.utc': date === undefined ? undefined : String(date),
    date: date === undefined ? undefined : buildDateText(date),
  };
  // vendor properties that repeat the old build (ro.build.PDA, ro.mi.os.version.incremental) follow it
  const byOldValue = new Map<string | undefined, string>([
    [props['ro.build.fingerprint'], update.fingerprint],
    [props['ro.build.version.incremental'], parsed.incremental],
    [props['ro.build.id'], parsed.buildId],
  ]);
  const next: Record<string, string> = {};
  for (const [name, value] of Object.entries(props)) {
    const suffix = BUILD_PROP.exec(name)?.[1];
    const set =
      suffix !== undefined && Object.hasOwn(bySuffix, suffix) ? bySuffix[suffix] : undefined;
    next[name] = set ?? byOldValue.get(value) ?? value;
  }
  if ('ro.build.description' in next) {
    next['ro.build.description'] =
      `${parsed.product}-${parsed.type} ${release} ${parsed.buildId} ${parsed.incremental} ${parsed.tags}`;
  }
  // a display id names the build in its own words (`ELS-NX9 12.0.0.168(C432E7R8P4)`): swap the parts it repeats
  const display = props['ro.build.display.id'];
  if (display !== undefined) {
    let text = display;
    for (const [old, now] of byOldValue) if (old) text = text.replaceAll(old, now);
    next['ro.build.display.id'] = text;
  }
  return { ...next, ...update.props };
}
