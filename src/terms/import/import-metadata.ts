// What an imported list says about its terms (language, source, licence, ...): from the command line, else from `FILE.meta.yaml` beside it.
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../../config/read-yaml-file.ts';
import { InputError } from '../../errors.ts';

/** The same rules as the term list's fields (src/terms/load-term-list.ts), so an import always loads. */
const nonBlank = z.string().trim().min(1, 'must be a non-empty string');
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const languageTag = z.string().regex(LANGUAGE_TAG, 'must be a BCP 47 tag such as en or zh-Hans');

/** The header file beside a list: `wechat.txt` → `wechat.txt.meta.yaml`. */
const importMetaSchema = z.strictObject({
  /** Name of the term list written. @defaultValue the list file's name without its extension */
  name: nonBlank.optional(),
  /** BCP 47 tag of every term in the list. */
  language: languageTag.optional(),
  /** Where the list was published, e.g. `Citizen Lab, WeChat keywords, 2016`. */
  source: nonBlank.optional(),
  /** Licence of the list, e.g. `CC-BY-NC-SA-4.0`. @defaultValue `unspecified` (written as absent) */
  licence: nonBlank.optional(),
  /** Category of every term. @defaultValue {@link DEFAULT_CATEGORY} */
  category: nonBlank.optional(),
});

export type ImportMeta = z.output<typeof importMetaSchema>;

/** A list without categories gets this one (a term list needs one per term). */
export const DEFAULT_CATEGORY = 'unclassified';

/** What every imported term carries. */
export interface ListMetadata {
  name: string;
  language: string;
  source: string;
  licence?: string;
  category: string;
}

/** The header file that belongs to a list file. */
export function metaFileOf(file: string): string {
  return `${file}.meta.yaml`;
}

/**
 * The list's metadata: each field from `given` (the command line), else from the header file
 * beside the list when there is one. `language` and `source` are required from one of them.
 * @throws InputError naming the option or the header file's field
 */
export function resolveMetadata(file: string, given: Partial<ListMetadata>): ListMetadata {
  const metaFile = metaFileOf(file);
  const meta: ImportMeta = existsSync(metaFile)
    ? readYamlFile(metaFile, importMetaSchema, 'E_TERM_LIST', 'list header file').data
    : {};
  const language = given.language ?? meta.language;
  if (given.language !== undefined && !LANGUAGE_TAG.test(given.language)) {
    throw new InputError(
      'E_TERM_LIST',
      `--language: expected a BCP 47 tag such as en or zh-Hans, got "${given.language}"`,
      { field: '--language' },
    );
  }
  const source = nonEmpty(given.source, '--source') ?? meta.source;
  const missing = (field: string, example: string) =>
    new InputError(
      'E_TERM_LIST',
      `${file}: no ${field} for its terms; expected --${field} ${example} or \`${field}:\` in ${metaFile}`,
      { file, field },
    );
  if (language === undefined) throw missing('language', 'zh-Hans');
  if (source === undefined) throw missing('source', '"Citizen Lab, WeChat keywords, 2016"');
  const licence = nonEmpty(given.licence, '--licence') ?? meta.licence;
  return {
    name: nonEmpty(given.name, '--name') ?? meta.name ?? basename(file, extname(file)),
    language,
    source,
    ...(licence === undefined ? {} : { licence }),
    category: nonEmpty(given.category, '--category') ?? meta.category ?? DEFAULT_CATEGORY,
  };
}

function nonEmpty(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') {
    throw new InputError('E_TERM_LIST', `${option}: expected a non-empty text`, { field: option });
  }
  return trimmed;
}
