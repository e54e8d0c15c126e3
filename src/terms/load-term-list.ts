// Reads and validates a term list file (YAML or JSON).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { describeIssue } from '../config/describe-issue.ts';
import type { TermList } from './term.ts';

const nonBlank = z.string().trim().min(1, 'must be a non-empty string');

const termSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, e.g. free-tibet-en'),
  text: nonBlank,
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as en or zh-Hans'),
  category: nonBlank,
  source: nonBlank,
  control: nonBlank,
});

const termListSchema = z.strictObject({
  name: nonBlank,
  terms: z.array(termSchema).min(1, 'must list at least one term'),
});

/** Loads a term list; throws InputError naming the file and field on any problem. */
export function loadTermList(file: string): TermList {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new InputError('E_TERM_LIST', `${file}: cannot read term list`, { file }, { cause });
  }
  const document = parseDocument(bytes.toString('utf8'));
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw new InputError(
      'E_TERM_LIST',
      `${file}${line ? `:${line}` : ''}: not valid YAML: ${first.message.split('\n')[0]}`,
      { file },
    );
  }
  const parsed = termListSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error.issues[0]!);
    throw new InputError('E_TERM_LIST', `${file}: field \`${field}\` ${message}`, { file, field });
  }
  const seen = new Map<string, number>();
  parsed.data.terms.forEach((term, index) => {
    const earlier = seen.get(term.id);
    if (earlier !== undefined) {
      const field = `terms[${index}].id`;
      throw new InputError(
        'E_TERM_LIST',
        `${file}: field \`${field}\` repeats id "${term.id}" already used by terms[${earlier}]`,
        { file, field },
      );
    }
    seen.set(term.id, index);
  });
  return {
    name: parsed.data.name,
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    terms: parsed.data.terms,
  };
}
