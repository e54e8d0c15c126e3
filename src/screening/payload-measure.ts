// How big a payload is on the way to a target: the unit a target's payload limit is written in.

/** The size of a payload in a target's unit (bytes of a URL, characters of a message). */
export type PayloadMeasure = (payload: string) => number;

/** Characters `encodeURIComponent` leaves as they are: everything else is %XX per UTF-8 byte. */
const UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;

/**
 * Bytes of the payload percent-encoded as `encodeURIComponent` does (a space is `%20`, 3 bytes; a
 * browser's form encoding writes `+`, so this is the upper bound). A lone surrogate counts as the
 * U+FFFD a URL would carry instead of throwing as `encodeURIComponent` does.
 */
export const percentEncodedBytes: PayloadMeasure = (payload) => {
  let bytes = 0;
  for (const ch of payload) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes += UNRESERVED.test(ch) ? 1 : 3;
    else if (cp < 0x800) bytes += 6;
    else if (cp < 0x10000) bytes += 9;
    else bytes += 12;
  }
  return bytes;
};

/** Code points of the payload, as a messenger counts a message (Telegram: 4,096). */
export const codePoints: PayloadMeasure = (payload) => {
  let count = 0;
  for (const _ of payload) count += 1;
  return count;
};
