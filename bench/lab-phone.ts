// A lab phone for the benchmarks: one Chromium session with the lab firmware, its canary and its vendor list server, kept open across batches.
import { join, resolve } from 'node:path';
import { CanaryServer } from '../src/canary/canary-server.ts';
import { settings } from '../src/config/settings.ts';
import { withTargetsOf } from '../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../src/devices/load-device-profiles.ts';
import { prepareFirmwareExtension } from '../src/lab/firmware-extension.ts';
import type { VendorRule } from '../src/lab/vendor-list.ts';
import { VendorConfigServer } from '../src/lab/vendor-server.ts';
import type { ProbeDriver } from '../src/probe/probe-driver.ts';
import { LabBrowserTarget } from '../src/targets/lab-browser.ts';
import { labBrowserDriver } from '../test/support/lab-browser-driver.ts';
import { startLabChromium } from '../test/support/lab-chromium.ts';

/** The lab phone whose firmware the benchmarks switch on: the Mi 10T on V12.5.4. */
const BENCH_DEVICE = 'lab-mi10t-eu-v12-5-4';

export interface LabPhone {
  browser: WebdriverIO.Browser;
  canaryUrl: string;
  /** The probe engine's driver, with the vendor list switched on and holding `rules`. */
  driver(rules: VendorRule[]): ProbeDriver;
  stop(): Promise<void>;
}

/** Starts the lab phone's Chromium, canary and vendor server; `work` holds its firmware and profile. */
export async function startLabPhone(work: string): Promise<LabPhone> {
  const device = withTargetsOf(
    loadDeviceProfiles(settings().devicesDir).find((d) => d.id === BENCH_DEVICE)!,
    'browser',
  );
  const canary = new CanaryServer();
  const vendor = new VendorConfigServer(resolve('devices/lab/vendor'));
  const [canaryUrl, vendorUrl] = await Promise.all([canary.start(), vendor.start()]);
  const firmwareDir = join(work, 'firmware');
  await prepareFirmwareExtension({
    extensionDir: resolve('src/lab/firmware/extension'),
    outDir: firmwareDir,
    settings: {
      vendorUrl,
      list: 'Bench',
      firmware: device.firmware.version,
      region: device.region,
    },
  });
  const browser = await startLabChromium({
    extensionDir: firmwareDir,
    profileDir: join(work, 'profile'),
  });
  const phone = new LabBrowserTarget(browser);
  return {
    browser,
    canaryUrl,
    driver(rules) {
      vendor.setList({ name: 'Bench', switch: { [device.firmware.version]: true }, rules });
      return labBrowserDriver(phone, canaryUrl, 'key-events');
    },
    async stop() {
      await browser.deleteSession().catch(() => undefined);
      await Promise.allSettled([canary.stop(), vendor.stop()]);
    },
  };
}
