// Splits a keyword list file into numbered lines of text: BOM and CRLF / LF handled, blank lines skipped, every bad line refused with file:line.
import { InputError } from '../../errors.ts';

/** One non-blank line of a list file, decoded. */
export interface ListLine {
  /** 1-based physical line number in the file. */
  number: number;
  /** The line's text without its line ending (not trimmed: a format decides what spaces mean). */
  text: string;
}

export interface ListLinesOptions {
  /**
   * A line longer than this many UTF-8 bytes (without its line ending) is refused: real keywords
   * are short, and a giant line is a file in another format or without line breaks.
   * @defaultValue {@link MAX_LINE_BYTES}
   */
  maxLineBytes?: number;
}

/** 1 KiB: a few hundred CJK characters, far above any reported keyword or combination. */
export const MAX_LINE_BYTES = 1024;

const BOM = [0xef, 0xbb, 0xbf] as const;
const LF = 0x0a;
const CR = 0x0d;
/** Control characters (C0, DEL, C1) and the Unicode line / paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** An InputError naming `file:line`: what was wrong and what was expected. */
export function lineError(file: string, line: number, message: string): InputError {
  return new InputError('E_TERM_LIST', `${file}:${line}: ${message}`, {
    file,
    field: `line ${line}`,
  });
}

/**
 * The non-blank lines of a list file's bytes. Accepts UTF-8 with or without a BOM and LF or CRLF
 * endings; refuses (InputError `file:line`) invalid UTF-8, a control character, an over-long line.
 */
export function listLines(
  file: string,
  bytes: Uint8Array,
  options: ListLinesOptions = {},
): ListLine[] {
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const lines: ListLine[] = [];
  let start = BOM.every((byte, i) => bytes[i] === byte) ? BOM.length : 0;
  for (let number = 1; start < bytes.length; number += 1) {
    const newline = bytes.indexOf(LF, start);
    const stop = newline === -1 ? bytes.length : newline;
    const end = stop > start && bytes[stop - 1] === CR ? stop - 1 : stop;
    const raw = bytes.subarray(start, end);
    start = stop + 1;
    if (raw.length > maxLineBytes) {
      throw lineError(
        file,
        number,
        `line is ${raw.length} bytes long; expected at most ${maxLineBytes} bytes (one keyword per line — is this a list in another format?)`,
      );
    }
    const text = decodeLine(file, number, raw);
    const content = text.trim();
    if (content === '') continue;
    const control = CONTROL.exec(content);
    if (control) {
      const codePoint = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      const column = Array.from(text.slice(0, text.indexOf(control[0]))).length + 1;
      throw lineError(
        file,
        number,
        `control character U+${codePoint} at column ${column}; expected printable text (no tabs, escapes or NUL inside a keyword)`,
      );
    }
    lines.push({ number, text });
  }
  return lines;
}

/** The line as text; InputError naming the byte where it stops being UTF-8. */
function decodeLine(file: string, number: number, raw: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    const at = invalidUtf8Offset(raw);
    const shown = Array.from(
      raw.subarray(at, at + 4),
      (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`,
    );
    throw lineError(
      file,
      number,
      `not valid UTF-8 at byte ${at + 1} of the line (${shown.join(' ')}); expected a UTF-8 text file (convert it first, e.g. \`iconv -f GB18030 -t UTF-8\`)`,
    );
  }
}

/** Offset of the first byte of the first invalid UTF-8 sequence in `raw` (which is known to hold one). */
function invalidUtf8Offset(raw: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let failedAt = raw.length;
  for (let i = 0; i < raw.length; i += 1) {
    try {
      decoder.decode(raw.subarray(i, i + 1), { stream: true });
    } catch {
      failedAt = i;
      break;
    }
  }
  // The decoder notices a bad sequence at the byte that breaks it: report where the sequence began.
  for (let k = failedAt - 1; k >= Math.max(0, failedAt - 3); k -= 1) {
    const byte = raw[k]!;
    if (byte >= 0x80 && byte < 0xc0) continue; // a continuation byte: keep looking for its lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return k + length > failedAt ? k : failedAt;
  }
  return failedAt;
}
