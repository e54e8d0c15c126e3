// What every parser of phone output returns: the value it read, or why it could not read one (never a guess).

/** A value read from a phone's output, or the reason none could be read. */
export type Reading<T> = { ok: true; value: T } | { ok: false; reason: string };

export function readOk<T>(value: T): Reading<T> {
  return { ok: true, value };
}

export function unread<T = never>(reason: string): Reading<T> {
  return { ok: false, reason };
}

/** The first `max` characters of some output, for a reason that quotes what was received. */
export function excerpt(text: string, max = 80): string {
  const oneLine = text.trim().replace(/\s*\r?\n\s*/g, ' ⏎ ');
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine);
}
