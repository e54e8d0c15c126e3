// Device profiles as the farm uses them: valid, and every target served by an adapter that can type by its input path.
import type { DeviceProfile } from '../devices/device-profile.ts';
import { loadDeviceProfile, loadDeviceProfiles } from '../devices/load-device-profiles.ts';
import { InputError } from '../errors.ts';
import { unservedTargetFields } from './target-table.ts';

/** Throws InputError naming the profile's file and the first target field no adapter serves. */
export function assertTargetsServed(profile: DeviceProfile): DeviceProfile {
  const [problem] = unservedTargetFields(profile.targets);
  if (problem) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `${profile.file}: field \`${problem.field}\`: ${problem.message}`,
      { file: profile.file, field: problem.field },
    );
  }
  return profile;
}

/** Loads one profile and checks its targets can be served. */
export function loadServedProfile(file: string): DeviceProfile {
  return assertTargetsServed(loadDeviceProfile(file));
}

/** Loads every profile in a folder and checks their targets can be served. */
export function loadServedProfiles(dir: string): DeviceProfile[] {
  return loadDeviceProfiles(dir).map(assertTargetsServed);
}
