// WebDriver capabilities of a lab phone: Chromium through Appium's Chromium driver, in mobile emulation.
import type { DeviceProfile } from '../devices/device-profile.ts';

/** Flags every lab Chromium gets: headless, and no traffic beyond loopback. */
export const LAB_CHROMIUM_FLAGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export const CHROMIUM_BINARY = '/usr/bin/chromium';
export const CHROMEDRIVER_BINARY = '/usr/bin/chromedriver';

export interface LabSessionOptions {
  /** Prepared copy of the firmware extension; null for a phone without lab firmware. */
  extensionDir: string | null;
  /** Port of this session's own chromedriver (parallel lab phones must not share 9515). */
  chromedriverPort: number;
  /** Marker flag so a test (or an operator) can find this phone's Chromium processes. */
  sessionMarker: string;
  /** Where Chromium writes its log (it says there why it refused an extension); none when absent. */
  logFile?: string;
}

export function labCapabilities(
  device: DeviceProfile,
  options: LabSessionOptions,
): Record<string, unknown> {
  if (!device.lab) throw new Error(`${device.file}: not a lab phone (no \`lab\` section)`);
  const { viewport, userAgent, chromiumFlags } = device.lab;
  const args = [
    ...LAB_CHROMIUM_FLAGS,
    `--lang=${device.locale}`,
    `--censorwatch-session=${options.sessionMarker}`,
    ...(options.extensionDir ? [`--load-extension=${options.extensionDir}`] : []),
    ...(options.logFile ? ['--enable-logging', `--log-file=${options.logFile}`] : []),
    ...chromiumFlags,
  ];
  return {
    platformName: 'linux',
    browserName: 'chrome',
    'appium:automationName': 'Chromium',
    'appium:executable': CHROMEDRIVER_BINARY,
    'appium:chromedriverPort': options.chromedriverPort,
    'appium:newCommandTimeout': 120,
    'goog:chromeOptions': {
      binary: CHROMIUM_BINARY,
      args,
      mobileEmulation: {
        deviceMetrics: {
          width: viewport.width,
          height: viewport.height,
          pixelRatio: viewport.deviceScaleFactor,
          touch: true,
        },
        userAgent,
      },
      prefs: { 'intl.accept_languages': device.locale },
    },
    ...device.appium.capabilities,
  };
}
