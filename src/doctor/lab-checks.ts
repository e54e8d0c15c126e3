// The preflight checks the lab needs: Debian packages, Java, and Appium's chromium driver.
import { AppiumDriverCheck } from './checks/appium-driver-check.ts';
import { DebianPackagesCheck, type DebianPackage } from './checks/debian-packages-check.ts';
import { JavaCheck } from './checks/java-check.ts';
import type { PreflightCheck } from './preflight-check.ts';

/** Debian packages of the lab; a probe accepts a working binary that came another way. */
export const LAB_PACKAGES: readonly DebianPackage[] = [
  { name: 'chromium', probe: ['/usr/bin/chromium', '--version'] },
  { name: 'chromium-driver', probe: ['/usr/bin/chromedriver', '--version'] },
  { name: 'redis-server', probe: ['redis-server', '--version'] },
  { name: 'default-jre-headless', probe: ['java', '-version'] },
  { name: 'fonts-noto-cjk' },
  // the lab messenger server (XMPP)
  { name: 'prosody', probe: ['prosodyctl', 'about'] },
  // Android's adb client and server, spoken to by the lab adb phones and real phones alike
  { name: 'adb', probe: ['adb', 'version'] },
];

/** Checks in the order they are reported; the driver check comes last as it needs node_modules. */
export function labChecks(): PreflightCheck[] {
  return [
    new DebianPackagesCheck({ packages: LAB_PACKAGES }),
    new JavaCheck(),
    new AppiumDriverCheck({ driver: 'chromium' }),
  ];
}

/** What the test suite needs beyond the lab: Debian's docker-compose parses docker/compose.yaml without an engine. */
export const DEV_PACKAGES: readonly DebianPackage[] = [
  { name: 'docker-compose', probe: ['docker-compose', 'version'] },
];

/** A developer's or CI's machine: the test suite's own tools. */
export function devChecks(): PreflightCheck[] {
  return [new DebianPackagesCheck({ packages: DEV_PACKAGES })];
}

/** A farm host with phones: the lab's checks and Appium's UiAutomator2 driver (adb is a lab package). */
export function farmChecks(): PreflightCheck[] {
  return [...labChecks(), new AppiumDriverCheck({ driver: 'uiautomator2' })];
}
