// Reads and validates device profiles (one YAML file per device).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readYamlFile } from '../config/read-yaml-file.ts';
import { InputError } from '../errors.ts';
import { deviceProfileSchema, type DeviceProfile } from './device-profile.ts';

/** Loads one profile; throws InputError naming the file and field. */
export function loadDeviceProfile(file: string): DeviceProfile {
  const { data: profile } = readYamlFile(
    file,
    deviceProfileSchema,
    'E_DEVICE_PROFILE',
    'device profile',
  );
  let extensionDir: string | null = null;
  if (profile.lab?.firmware.extension) {
    extensionDir = resolve(dirname(file), profile.lab.firmware.extension);
    if (!existsSync(join(extensionDir, 'manifest.json'))) {
      const field = 'lab.firmware.extension';
      throw new InputError(
        'E_DEVICE_PROFILE',
        `${file}: field \`${field}\` must name an extension directory holding manifest.json, got "${profile.lab.firmware.extension}" (${extensionDir})`,
        { file, field },
      );
    }
  }
  return { ...profile, file, extensionDir };
}

/** Loads every `*.yaml` profile in a folder (not recursive); ids must be unique. */
export function loadDeviceProfiles(dir: string): DeviceProfile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError('E_DEVICE_PROFILE', `${dir}: device profile folder not found`, {
      file: dir,
    });
  }
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name));
  const profiles: DeviceProfile[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const profile = loadDeviceProfile(file);
    const earlier = seen.get(profile.id);
    if (earlier) {
      throw new InputError(
        'E_DEVICE_PROFILE',
        `${file}: field \`id\` repeats "${profile.id}" already used by ${earlier}`,
        { file, field: 'id' },
      );
    }
    seen.set(profile.id, file);
    profiles.push(profile);
  }
  for (const profile of profiles) {
    if (profile.reference && !seen.has(profile.reference)) {
      throw new InputError(
        'E_DEVICE_PROFILE',
        `${profile.file}: field \`reference\` names device "${profile.reference}", which has no profile in ${dir}`,
        { file: profile.file, field: 'reference' },
      );
    }
  }
  return profiles;
}
