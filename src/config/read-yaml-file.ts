// Reads a YAML input file and validates it against a schema; every failure names the file (line) and field.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.ts';
import { describeIssue } from './describe-issue.ts';

type InputCode = InputError['code'] & ('E_CONFIG' | 'E_TERM_LIST' | 'E_DEVICE_PROFILE');

export interface YamlFile<T> {
  data: T;
  /** The file's bytes (for hashing). */
  bytes: Buffer;
}

/**
 * @param what - what the file is, for the "cannot read" message (e.g. `term list`)
 * @throws InputError with `code`, the file, and the failing field
 */
export function readYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  code: InputCode,
  what: string,
): YamlFile<z.output<S>> {
  const data = parseYamlFile(file, code, what);
  const parsed = schema.safeParse(data.data);
  if (!parsed.success) throw schemaError(parsed.error, file, code);
  return { data: parsed.data, bytes: data.bytes };
}

/** Reads and parses YAML without a schema (for callers that validate themselves). */
export function parseYamlFile(file: string, code: InputCode, what: string): YamlFile<unknown> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new InputError(code, `${file}: cannot read ${what}`, { file }, { cause });
  }
  const text = decodeInput(file, bytes, code, what);
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw new InputError(
      code,
      `${file}${line ? `:${line}` : ''}: not valid YAML: ${first.message.split('\n')[0]}`,
      { file },
    );
  }
  return { data: document.toJS(), bytes };
}

/** Bigger than any term list, profile or config censorwatch reads (the 2,000-term lab list is 0.5 MiB). */
export const MAX_YAML_BYTES = 16 * 1024 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The file's text, or an InputError naming it: too big, binary (a NUL byte), or not UTF-8 (a
 * decoder that replaced bad bytes would change the terms it reads).
 */
function decodeInput(file: string, bytes: Buffer, code: InputCode, what: string): string {
  if (bytes.length > MAX_YAML_BYTES) {
    throw new InputError(
      code,
      `${file}: ${what} is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB; expected at most ${MAX_YAML_BYTES / 1024 / 1024} MiB of YAML`,
      { file },
    );
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new InputError(
      code,
      `${file}:${lineAt(bytes, nul)}: not a YAML ${what}: a NUL byte at offset ${nul} (a binary file?)`,
      { file },
    );
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new InputError(
      code,
      `${file}:${lineAt(bytes, offset)}: not UTF-8: an invalid byte sequence at offset ${offset}; save the ${what} as UTF-8`,
      { file },
    );
  }
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

/** Offset of the first byte that does not start a well-formed UTF-8 character. */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    const size =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (size === 0 || i + size > bytes.length) return i;
    try {
      // the decoder judges continuation bytes, overlong forms and surrogates of this one character
      strictUtf8.decode(bytes.subarray(i, i + size));
    } catch {
      return i;
    }
    i += size;
  }
  return bytes.length;
}

/** The first schema issue as an InputError: `<source>: field \`a.b[0]\` <message>`. */
export function schemaError(
  error: z.ZodError,
  source: string,
  code: InputCode,
  file: string | undefined = source,
): InputError {
  const { field, message } = describeIssue(error.issues[0]!);
  return new InputError(code, `${source}: field \`${field}\` ${message}`, {
    ...(file ? { file } : {}),
    field,
  });
}
