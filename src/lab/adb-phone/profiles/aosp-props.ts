// The system properties every Android phone of the lab has, built from the few facts that tell one phone from another.
import { buildDateText } from '../firmware-update.ts';

/** What a phone's AOSP properties are made of. */
export interface AospBuild {
  brand: string;
  manufacturer: string;
  model: string;
  /** `ro.product.name`, e.g. `apollo_eea`. */
  product: string;
  /** `ro.product.device`, e.g. `apollo`. */
  device: string;
  release: string;
  sdk: number;
  /** `ro.product.first_api_level`: the SDK the phone shipped with. */
  firstApiLevel: number;
  buildId: string;
  incremental: string;
  securityPatch: string;
  /** Epoch seconds. */
  buildDateUtc: number;
  buildHost: string;
  buildUser: string;
  /** `ro.build.display.id`. @defaultValue the build id */
  displayId?: string;
  serial: string;
  /** BCP 47, e.g. `en-GB`. */
  locale: string;
  timezone: string;
  /** `ro.hardware` / `ro.boot.hardware`, e.g. `qcom`. */
  hardware: string;
  /** `ro.board.platform`, e.g. `kona`. */
  platform: string;
  density: number;
  baseband: string;
  operator: { alpha: string; numeric: string; iso: string };
  /** `ro.com.google.gmsversion`; phones without Google services have none. */
  gmsVersion?: string;
  /** `ro.com.google.clientidbase`. */
  clientIdBase?: string;
  /** The 32-bit ABIs; an empty list for a 64-bit-only phone. @defaultValue armeabi-v7a, armeabi */
  abi32?: readonly string[];
  /** `ro.vndk.version`. @defaultValue the SDK */
  vndk?: string;
}

/** The partitions whose build and product properties Android 10 and later expose separately. */
const PARTITIONS = ['bootimage', 'odm', 'product', 'system', 'system_ext', 'vendor'] as const;

export function buildFingerprint(build: AospBuild): string {
  return `${build.brand}/${build.product}/${build.device}:${build.release}/${build.buildId}/${build.incremental}:user/release-keys`;
}

export function aospProps(build: AospBuild): Record<string, string> {
  const fingerprint = buildFingerprint(build);
  const abi32 = build.abi32 ?? ['armeabi-v7a', 'armeabi'];
  const abilist = ['arm64-v8a', ...abi32];
  const date = buildDateText(build.buildDateUtc);
  const props: Record<string, string> = {
    'dalvik.vm.appimageformat': 'lz4',
    'dalvik.vm.dex2oat-Xms': '64m',
    'dalvik.vm.dex2oat-Xmx': '512m',
    'dalvik.vm.heapgrowthlimit': '256m',
    'dalvik.vm.heapmaxfree': '8m',
    'dalvik.vm.heapminfree': '512k',
    'dalvik.vm.heapsize': '512m',
    'dalvik.vm.heapstartsize': '8m',
    'dalvik.vm.heaptargetutilization': '0.75',
    'dalvik.vm.isa.arm.variant': 'cortex-a76',
    'dalvik.vm.isa.arm64.variant': 'cortex-a76',
    'dalvik.vm.usejit': 'true',
    'debug.sf.hw': '1',
    'dev.bootcomplete': '1',
    'gsm.current.phone-type': '1',
    'gsm.network.type': 'LTE',
    'gsm.operator.alpha': build.operator.alpha,
    'gsm.operator.iso-country': build.operator.iso,
    'gsm.operator.isroaming': 'false',
    'gsm.operator.numeric': build.operator.numeric,
    'gsm.sim.operator.alpha': build.operator.alpha,
    'gsm.sim.operator.iso-country': build.operator.iso,
    'gsm.sim.operator.numeric': build.operator.numeric,
    'gsm.sim.state': 'LOADED',
    'gsm.version.baseband': build.baseband,
    'gsm.version.ril-impl': 'Qualcomm RIL 1.0',
    'init.svc.adbd': 'running',
    'init.svc.audioserver': 'running',
    'init.svc.bootanim': 'stopped',
    'init.svc.cameraserver': 'running',
    'init.svc.netd': 'running',
    'init.svc.servicemanager': 'running',
    'init.svc.surfaceflinger': 'running',
    'init.svc.zygote': 'running',
    'init.svc.zygote_secondary': 'running',
    'net.bt.name': 'Android',
    'persist.sys.dalvik.vm.lib.2': 'libart.so',
    'persist.sys.locale': build.locale,
    'persist.sys.timezone': build.timezone,
    'persist.sys.usb.config': 'mtp,adb',
    'ro.adb.secure': '1',
    'ro.allow.mock.location': '0',
    'ro.baseband': 'msm',
    'ro.board.platform': build.platform,
    'ro.boot.flash.locked': '1',
    'ro.boot.hardware': build.hardware,
    'ro.boot.serialno': build.serial,
    'ro.boot.vbmeta.device_state': 'locked',
    'ro.boot.verifiedbootstate': 'green',
    'ro.boot.veritymode': 'enforcing',
    'ro.bootloader': 'unknown',
    'ro.bootmode': 'unknown',
    'ro.build.characteristics': 'nosdcard',
    'ro.build.date': date,
    'ro.build.date.utc': String(build.buildDateUtc),
    'ro.build.description': `${build.product}-user ${build.release} ${build.buildId} ${build.incremental} release-keys`,
    'ro.build.display.id': build.displayId ?? build.buildId,
    'ro.build.fingerprint': fingerprint,
    'ro.build.flavor': `${build.product}-user`,
    'ro.build.host': build.buildHost,
    'ro.build.id': build.buildId,
    'ro.build.product': build.device,
    'ro.build.tags': 'release-keys',
    'ro.build.type': 'user',
    'ro.build.user': build.buildUser,
    'ro.build.version.all_codenames': 'REL',
    'ro.build.version.base_os': '',
    'ro.build.version.codename': 'REL',
    'ro.build.version.incremental': build.incremental,
    'ro.build.version.min_supported_target_sdk': build.sdk >= 34 ? '23' : '17',
    'ro.build.version.preview_sdk': '0',
    'ro.build.version.release': build.release,
    'ro.build.version.sdk': String(build.sdk),
    'ro.build.version.security_patch': build.securityPatch,
    'ro.carrier': 'unknown',
    'ro.config.alarm_alert': 'Alarm_Classic.ogg',
    'ro.config.notification_sound': 'pixiedust.ogg',
    'ro.config.ringtone': 'Ring_Synth_04.ogg',
    'ro.crypto.state': 'encrypted',
    'ro.crypto.type': 'file',
    'ro.dalvik.vm.native.bridge': '0',
    'ro.debuggable': '0',
    'ro.hardware': build.hardware,
    'ro.logd.size.stats': '64K',
    'ro.opengles.version': '196610',
    'ro.product.board': build.platform,
    'ro.product.brand': build.brand,
    'ro.product.cpu.abi': 'arm64-v8a',
    'ro.product.cpu.abilist': abilist.join(','),
    'ro.product.cpu.abilist32': abi32.join(','),
    'ro.product.cpu.abilist64': 'arm64-v8a',
    'ro.product.device': build.device,
    'ro.product.first_api_level': String(build.firstApiLevel),
    'ro.product.locale': build.locale,
    'ro.product.manufacturer': build.manufacturer,
    'ro.product.model': build.model,
    'ro.product.name': build.product,
    'ro.revision': '0',
    'ro.secure': '1',
    'ro.serialno': build.serial,
    'ro.sf.lcd_density': String(build.density),
    'ro.treble.enabled': 'true',
    'ro.vendor.build.security_patch': build.securityPatch,
    'ro.vndk.version': build.vndk ?? String(build.sdk),
    'ro.wifi.channels': '',
    'ro.zygote': abi32.length > 0 ? 'zygote64_32' : 'zygote64',
    'security.perf_harden': '1',
    'service.bootanim.exit': '1',
    'sys.boot_completed': '1',
    'sys.usb.config': 'mtp,adb',
    'sys.usb.state': 'mtp,adb',
    'wifi.interface': 'wlan0',
  };
  if (build.sdk >= 30) props['ro.build.version.release_or_codename'] = build.release;
  for (const partition of PARTITIONS) {
    props[`ro.${partition}.build.date`] = date;
    props[`ro.${partition}.build.date.utc`] = String(build.buildDateUtc);
    props[`ro.${partition}.build.fingerprint`] = fingerprint;
    props[`ro.${partition}.build.id`] = build.buildId;
    props[`ro.${partition}.build.tags`] = 'release-keys';
    props[`ro.${partition}.build.type`] = 'user';
    props[`ro.${partition}.build.version.incremental`] = build.incremental;
    props[`ro.${partition}.build.version.release`] = build.release;
    props[`ro.${partition}.build.version.sdk`] = String(build.sdk);
    if (partition === 'bootimage') continue;
    props[`ro.product.${partition}.brand`] = build.brand;
    props[`ro.product.${partition}.device`] = build.device;
    props[`ro.product.${partition}.manufacturer`] = build.manufacturer;
    props[`ro.product.${partition}.model`] = build.model;
    props[`ro.product.${partition}.name`] = build.product;
  }
  if (build.gmsVersion !== undefined) props['ro.com.google.gmsversion'] = build.gmsVersion;
  if (build.clientIdBase !== undefined) props['ro.com.google.clientidbase'] = build.clientIdBase;
  return props;
}
