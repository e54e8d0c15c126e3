// `dumpsys battery|power|window|package` as Android 10–14 print them, reduced to the lines tools read, from the phone's state.
import type { InstalledPackage } from './adb-phone-profile.ts';
import type { PhoneState } from './phone-state.ts';

/** A full battery in µAh, for the charge counter. */
const BATTERY_CAPACITY_UAH = 4_500_000;
/** BatteryManager constants. */
const BATTERY_STATUS = { CHARGING: 2, DISCHARGING: 3, FULL: 5 } as const;
const BATTERY_HEALTH_GOOD = 2;
const BATTERY_PLUGGED_USB = 2;

function lines(...rows: string[]): string {
  return rows.map((row) => `${row}\n`).join('');
}

export function dumpsysBattery({ battery, profile }: PhoneState): string {
  const sdk = Number(profile.props['ro.build.version.sdk'] ?? 0);
  const status = !battery.charging
    ? BATTERY_STATUS.DISCHARGING
    : battery.level === 100
      ? BATTERY_STATUS.FULL
      : BATTERY_STATUS.CHARGING;
  return lines(
    'Current Battery Service state:',
    '  AC powered: false',
    `  USB powered: ${battery.charging}`,
    '  Wireless powered: false',
    ...(sdk >= 34 ? ['  Dock powered: false'] : []),
    `  Max charging current: ${battery.charging ? 500000 : 0}`,
    `  Max charging voltage: ${battery.charging ? 5000000 : 0}`,
    `  Charge counter: ${Math.round((BATTERY_CAPACITY_UAH * battery.level) / 100)}`,
    `  status: ${status}`,
    `  health: ${BATTERY_HEALTH_GOOD}`,
    '  present: true',
    `  level: ${battery.level}`,
    '  scale: 100',
    `  voltage: ${3500 + battery.level * 7}`,
    '  temperature: 284',
    '  technology: Li-ion',
  );
}

/** `mWakefulness` and the display state for a screen; an always-on display dozes instead of sleeping. */
function power(state: PhoneState): { wakefulness: string; display: string; awake: boolean } {
  if (state.screen !== 'off') return { wakefulness: 'Awake', display: 'ON', awake: true };
  return state.profile.alwaysOnDisplay
    ? { wakefulness: 'Dozing', display: 'DOZE_SUSPEND', awake: false }
    : { wakefulness: 'Asleep', display: 'OFF', awake: false };
}

export function dumpsysPower(state: PhoneState): string {
  const { battery } = state;
  const { wakefulness, display, awake } = power(state);
  return lines(
    'POWER MANAGER (dumpsys power)',
    '',
    'Power Manager State:',
    '  Settings power_manager_constants:',
    '    no_cached_wake_locks=true',
    '  mDirty=0x0',
    `  mWakefulness=${wakefulness}`,
    '  mWakefulnessChanging=false',
    `  mIsPowered=${battery.charging}`,
    `  mPlugType=${battery.charging ? BATTERY_PLUGGED_USB : 0}`,
    `  mBatteryLevel=${battery.level}`,
    '  mBatteryLevelWhenDreamStarted=0',
    '  mDockState=0',
    '  mStayOn=false',
    '  mProximityPositive=false',
    '  mBootCompleted=true',
    '  mSystemReady=true',
    `  mHalAutoSuspendModeEnabled=${!awake}`,
    `  mHalInteractiveModeEnabled=${awake}`,
    `  mWakeLockSummary=0x${awake ? '1' : '0'}`,
    `  mUserActivitySummary=0x${awake ? '1' : '0'}`,
    '  mRequestWaitForNegativeProximity=false',
    '  mSandmanScheduled=false',
    '  mBatterySaverEnabled=false',
    '  mIsVrModeEnabled=false',
    `  mDisplayReady=true`,
    '  mHoldingWakeLockSuspendBlocker=false',
    `  mHoldingDisplaySuspendBlocker=${awake}`,
    '',
    'Settings and Configuration:',
    '  mDecoupleHalAutoSuspendModeFromDisplayConfig=false',
    '  mDreamsSupportedConfig=true',
    '  mDreamsEnabledByDefaultConfig=true',
    `  mDozeAfterScreenOff=${state.profile.alwaysOnDisplay}`,
    '  mScreenOffTimeoutSetting=30000',
    '  mStayOnWhilePluggedInSetting=0',
    '',
    'Suspend Blockers: size=4',
    '  PowerManagerService.WakeLocks: ref count=0',
    `  PowerManagerService.Display: ref count=${awake ? 1 : 0}`,
    '  PowerManagerService.Broadcasts: ref count=0',
    '  PowerManagerService.WirelessChargerDetector: ref count=0',
    '',
    `Display Power: state=${display}`,
  );
}

/** `Window{…}` as window manager names the focused window. */
function focusedWindow(state: PhoneState): string {
  if (state.screen === 'unlocked') return `Window{4c2a9e1 u0 ${state.profile.launcher}}`;
  // Android 11 moved the keyguard from the StatusBar window into NotificationShade
  const sdk = Number(state.profile.props['ro.build.version.sdk'] ?? 0);
  return `Window{7d3b1a2 u0 ${sdk >= 30 ? 'NotificationShade' : 'StatusBar'}}`;
}

/** `package/.Class` for a class inside its package, as ActivityRecord prints it. */
function shortComponent(component: string): string {
  const [pkg = '', cls = ''] = component.split('/');
  return cls.startsWith(`${pkg}.`) ? `${pkg}/${cls.slice(pkg.length)}` : component;
}

export function dumpsysWindow(state: PhoneState): string {
  const { profile, screen } = state;
  const { width, height, density } = profile.display;
  const awake = screen !== 'off';
  const keyguard = screen !== 'unlocked';
  const focus = focusedWindow(state);
  const focusedApp = `ActivityRecord{9f1e2d3 u0 ${shortComponent(profile.launcher)} t2}`;
  return lines(
    'WINDOW MANAGER LAST ANR (dumpsys window lastanr)',
    '  <no ANR has occurred since boot>',
    '',
    'WINDOW MANAGER POLICY STATE (dumpsys window policy)',
    '    mSafeMode=false mSystemReady=true mSystemBooted=true',
    '    mLidState=LID_ABSENT mLidOpenRotation=-1',
    '    mCameraLensCoverState=LENS_COVER_ABSENT',
    '    mHdmiPlugged=false',
    '    mShortPressOnPowerBehavior=1 mLongPressOnPowerBehavior=1',
    '    mHasSoftInput=true mHaveBuiltInKeyboard=false',
    '    mLockScreenTimeout=60000 mLockScreenTimerActive=false',
    `    mScreenOnEarly=${awake} mScreenOnFully=${awake}`,
    '    mKeyguardDrawComplete=true mWindowManagerDrawComplete=true',
    `    mShowingLockscreen=${keyguard} mShowingDream=false mDreamingLockscreen=${keyguard}`,
    `    mTopIsFullscreen=${!keyguard} isStatusBarKeyguard=${keyguard}`,
    '    KeyguardServiceDelegate',
    `      showing=${keyguard}`,
    `      showingAndNotOccluded=${keyguard}`,
    `      inputRestricted=${keyguard}`,
    '      occluded=false',
    '      secure=false',
    '      dreaming=false',
    '      systemIsReady=true',
    '      deviceHasKeyguard=true',
    '      enabled=true',
    '      offReason=OFF_BECAUSE_OF_USER',
    '      currentUser=0',
    '      bootCompleted=true',
    `      screenState=${awake ? 'SCREEN_STATE_ON' : 'SCREEN_STATE_OFF'}`,
    `      interactiveState=${awake ? 'INTERACTIVE_STATE_AWAKE' : 'INTERACTIVE_STATE_SLEEP'}`,
    '      KeyguardStateMonitor',
    `        mIsShowing=${keyguard}`,
    '        mSimSecure=false',
    `        mInputRestricted=${keyguard}`,
    '        mTrusted=false',
    '        mCurrentUserId=0',
    '',
    'WINDOW MANAGER DISPLAY CONTENTS (dumpsys window displays)',
    '  Display: mDisplayId=0',
    `    init=${width}x${height} ${density}dpi cur=${width}x${height} app=${width}x${height - 104}`,
    `    deferred=false mLayoutNeeded=false mTouchExcludeRegion=SkRegion((0,0,${width},${height}))`,
    '',
    `  mCurrentFocus=${focus}`,
    `  mFocusedApp=${focusedApp}`,
    '',
    'WINDOW MANAGER WINDOWS (dumpsys window windows)',
    `  mCurrentFocus=${focus}`,
    `  mFocusedApp=${focusedApp}`,
  );
}

/** `YYYY-MM-DD HH:MM:SS` as PackageManager prints times (in UTC here). */
function packageTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** Android's app uid: system apps of the framework share 1000, the others count from 10100. */
function appUid(pkg: InstalledPackage, index: number): number {
  return pkg.name === 'android' ? 1000 : 10100 + index;
}

export function dumpsysPackage(state: PhoneState, name: string | undefined): string {
  const { packages } = state.profile;
  const index = packages.findIndex((candidate) => candidate.name === name);
  const pkg = packages[index];
  if (!pkg) return lines(`Unable to find package: ${name ?? ''}`);
  const time = packageTime(pkg.lastUpdateTime);
  // a system app updated from the store runs from /data/app, installed by the store
  const updated = pkg.system && pkg.codePath.startsWith('/data/');
  const flags = [
    ...(pkg.system ? ['SYSTEM'] : []),
    'HAS_CODE',
    'ALLOW_CLEAR_USER_DATA',
    ...(updated ? ['UPDATED_SYSTEM_APP'] : []),
    ...(pkg.system ? [] : ['ALLOW_BACKUP']),
  ];
  return lines(
    'Key Set Manager:',
    `  [${pkg.name}]`,
    '      Signing KeySets: 61',
    '',
    'Packages:',
    `  Package [${pkg.name}] (b1c2d3e):`,
    `    userId=${appUid(pkg, index)}`,
    `    pkg=Package{f4e5d6c ${pkg.name}}`,
    `    codePath=${pkg.codePath}`,
    `    resourcePath=${pkg.codePath}`,
    `    legacyNativeLibraryDir=${pkg.codePath}/lib`,
    '    primaryCpuAbi=arm64-v8a',
    '    secondaryCpuAbi=null',
    `    versionCode=${pkg.versionCode} minSdk=${pkg.minSdk} targetSdk=${pkg.targetSdk}`,
    `    versionName=${pkg.versionName}`,
    '    splits=[base]',
    '    apkSigningVersion=3',
    `    applicationInfo=ApplicationInfo{a9b8c7d ${pkg.name}}`,
    `    flags=[ ${flags.join(' ')} ]`,
    `    timeStamp=${time}`,
    `    lastUpdateTime=${time}`,
    `    installerPackageName=${pkg.system && !updated ? 'null' : 'com.android.vending'}`,
    `    dataDir=/data/user/0/${pkg.name}`,
    '    User 0: ceDataInode=0 installed=true hidden=false suspended=false stopped=false notLaunched=false enabled=0 instant=false virtual=false',
    '',
    'Dexopt state:',
    `  [${pkg.name}]`,
    `    path: ${pkg.codePath}/base.apk`,
    '      arm64: [status=speed-profile] [reason=bg-dexopt]',
  );
}
