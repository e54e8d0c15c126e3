// Which adapter serves which app: a table, so adding an app is adding a row.
import type { DeviceTarget } from '../devices/device-profile.ts';
import { InputError } from '../errors.ts';
import { AndroidBrowserTarget } from './android-browser.ts';
import { LabBrowserTarget } from './lab-browser.ts';
import type { Target } from './target.ts';

type TargetFactory = (browser: WebdriverIO.Browser, target: DeviceTarget) => Target;

const androidBrowser =
  (app: string): TargetFactory =>
  (browser, target) =>
    new AndroidBrowserTarget(browser, {
      app,
      ...(target.appVersion ? { appVersion: target.appVersion } : {}),
      ...(target.openTimeoutMs ? { openDeadlineMs: target.openTimeoutMs } : {}),
    });

const TARGET_TABLE: Record<string, TargetFactory> = {
  'lab-browser': (browser, target) =>
    new LabBrowserTarget(browser, undefined, {
      ...(target.openTimeoutMs ? { openDeadlineMs: target.openTimeoutMs } : {}),
    }),
  'android-chrome': androidBrowser('android-chrome'),
  'mi-browser': androidBrowser('mi-browser'),
};

export function createTarget(browser: WebdriverIO.Browser, target: DeviceTarget): Target {
  const factory = TARGET_TABLE[target.app];
  if (!factory) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `target app "${target.app}" has no adapter; known: ${Object.keys(TARGET_TABLE).join(', ')}`,
      { field: 'targets[].app' },
    );
  }
  return factory(browser, target);
}

export function knownTargetApps(): string[] {
  return Object.keys(TARGET_TABLE);
}
