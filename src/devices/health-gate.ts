// The gate a phone passes before each batch: read over adb, woken when allowed, judged, its firmware taken off it.
import {
  judgeHealth,
  type HealthFacts,
  type HealthPolicy,
  type HealthRecord,
} from './device-health.ts';
import { adbSerialOf, type DeviceProfile } from './device-profile.ts';
import { observedFirmware, type ObservedFirmware } from './observed-firmware.ts';

/** What adb lists of a phone and reads off it. */
export interface PhoneFacts extends HealthFacts {
  fingerprint: string | null;
  incremental: string | null;
}

/** The phones as the host's adb server sees them. */
export interface PhonesOverAdb {
  /** What adb lists of the phone and reads off it (`packages`: their installed versions); null when it is not listed. */
  read(serial: string, packages: readonly string[]): Promise<PhoneFacts | null>;
  /** Turns the screen on (KEYCODE_WAKEUP) and dismisses a lock screen that has no PIN, pattern or password. */
  wake(serial: string): Promise<void>;
}

export interface GateOutcome {
  record: HealthRecord;
  /** The firmware the phone runs; null when it is unhealthy or not read. */
  firmware: ObservedFirmware | null;
}

export class HealthGate {
  readonly #adb: PhonesOverAdb;
  readonly #policy: HealthPolicy;
  readonly #now: () => Date;

  constructor(adb: PhonesOverAdb, policy: HealthPolicy, now: () => Date = () => new Date()) {
    this.#adb = adb;
    this.#policy = policy;
    this.#now = now;
  }

  /** Reads the phone, wakes it once if its screen is off or locked and waking is allowed, and judges it. */
  async check(device: DeviceProfile, packages: readonly string[]): Promise<GateOutcome> {
    const serial = adbSerialOf(device);
    if (serial === null) {
      throw new Error(`${device.id} has no adb serial: the health gate has nothing to read`);
    }
    let facts = await this.#adb.read(serial, packages);
    let problems = judgeHealth(serial, facts, this.#policy, packages);
    if (this.#policy.wake && facts?.screen && (!facts.screen.on || facts.screen.locked)) {
      await this.#adb.wake(serial);
      facts = await this.#adb.read(serial, packages);
      problems = judgeHealth(serial, facts, this.#policy, packages);
    }
    let firmware: ObservedFirmware | null = null;
    if (facts && problems.length === 0) {
      if (facts.fingerprint && facts.incremental) {
        firmware = observedFirmware(device, {
          fingerprint: facts.fingerprint,
          incremental: facts.incremental,
        });
      } else {
        // results filed under a firmware the phone may not run would land in the wrong report
        problems.push({
          check: 'firmware',
          detail: `its build fingerprint could not be read (${facts.errors['fingerprint'] ?? facts.errors['incremental'] ?? 'empty'})`,
        });
      }
    }
    return {
      record: {
        serial,
        checkedAt: this.#now().toISOString(),
        healthy: problems.length === 0,
        problems,
        facts,
      },
      firmware,
    };
  }
}
