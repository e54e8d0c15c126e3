// Installed apps the lab phones share: the probed targets (browsers, Telegram) and the system apps around them.
import type { InstalledPackage } from '../adb-phone-profile.ts';

interface AppOptions {
  system?: boolean;
  codePath?: string;
  targetSdk?: number;
  minSdk?: number;
  /** Epoch milliseconds. @defaultValue 2024-01-08T09:12:40Z */
  lastUpdateTime?: number;
}

const DEFAULT_UPDATE_TIME_MS = Date.UTC(2024, 0, 8, 9, 12, 40);

/** One installed app; a user app lives under `/data/app`, a system one under `/system/app`. */
export function app(
  name: string,
  versionName: string,
  versionCode: number,
  options: AppOptions = {},
): InstalledPackage {
  const system = options.system ?? false;
  return {
    name,
    versionName,
    versionCode,
    system,
    codePath:
      options.codePath ??
      (system
        ? `/system/app/${name.split('.').at(-1)}`
        : `/data/app/~~cw${versionCode}==/${name}-1`),
    targetSdk: options.targetSdk ?? 33,
    minSdk: options.minSdk ?? 24,
    lastUpdateTime: options.lastUpdateTime ?? DEFAULT_UPDATE_TIME_MS,
  };
}

/** Chrome 120 as an update over the firmware's copy. */
export function chrome(
  codePath = '/data/app/~~Qw3rTy8Uio2pAs4dF6gH==/com.android.chrome-1',
): InstalledPackage {
  return app('com.android.chrome', '120.0.6099.144', 609914433, {
    system: true,
    codePath,
    targetSdk: 34,
    minSdk: 29,
  });
}

export function telegram(): InstalledPackage {
  return app('org.telegram.messenger', '10.5.0', 41400, { targetSdk: 33, minSdk: 19 });
}

/** Google Play services and the Play Store, on phones that ship Google apps. */
export function googleServices(gmsVersionName: string, gmsVersionCode: number): InstalledPackage[] {
  return [
    app('com.google.android.gms', gmsVersionName, gmsVersionCode, {
      system: true,
      codePath: '/system/priv-app/GmsCore',
      targetSdk: 34,
      minSdk: 21,
    }),
    app('com.android.vending', '39.1.19-31 [0] [PR] 591636293', 83911930, {
      system: true,
      codePath: '/system/priv-app/Phonesky',
      targetSdk: 33,
      minSdk: 21,
    }),
    app('com.google.android.inputmethod.latin', '13.6.08.586578491-release-arm64-v8a', 138656650, {
      system: true,
      codePath: '/product/app/LatinIMEGooglePrebuilt',
    }),
  ];
}

/** The apps of every firmware: the framework, settings and the system UI. */
export function androidCore(release: string, sdk: number): InstalledPackage[] {
  return [
    app('android', release, sdk, {
      system: true,
      codePath: '/system/framework/framework-res.apk',
      targetSdk: sdk,
      minSdk: sdk,
    }),
    app('com.android.settings', release, sdk, {
      system: true,
      codePath: '/system_ext/priv-app/Settings',
      targetSdk: sdk,
      minSdk: sdk,
    }),
    app('com.android.systemui', release, sdk, {
      system: true,
      codePath: '/system_ext/priv-app/SystemUI',
      targetSdk: sdk,
      minSdk: sdk,
    }),
    app('com.android.shell', release, sdk, {
      system: true,
      codePath: '/system/priv-app/Shell',
      targetSdk: sdk,
      minSdk: sdk,
    }),
  ];
}
