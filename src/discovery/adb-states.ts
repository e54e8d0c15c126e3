// What each adb state other than `device` means for reading the phone, and what the user can do about it.

/** Reasons by adb state (`adb devices`' second column); the phone is read only in `device`. */
const REASON_OF_STATE: Readonly<Record<string, string>> = {
  unauthorized: 'adb reports the phone unauthorized: accept the RSA key prompt on the phone',
  offline:
    'adb reports the phone offline: unplug and replug it (or `adb reconnect offline`), and check the cable',
  authorizing:
    'adb is still authorizing the phone: look for the RSA key prompt on it and read it again',
  connecting: 'adb is still connecting to the phone: read it again in a moment',
  bootloader: 'the phone is in its bootloader, not Android: reboot it',
  recovery: 'the phone is in recovery, not Android: reboot it',
  rescue: 'the phone is in rescue mode, not Android: reboot it',
  sideload: 'the phone is waiting for a sideload, not running Android: reboot it',
  host: 'adb reports a host, not a phone',
};

/** Why a phone in `state` is not read; undefined for `device` (and `emulator`, which adbkit may report). */
export function reasonOfState(state: string): string | undefined {
  if (state === 'device' || state === 'emulator') return undefined;
  const reason = REASON_OF_STATE[state];
  if (reason) return reason;
  if (state.startsWith('no permissions')) {
    return `adb cannot open the phone's USB device (${state}): give your user access to it (a udev rule for the vendor id, or the plugdev group)`;
  }
  return `adb reports the phone in state ${JSON.stringify(state)}, not device`;
}
