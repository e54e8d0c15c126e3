// Reads and validates a term list file (YAML or JSON).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { readYamlFile } from '../config/read-yaml-file.ts';
import { InputError } from '../errors.ts';
import { chooseControl } from './controls/choose-control.ts';
import type { TermList } from './term.ts';

const nonBlank = z.string().trim().min(1, 'must be a non-empty string');

const termSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]*$/,
      'must be lowercase letters, digits and dashes, e.g. free-tibet-en',
    ),
  text: nonBlank,
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as en or zh-Hans'),
  category: nonBlank,
  source: nonBlank,
  /** Licence of this term's source, when it differs from the list's. */
  licence: nonBlank.optional(),
  /** Omitted: chosen from the shipped benign word lists (same script, similar length, deterministic). */
  control: nonBlank.optional(),
});

const termListSchema = z.strictObject({
  name: nonBlank,
  /** Licence under which the list's terms may be used and shared (e.g. CC-BY-4.0). @defaultValue `unspecified` */
  licence: nonBlank.default('unspecified'),
  terms: z.array(termSchema).min(1, 'must list at least one term'),
});

/** Loads a term list; throws InputError naming the file and field on any problem. */
export function loadTermList(file: string): TermList {
  const { data, bytes } = readYamlFile(file, termListSchema, 'E_TERM_LIST', 'term list');
  const seen = new Map<string, number>();
  data.terms.forEach((term, index) => {
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
    name: data.name,
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    terms: data.terms.map((term) => {
      const licence = term.licence ?? data.licence;
      return term.control
        ? { ...term, licence, control: term.control, controlSource: 'list' as const }
        : {
            ...term,
            licence,
            control: chooseControl(term.text, term.language),
            controlSource: 'chosen' as const,
          };
    }),
  };
}
