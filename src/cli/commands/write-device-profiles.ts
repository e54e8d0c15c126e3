// `censorwatch devices --write DIR`: each phone's profile file created, or updated keeping what a user wrote by hand.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { DeviceFacts } from '../../discovery/device-facts.ts';
import { profileFromDevice } from '../../discovery/profile-from-device.ts';
import { InputError } from '../../errors.ts';

export interface WrittenProfiles {
  /** One line per phone: the file written and what changed, or why none was. */
  lines: string[];
  /** Phones whose profile could not be written (unauthorised, unreadable, no target app). */
  refused: number;
}

/**
 * Writes a profile per phone adb lists as `device` into `dir`: the file whose `serial` (or
 * `appium:udid`) is the phone's is updated, else `<id>.yaml` is created. A lab phone's profile
 * is never touched; a file that is not YAML is left as it is and named.
 */
export function writeDeviceProfiles(phones: readonly DeviceFacts[], dir: string): WrittenProfiles {
  mkdirSync(dir, { recursive: true });
  const bySerial = profilesBySerial(dir);
  const lines: string[] = [];
  let refused = 0;
  for (const phone of phones) {
    const existing = bySerial.get(phone.serial) ?? null;
    try {
      const draft = profileFromDevice(
        phone,
        existing === null ? null : readFileSync(existing, 'utf8'),
        existing === null ? {} : { file: existing },
      );
      const file = existing ?? join(dir, `${draft.id}.yaml`);
      if (existing === null && existsSync(file)) {
        throw new InputError(
          'E_DEVICE_PROFILE',
          `${file}: a profile of another phone already has this name; give this one an id by hand`,
          { file },
        );
      }
      writeFileSync(file, draft.text);
      lines.push(
        `${phone.serial}: ${existing === null ? 'created' : 'updated'} ${file}`,
        ...draft.notes.map((note) => `  ${note}`),
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      refused += 1;
      lines.push(`${phone.serial}: no profile written: ${error.message}`);
    }
  }
  return { lines, refused };
}

/** Profile files of `dir` by the phone they name (`serial`, else `appium.capabilities['appium:udid']`). */
function profilesBySerial(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = join(dir, name);
    let profile: unknown;
    try {
      profile = parse(readFileSync(file, 'utf8'));
    } catch {
      continue; // not this command's to mend: loading the profiles names it
    }
    const fields = (profile ?? {}) as {
      serial?: unknown;
      appium?: { capabilities?: Record<string, unknown> };
    };
    const serial = fields.serial ?? fields.appium?.capabilities?.['appium:udid'];
    if (typeof serial === 'string') found.set(serial, file);
  }
  return found;
}
