// `censorwatch bootstrap` and `censorwatch doctor`: preflight checks, with and without fixing.
import { loadConfig } from '../../config/load-config.ts';
import { settings } from '../../config/settings.ts';
import { AdbPhones } from '../../devices/adb-phones.ts';
import { adbSerialOf } from '../../devices/device-profile.ts';
import { PhoneHealthCheck } from '../../doctor/checks/phone-health-check.ts';
import { devChecks, farmChecks, labChecks } from '../../doctor/lab-checks.ts';
import type { PreflightCheck } from '../../doctor/preflight-check.ts';
import { runChecks } from '../../doctor/run-checks.ts';
import { loadServedProfiles } from '../../targets/served-profiles.ts';

export interface DoctorOptions {
  /** A farm host with phones: also Appium's UiAutomator2 driver, and (doctor) each phone's health. */
  farm?: boolean;
  /** A machine that runs the test suite: also its tools (Debian's docker-compose). */
  dev?: boolean;
  /** Config with the health policy. @defaultValue `censorwatch.yaml` */
  config?: string;
  /** Device profiles folder. @defaultValue settings' devicesDir */
  devices?: string;
}

/** Installs what is missing (Debian packages only as root), or throws naming what to install. */
export async function runBootstrap(
  options: Pick<DoctorOptions, 'farm' | 'dev'> = {},
): Promise<void> {
  const checks = [
    ...(options.farm ? farmChecks() : labChecks()),
    ...(options.dev ? devChecks() : []),
  ];
  await runChecks(checks, { fix: true, log: (line) => process.stderr.write(`${line}\n`) });
}

export async function bootstrapCommand(options: DoctorOptions = {}): Promise<void> {
  await runBootstrap(options);
  process.stdout.write(
    `bootstrap: everything ${options.farm ? 'a farm host' : 'the lab'} needs is in place\n`,
  );
}

export async function doctorCommand(options: DoctorOptions = {}): Promise<void> {
  const checks: PreflightCheck[] = options.farm ? farmChecks() : labChecks();
  if (options.farm) {
    const { health } = loadConfig(options.config ?? 'censorwatch.yaml');
    const phones = new AdbPhones(settings().adbServer);
    for (const device of loadServedProfiles(options.devices ?? settings().devicesDir)) {
      if (adbSerialOf(device) !== null) checks.push(new PhoneHealthCheck(device, phones, health));
    }
  }
  await runChecks(checks, { fix: false, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write('doctor: all checks passed\n');
}
