// The host's phones as its adb server sees them: one phone read or woken for the health gate, all glanced at for the heartbeat.
import adbkit from '@devicefarmer/adbkit';
import { parseDumpsysBattery } from '../discovery/parse-dumpsys-battery.ts';
import { readDevice, SHELL_TIMEOUT_MS } from '../discovery/read-device.ts';
import { runShell } from '../discovery/run-shell.ts';
import type { PhoneGlance, PhonesAtAGlance } from '../registry/heartbeat.ts';
import { ADB_PHONE_STATES, type AdbPhoneState } from '../registry/registry-records.ts';
import type { PhoneFacts, PhonesOverAdb } from './health-gate.ts';

/** adbkit would start an adb server of its own when none answers; the gate only reads (see list-devices). */
const NO_ADB_BINARY = '/nonexistent/censorwatch-health-gate-never-starts-adb';

export class AdbPhones implements PhonesOverAdb, PhonesAtAGlance {
  readonly #client: ReturnType<typeof adbkit.Adb.createClient>;
  readonly #timeoutMs: number;

  /** @param timeoutMs - each shell command's deadline. @defaultValue 10 s */
  constructor(server: { host: string; port: number }, timeoutMs = SHELL_TIMEOUT_MS) {
    this.#client = adbkit.Adb.createClient({ ...server, bin: NO_ADB_BINARY });
    this.#timeoutMs = timeoutMs;
  }

  async read(serial: string, packages: readonly string[]): Promise<PhoneFacts | null> {
    const listed: { id: string; type: string }[] = await this.#client.listDevices();
    const phone = listed.find((device) => device.id === serial);
    if (!phone) return null;
    return await readDevice(this.#client, serial, phone.type, {
      apps: packages,
      timeoutMs: this.#timeoutMs,
    });
  }

  async wake(serial: string): Promise<void> {
    // constant commands: nothing of a term or a profile reaches the phone's shell
    await runShell(this.#client, serial, 'input keyevent KEYCODE_WAKEUP', this.#timeoutMs);
    // a swipe lock screen goes; one with a PIN, pattern or password stays, and the gate says so
    await runShell(this.#client, serial, 'wm dismiss-keyguard', this.#timeoutMs);
  }

  /** One `adb devices`, then `dumpsys battery` of each phone in state `device`. */
  async glance(serials: readonly string[]): Promise<Map<string, PhoneGlance>> {
    const listed: { id: string; type: string }[] = await this.#client.listDevices();
    const glances = await Promise.all(
      serials.map(async (serial): Promise<[string, PhoneGlance]> => {
        const phone = listed.find((device) => device.id === serial);
        if (!phone) return [serial, { state: 'absent', battery: null }];
        const state = adbStateOf(phone.type);
        if (state !== 'device') return [serial, { state, battery: null }];
        const dump = await runShell(this.#client, serial, 'dumpsys battery', this.#timeoutMs);
        if (!dump.ok) return [serial, { state, battery: null }];
        const { level, charging } = parseDumpsysBattery(dump.value);
        return [
          serial,
          {
            state,
            battery:
              level.ok && charging.ok ? { level: level.value, charging: charging.value } : null,
          },
        ];
      }),
    );
    return new Map(glances);
  }
}

/** A state adb prints that the registry has no name for (`no permissions`, `host`) is shown offline. */
function adbStateOf(type: string): AdbPhoneState {
  return (ADB_PHONE_STATES as readonly string[]).includes(type)
    ? (type as AdbPhoneState)
    : 'offline';
}
