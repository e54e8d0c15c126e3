// The firmware a phone really runs, read off it before a batch, against what its profile says.
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

/**
 * The display version of a build: the incremental where the vendor puts its version there
 * (`V12.5.4.0.RJDEUXM`, `G991BXXU5CVDD`), else the build id of the fingerprint (Pixels:
 * incremental `8976347`, id `SQ3A.220705.003.A1`).
 */
export function firmwareVersionOf(read: FirmwareRead): string {
  if (!/^\d+$/.test(read.incremental)) return read.incremental;
  // brand/product/device:release/ID/incremental:type/tags
  const id = read.fingerprint.split(':')[1]?.split('/')[1];
  return id && id.length > 0 ? id : read.incremental;
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
