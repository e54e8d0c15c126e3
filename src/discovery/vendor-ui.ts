// Which vendor UI a phone runs (MIUI, HyperOS, One UI, ...) and its version, from its system properties.
import { propValue } from './parse-getprop.ts';
import { readOk, unread, type Reading } from './reading.ts';

export const VENDOR_UI_NAMES = [
  'HyperOS',
  'MIUI',
  'realme UI',
  'OxygenOS',
  'ColorOS',
  'OriginOS',
  'Funtouch OS',
  'MagicOS',
  'MagicUI',
  'HarmonyOS',
  'EMUI',
  'One UI',
] as const;
export type VendorUiName = (typeof VENDOR_UI_NAMES)[number];

export interface VendorUi {
  name: VendorUiName;
  /** The UI's version as the vendor numbers it, e.g. `12.5` (MIUI), `6.1.1` (One UI). */
  version: string;
}

type Props = ReadonlyMap<string, string>;

interface VendorUiRule {
  name: VendorUiName;
  /** The property that marks this UI: the rule decides when it is set (and `when` holds). */
  prop: string;
  when?: (value: string, props: Props) => boolean;
  /** The property the version is read from, when not `prop` itself. */
  versionProp?: string;
  /** The version from that property's value; undefined when the value is not in the known form. */
  version: (value: string) => string | undefined;
  /** Where the property and its form were learnt. */
  note: string;
}

const DOTTED = /^\d+(?:\.\d+)*$/;
const afterV = (value: string) => /^V(\d+(?:\.\d+)*)$/.exec(value)?.[1];
const dotted = (value: string) => (DOTTED.test(value) ? value : undefined);

/**
 * `V9` → 9, `V12` → 12, `V125` → 12.5, `V130` → 13: three digits (MIUI 12.5 to 14, the last
 * MIUI) are major and minor. HyperOS keeps a `V816` that is no MIUI version.
 */
function miuiVersion(value: string): string | undefined {
  const digits = /^V(\d+)$/.exec(value)?.[1];
  if (!digits) return undefined;
  if (digits.length <= 2) return String(Number(digits));
  const major = Number(digits.slice(0, 2));
  if (digits.length === 3 && major >= 12 && major <= 14) {
    return digits[2] === '0' ? digits.slice(0, 2) : `${digits.slice(0, 2)}.${digits[2]}`;
  }
  return undefined;
}

/** `40100` → 4.1, `50000` → 5.0, `60101` → 6.1.1: major × 10000 + minor × 100 + patch. */
function oneUiVersion(value: string): string | undefined {
  if (/^\d+(?:\.\d+)+$/.test(value)) return value;
  if (!/^\d{5,6}$/.test(value)) return undefined;
  const code = Number(value);
  const [major, minor, patch] = [
    Math.floor(code / 10000),
    Math.floor(code / 100) % 100,
    code % 100,
  ];
  return patch === 0 ? `${major}.${minor}` : `${major}.${minor}.${patch}`;
}

const isOxygenOnePlus = (_value: string, props: Props) =>
  propValue(props, 'ro.product.brand') === 'OnePlus' &&
  propValue(props, 'ro.vendor.oplus.regionmark') !== 'CN';

/**
 * The rules, first match decides. HyperOS before MIUI: HyperOS keeps a `ro.miui.ui.version.name`
 * (V816). realme UI before ColorOS, and OnePlus outside China before ColorOS: both run on the
 * ColorOS base and print its `ro.build.version.oplusrom`. EMUI before `ro.build.version.magic`:
 * Huawei's EMUI builds carry a MagicUI prop too, while Honor's MagicUI builds print `MagicUI_…`
 * in ro.build.version.emui rather than `EmotionUI_…`.
 */
const RULES: readonly VendorUiRule[] = [
  {
    name: 'HyperOS',
    prop: 'ro.mi.os.version.name',
    version: (value) => /^OS(\d+(?:\.\d+)*)$/.exec(value)?.[1],
    note: '`OS1.0`, `OS2.0`; beside ro.mi.os.version.incremental `OS1.0.3.0.TKXCNXM` (XXPermissions DeviceOs notes)',
  },
  {
    name: 'MIUI',
    prop: 'ro.miui.ui.version.name',
    version: miuiVersion,
    note: '`V9`, `V12`, `V125`, `V130` (public getprop excerpts; XXPermissions DeviceOs notes)',
  },
  {
    name: 'realme UI',
    prop: 'ro.build.version.realmeui',
    version: afterV,
    note: '`V5.0` (XXPermissions DeviceOs notes)',
  },
  {
    name: 'OxygenOS',
    prop: 'ro.oxygen.version',
    version: dotted,
    note: 'OxygenOS up to 9: `5.0.1` (getprop dumps in oxygen-updater/build-props)',
  },
  {
    name: 'OxygenOS',
    prop: 'ro.rom.version',
    when: (value) => value.startsWith('Oxygen'),
    version: (value) =>
      /^Oxygen ?OS (\d+(?:\.\d+)*?)(?:\.[A-Z]{2}\d{2}[A-Z]{2})?$/.exec(value)?.[1],
    note: 'OxygenOS 10-11: `Oxygen OS 10.5.1.IN21BA` (oxygen-updater/build-props)',
  },
  {
    name: 'OxygenOS',
    prop: 'ro.build.version.oplusrom',
    when: isOxygenOnePlus,
    version: afterV,
    note: 'OxygenOS 12+ on the ColorOS base: `V12`, `V13.1.0` with brand OnePlus; China models (regionmark CN) run ColorOS (oxygen-updater/build-props)',
  },
  {
    name: 'ColorOS',
    prop: 'ro.build.version.oplusrom',
    version: afterV,
    note: 'ColorOS 11+: `V12.1`, `V13.1.0` (XXPermissions DeviceOs notes; oxygen-updater/build-props)',
  },
  {
    name: 'ColorOS',
    prop: 'ro.build.version.opporom',
    version: afterV,
    note: 'older ColorOS: `V5.0`, `V7.1` (AndroidRomChecker; XXPermissions DeviceOs notes)',
  },
  {
    name: 'OriginOS',
    prop: 'ro.vivo.os.build.display.id',
    when: (value) => value.startsWith('OriginOS'),
    version: (value) => /^OriginOS (\d+(?:\.\d+)*)$/.exec(value)?.[1],
    note: 'vivo: `OriginOS 4`, `OriginOS 1.0` (XXPermissions DeviceOs notes)',
  },
  {
    name: 'Funtouch OS',
    prop: 'ro.vivo.os.build.display.id',
    when: (value) => value.startsWith('Funtouch'),
    // some builds print a zero for the O: `Funtouch 0S_2.5`
    version: (value) => /^Funtouch [O0]S_(\d+(?:\.\d+)*)$/.exec(value)?.[1],
    note: 'vivo: `Funtouch OS_10`, `Funtouch OS_4.0` (XXPermissions DeviceOs notes)',
  },
  {
    name: 'MagicOS',
    prop: 'msc.config.magic.version',
    version: dotted,
    note: 'Honor MagicOS 7+: `9.0`, `7.1` (XXPermissions DeviceOs notes)',
  },
  {
    name: 'HarmonyOS',
    prop: 'ro.build.ohos.devicetype',
    versionProp: 'hw_sc.build.platform.version',
    version: dotted,
    note: 'Huawei HarmonyOS 2-4 (Android compatible): marked by ro.build.ohos.devicetype `phone`, numbered by hw_sc.build.platform.version `4.2.0`; it keeps an EMUI prop too (XXPermissions DeviceOs notes)',
  },
  {
    name: 'HarmonyOS',
    prop: 'persist.sys.ohos.osd.cloud.switch',
    versionProp: 'hw_sc.build.platform.version',
    version: dotted,
    note: 'the other HarmonyOS marker (XXPermissions DeviceOs notes)',
  },
  {
    name: 'EMUI',
    prop: 'ro.build.version.emui',
    when: (value) => value.startsWith('EmotionUI'),
    version: (value) => /^EmotionUI[_ ]?(\d+(?:\.\d+)*)$/.exec(value)?.[1],
    note: '`EmotionUI_12.0.0`, `EmotionUI_9.1`, old `EmotionUI_3.0` (public getprop excerpts)',
  },
  {
    name: 'MagicOS',
    prop: 'ro.build.version.magic',
    when: (value) => value.startsWith('MagicOS_'),
    version: (value) => /^MagicOS_(\d+(?:\.\d+)*)$/.exec(value)?.[1],
    note: 'Honor: `MagicOS_9.0.0` (XXPermissions DeviceOs notes)',
  },
  {
    name: 'MagicUI',
    prop: 'ro.build.version.magic',
    when: (value) => value.startsWith('MagicUI_'),
    version: (value) => /^MagicUI_(\d+(?:\.\d+)*)$/.exec(value)?.[1],
    note: 'Honor: `MagicUI_6.1.0`; it also prints `ro.build.version.emui` MagicUI_6.1.0 (XXPermissions DeviceOs notes)',
  },
  {
    name: 'One UI',
    prop: 'ro.build.version.oneui',
    version: oneUiVersion,
    note: 'Samsung: `40100`, `50101`, `60101`, `80000` (fastfetch and XXPermissions notes; Samsung KmxService ONE_UI_5_1_1 = 0xc3b5)',
  },
];

/** Brands that ship no phone on stock Android: no vendor UI found on one is unread, not stock. */
const NEVER_STOCK_BRANDS = ['samsung', 'huawei', 'honor', 'oppo', 'vivo', 'realme', 'oneplus'];

/**
 * The phone's vendor UI, null for stock Android (no vendor UI property set). A vendor property
 * in a form no rule knows, or a vendor UI brand showing none, is unread: the UI is not guessed.
 */
export function vendorUiOf(props: Props): Reading<VendorUi | null> {
  for (const rule of RULES) {
    const value = propValue(props, rule.prop);
    if (value === undefined || (rule.when && !rule.when(value, props))) continue;
    const versionProp = rule.versionProp ?? rule.prop;
    const printed = propValue(props, versionProp);
    if (printed === undefined) {
      return unread(`${rule.prop} marks ${rule.name}, but ${versionProp} is unset`);
    }
    const version = rule.version(printed);
    if (version === undefined) {
      return unread(
        `${versionProp} is ${JSON.stringify(printed)}: not a ${rule.name} version in a known form`,
      );
    }
    return readOk({ name: rule.name, version });
  }
  const marked = RULES.map((rule) => rule.prop).filter((prop) => propValue(props, prop));
  if (marked.length > 0) {
    const shown = [...new Set(marked)].map((prop) => `${prop}=${JSON.stringify(props.get(prop))}`);
    return unread(`${shown.join(', ')} names no vendor UI this reader knows`);
  }
  const brand = propValue(props, 'ro.product.brand');
  if (brand && NEVER_STOCK_BRANDS.includes(brand.toLowerCase())) {
    return unread(
      `a ${brand} phone that prints none of ${[...new Set(RULES.map((rule) => rule.prop))].join(', ')}`,
    );
  }
  return readOk(null);
}
