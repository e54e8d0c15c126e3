// The firmware a phone really runs, read off it before a batch, against what its profile says.
import { firmwareVersionOf } from '../discovery/firmware-version.ts';
import { firmwareKeyOf, type DeviceProfile } from './device-profile.ts';

/** What was read off the phone: `ro.build.fingerprint` and `ro.build.version.incremental`. */
export interface FirmwareRead {
  fingerprint: string;
  incremental: string;
}

export interface ObservedFirmware {
  /** The firmware key the batch's results are filed under. */
  firmwareKey: string;
  /** The key the profile gives. */
  profileKey: string;
  fingerprint: string;
  incremental: string;
  /** The display version of the key: the profile's while the fingerprint is the profile's. */
  version: string;
  /** The phone runs another build than its profile says (an update it took, or a stale profile). */
  changed: boolean;
}

/** The firmware key a batch's results belong to, from what the phone said of itself. */
export function observedFirmware(
  device: Pick<DeviceProfile, 'manufacturer' | 'model' | 'firmware'>,
  read: FirmwareRead,
): ObservedFirmware {
  const profileKey = firmwareKeyOf(device);
  const changed = read.fingerprint !== device.firmware.fingerprint;
  const version = changed ? firmwareVersionOf(read) : device.firmware.version;
  return {
    firmwareKey: changed
      ? firmwareKeyOf({ ...device, firmware: { ...read, version } })
      : profileKey,
    profileKey,
    fingerprint: read.fingerprint,
    incremental: read.incremental,
    version,
    changed,
  };
}
