// The phone's locale (BCP 47 tag), from the user's choice if one is recorded, else the factory default.
import { propValue } from './parse-getprop.ts';
import { readOk, unread, type Reading } from './reading.ts';

interface LocaleSource {
  /** One property holding a whole tag, or a language and a region property joined by `-`. */
  props: readonly [string] | readonly [language: string, region: string];
  note: string;
}

/** Read in this order; the first that is set is the locale. */
export const LOCALE_SOURCES: readonly LocaleSource[] = [
  { props: ['persist.sys.locale'], note: 'Android 7+: the language the user chose, e.g. `en-GB`' },
  {
    props: ['persist.sys.language', 'persist.sys.country'],
    note: 'Android 6 and earlier: the language and country the user chose, e.g. `en` + `GB`',
  },
  { props: ['ro.product.locale'], note: 'Android 5+: the factory default, e.g. `en-US`' },
  {
    props: ['ro.product.locale.language', 'ro.product.locale.region'],
    note: 'Android 4.4 and earlier: the factory default, e.g. `en` + `US`',
  },
];

export function localeOf(props: ReadonlyMap<string, string>): Reading<string> {
  for (const source of LOCALE_SOURCES) {
    const [first, second] = source.props.map((prop) => propValue(props, prop));
    if (first === undefined) continue;
    return readOk(source.props.length === 2 && second !== undefined ? `${first}-${second}` : first);
  }
  return unread(
    `none of ${LOCALE_SOURCES.map(({ props: names }) => names.join('+')).join(', ')} is set`,
  );
}
