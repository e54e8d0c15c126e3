// The getprop fields of a phone's facts (identity, build, vendor UI, region, locale) from its system properties.
import type { DeviceFacts, PropField } from './device-facts.ts';
import { localeOf } from './device-locale.ts';
import { regionOf } from './device-region.ts';
import { propValue } from './parse-getprop.ts';
import { readOk, unread, type Reading } from './reading.ts';
import { vendorUiOf } from './vendor-ui.ts';

type Props = ReadonlyMap<string, string>;

/**
 * Where Android 10+ init takes `ro.product.<x>` from when the build leaves it unset
 * (ro.product.property_source_order's default): the same value the phone itself reports.
 */
const PRODUCT_PARTITIONS = ['product', 'odm', 'vendor', 'system_ext', 'system'] as const;

function productProp(props: Props, key: string): Reading<string> {
  const names = [`ro.product.${key}`, ...PRODUCT_PARTITIONS.map((p) => `ro.product.${p}.${key}`)];
  for (const name of names) {
    const value = propValue(props, name);
    if (value !== undefined) return readOk(value);
  }
  return unread(`ro.product.${key} is unset`);
}

function prop(props: Props, name: string): Reading<string> {
  const value = propValue(props, name);
  return value === undefined ? unread(`${name} is unset`) : readOk(value);
}

function sdkOf(props: Props): Reading<number> {
  const value = propValue(props, 'ro.build.version.sdk');
  if (value === undefined) return unread('ro.build.version.sdk is unset');
  if (!/^[1-9]\d*$/.test(value)) {
    return unread(`ro.build.version.sdk is ${JSON.stringify(value)}, not an API level`);
  }
  return readOk(Number(value));
}

export interface PropFacts {
  fields: Pick<DeviceFacts, PropField>;
  errors: Partial<Record<PropField, string>>;
}

export function factsFromProps(props: Props): PropFacts {
  const readings: { [F in PropField]: Reading<DeviceFacts[F]> } = {
    manufacturer: productProp(props, 'manufacturer'),
    brand: productProp(props, 'brand'),
    model: productProp(props, 'model'),
    product: productProp(props, 'name'),
    device: productProp(props, 'device'),
    fingerprint: prop(props, 'ro.build.fingerprint'),
    incremental: prop(props, 'ro.build.version.incremental'),
    buildId: prop(props, 'ro.build.id'),
    displayId: prop(props, 'ro.build.display.id'),
    release: prop(props, 'ro.build.version.release'),
    sdk: sdkOf(props),
    vendorUi: vendorUiOf(props),
    region: regionOf(props),
    locale: localeOf(props),
  };
  const fields = {} as Record<PropField, unknown>;
  const errors: Partial<Record<PropField, string>> = {};
  for (const [field, reading] of Object.entries(readings) as [PropField, Reading<unknown>][]) {
    fields[field] = reading.ok ? reading.value : null;
    if (!reading.ok) errors[field] = reading.reason;
  }
  return { fields: fields as PropFacts['fields'], errors };
}
