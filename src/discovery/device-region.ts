// Which region a phone's firmware is for, from the first of a table of vendor properties that is set.
import { propValue } from './parse-getprop.ts';
import { readOk, unread, type Reading } from './reading.ts';

interface RegionProp {
  prop: string;
  /** Which phones set it, what it holds, and where that was learnt. */
  note: string;
  /** The region in the prop's value; the whole value when absent. */
  regionIn?: (value: string) => string | undefined;
}

/**
 * Read in this order; the first set one is the region, its value as printed (a profile's
 * `region` must then be an upper-case code: `EUEX` or `GLOBAL` needs the user's choice).
 */
export const REGION_PROPS: readonly RegionProp[] = [
  {
    prop: 'ro.miui.region',
    note: 'Xiaomi MIUI and HyperOS: `CN` on China firmware, `HK` on global (XXPermissions DeviceOs notes)',
  },
  {
    prop: 'ro.vendor.oplus.regionmark',
    note: 'OPPO, OnePlus, realme on ColorOS 12+: `CN`, `IN`, `US`, `EUEX` (oxygen-updater/build-props getprop dumps)',
  },
  {
    prop: 'ro.csc.countryiso_code',
    note: "Samsung: the country of the phone's CSC, e.g. `DE` beside ro.csc.sales_code `DBT` (a public Galaxy getprop dump)",
  },
  {
    prop: 'ro.boot.hwc',
    note: "Xiaomi: the hardware's market as the bootloader passes it, `CN` or `GLOBAL` (device trees' recovery scripts)",
  },
  {
    prop: 'ro.product.locale.region',
    note: "Android 4.4 and earlier: the default locale's region, e.g. `US` (AOSP build props)",
  },
  {
    prop: 'ro.product.locale',
    note: 'Android 5+, which replaced the two props above by one tag: its region subtag, `en-GB` → `GB` (AOSP build props); a stock Pixel sets nothing else',
    regionIn: (tag) => /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?-([A-Z]{2}|\d{3})(?:-|$)/.exec(tag)?.[1],
  },
];

export function regionOf(props: ReadonlyMap<string, string>): Reading<string> {
  for (const { prop, regionIn } of REGION_PROPS) {
    const value = propValue(props, prop);
    if (value === undefined) continue;
    if (!regionIn) return readOk(value);
    const region = regionIn(value);
    if (region !== undefined) return readOk(region);
  }
  return unread(
    `none of ${REGION_PROPS.map(({ prop }) => prop).join(', ')} is set (or holds a region)`,
  );
}
