// Preflight: a phone of this host, over adb, passes the health gate its batches will meet.
import { describeProblems, type HealthPolicy } from '../../devices/device-health.ts';
import type { DeviceProfile } from '../../devices/device-profile.ts';
import { HealthGate, type PhonesOverAdb } from '../../devices/health-gate.ts';
import { packagesOfTarget } from '../../discovery/target-packages.ts';
import type { Diagnosis, PreflightCheck } from '../preflight-check.ts';

export class PhoneHealthCheck implements PreflightCheck {
  readonly name: string;
  /** An unhealthy phone is a warning: its batches wait for it, the others run. */
  readonly isOptional = true;
  readonly #device: DeviceProfile;
  readonly #gate: HealthGate;

  constructor(device: DeviceProfile, phones: PhonesOverAdb, policy: HealthPolicy) {
    this.#device = device;
    // the doctor looks and changes nothing: it does not wake a phone
    this.#gate = new HealthGate(phones, { ...policy, wake: false });
    this.name = `phone ${device.id}`;
  }

  async diagnose(): Promise<Diagnosis> {
    const packages = this.#device.targets.flatMap((t) => packagesOfTarget(t.app));
    const { record, firmware } = await this.#gate.check(this.#device, packages);
    if (!record.healthy) return { ok: false, message: describeProblems(record.problems) };
    const build = firmware?.changed
      ? `runs ${firmware.firmwareKey}, not its profile's ${firmware.profileKey}: its results are filed under the one it runs`
      : `runs ${firmware?.firmwareKey ?? 'its profile firmware'}`;
    return {
      ok: true,
      message: `${record.serial}: battery ${record.facts?.battery?.level ?? '?'} %, ${build}`,
    };
  }

  fixHint(): string {
    return `see README "Connect your phones"; \`censorwatch devices\` shows what adb reads of ${this.#device.id}`;
  }
}
