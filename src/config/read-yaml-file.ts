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
  const document = parseDocument(bytes.toString('utf8'));
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
