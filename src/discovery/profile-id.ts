// A device profile's id made from what the phone reports: manufacturer, model and adb serial, in lowercase and dashes.

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * `Xiaomi`, `M2101K6G`, `a1b2c3d4` → `xiaomi-m2101k6g-a1b2c3d4`; a model that already starts
 * with the manufacturer keeps it once (`Google`, `Pixel 7` → `google-pixel-7-…`, but
 * `Xiaomi`, `Xiaomi 13T` → `xiaomi-13t-…`). Letters outside a-z are dropped.
 */
export function profileIdOf(manufacturer: string, model: string, serial: string): string {
  const [maker, product, phone] = [slug(manufacturer), slug(model), slug(serial)];
  const parts =
    product === maker || product.startsWith(`${maker}-`)
      ? [product, phone]
      : [maker, product, phone];
  return parts.filter((part) => part !== '').join('-');
}
