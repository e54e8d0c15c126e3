// Google Pixel 5 (redfin) on stock Android 14: the clean reference with no vendor UI.
import type { AdbPhoneProfile } from '../adb-phone-profile.ts';
import { aospProps } from './aosp-props.ts';
import { androidCore, app, chrome, googleServices, telegram } from './installed-apps.ts';

export const PIXEL5_ANDROID14: AdbPhoneProfile = {
  id: 'pixel5-android14',
  description: 'Google Pixel 5 (redfin) on stock Android 14, November 2023 build',
  props: {
    ...aospProps({
      brand: 'google',
      manufacturer: 'Google',
      model: 'Pixel 5',
      product: 'redfin',
      device: 'redfin',
      release: '14',
      sdk: 34,
      firstApiLevel: 30,
      buildId: 'UP1A.231105.001',
      incremental: '10817346',
      securityPatch: '2023-11-05',
      buildDateUtc: 1697152414,
      buildHost: 'abfarm-release-rbe-64-00043',
      buildUser: 'android-build',
      serial: '0A151FDD4003MT',
      locale: 'en-GB',
      timezone: 'Europe/London',
      hardware: 'redfin',
      platform: 'lito',
      density: 440,
      baseband: 'g7250-00288-230920-B-10869035',
      operator: { alpha: 'EE', numeric: '23430', iso: 'gb' },
      gmsVersion: '14_202310',
      clientIdBase: 'android-google',
    }),
    'ro.boot.hardware.revision': 'MP1.0',
    'ro.build.version.release_or_preview_display': '14',
    'ro.hardware.egl': 'adreno',
    'ro.vendor.build.security_patch': '2023-11-05',
  },
  packages: [
    ...androidCore('14', 34),
    ...googleServices('23.45.23 (190400-584345042)', 234523044),
    chrome(),
    telegram(),
    app('com.google.android.apps.nexuslauncher', '14', 34, {
      system: true,
      codePath: '/system_ext/priv-app/NexusLauncherRelease',
      targetSdk: 34,
      minSdk: 34,
    }),
  ],
  display: { width: 1080, height: 2340, density: 440 },
  launcher:
    'com.google.android.apps.nexuslauncher/com.google.android.apps.nexuslauncher.NexusLauncherActivity',
  alwaysOnDisplay: false,
};
