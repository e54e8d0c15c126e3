// A lab vendor keyword list (the model of Xiaomi's MiAdBlacklistConfig): schema, loader, switch.
import { z } from 'zod';
import { parseYamlFile, schemaError } from '../config/read-yaml-file.ts';

/** What the lab firmware does when a rule triggers. */
export const VENDOR_ACTIONS = [
  'mask',
  'remove',
  'alter',
  'block',
  'blank',
  'mask-late',
  'mask-input',
  'drop',
] as const;
export type VendorAction = (typeof VENDOR_ACTIONS)[number];

/** Actions that rewrite rendered text, and so may act late (`delayMs`). */
const RENDER_ACTIONS: readonly VendorAction[] = ['mask', 'remove', 'alter', 'mask-late'];
/** Actions that mask, and so may leave the start of a term visible (`keep`). */
const MASK_ACTIONS: readonly VendorAction[] = ['mask', 'mask-late', 'mask-input'];

/** Delay of a `mask-late` rule that names none. */
export const DEFAULT_MASK_LATE_DELAY_MS = 800;

/** One rule: `terms` (any one triggers) or `all` (a combination: every part must be present). */
export interface VendorRule {
  action: VendorAction;
  /** Any one of these triggers the action (NFC-normalised). */
  terms?: string[];
  /** All of these together trigger the action (NFC-normalised). */
  all?: string[];
  /**
   * Render actions (mask, remove, alter, mask-late): act this many ms after the page has
   * rendered (late filtering). @defaultValue 800 for mask-late, else immediate
   */
  delayMs?: number;
  /** Only for `alter`: the text that replaces the term (other words, case or homoglyph changes). */
  replacement?: string;
  /** Mask actions: leading characters left visible, e.g. 6 turns `Free Tibet` into `Free T****`. */
  keep?: number;
  /** Fires on at most this many page loads per app session, then lets text through (a lookup quota). */
  limit?: number;
  /**
   * Where a render rule acts: `received` only on messages the other side sent (messenger);
   * `pages` only on web pages, not in the lab messenger app (a blanked chat cannot be reopened).
   * @defaultValue all
   */
  scope?: 'all' | 'received' | 'pages';
}

export interface VendorList {
  name: string;
  /** The remote switch per firmware version (exact string); versions not named are off. */
  switch: Record<string, boolean>;
  rules: VendorRule[];
}

const term = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must be a non-empty string')
  .transform((text) => text.normalize('NFC'));

const switchValue = z
  .union([z.boolean(), z.enum(['on', 'off'])], { error: 'must be on or off' })
  .transform((value) => value === true || value === 'on');

const ruleSchema = z
  .strictObject({
    action: z.enum(VENDOR_ACTIONS, {
      error: (issue) =>
        `must be one of ${VENDOR_ACTIONS.join(', ')}, got ${JSON.stringify(issue.input)}`,
    }),
    terms: z.array(term).min(1, 'must list at least one term').optional(),
    all: z.array(term).min(2, 'must list at least two parts of a combination').optional(),
    delayMs: z.number().int().min(0, 'must be a whole number of ms >= 0').optional(),
    replacement: z
      .string({ error: 'must be a string' })
      .transform((text) => text.normalize('NFC'))
      .optional(),
    keep: z.number().int().min(1, 'must be a whole number >= 1').optional(),
    limit: z.number().int().min(1, 'must be a whole number >= 1').optional(),
    scope: z
      .enum(['all', 'received', 'pages'], { error: 'must be all, received or pages' })
      .optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.terms && rule.all) {
      ctx.addIssue({
        code: 'custom',
        path: ['all'],
        message: 'cannot be given together with `terms`: a rule has either terms or all',
      });
    }
    if (!rule.terms && !rule.all) {
      ctx.addIssue({
        code: 'custom',
        path: ['terms'],
        message: 'is required: a rule needs `terms` (any one triggers) or `all` (a combination)',
      });
    }
    const onlyFor = (
      field: 'delayMs' | 'keep' | 'scope',
      actions: readonly VendorAction[],
    ): void => {
      if (rule[field] !== undefined && !actions.includes(rule.action)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `only applies to actions ${actions.join(', ')}, not ${rule.action}`,
        });
      }
    };
    onlyFor('delayMs', RENDER_ACTIONS);
    onlyFor('keep', MASK_ACTIONS);
    onlyFor('scope', [...RENDER_ACTIONS, 'blank']);
    if (rule.action === 'alter' && rule.replacement === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['replacement'],
        message: 'is required for action alter: the text that replaces the term',
      });
    }
    const looping = [...(rule.terms ?? []), ...(rule.all ?? [])].find((part) =>
      rule.replacement?.includes(part),
    );
    if (looping !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['replacement'],
        message: `must not contain the term "${looping}" it replaces (the firmware would rewrite it forever)`,
      });
    }
    if (rule.action !== 'alter' && rule.replacement !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['replacement'],
        message: `only applies to action alter, not ${rule.action}`,
      });
    }
  })
  .transform((rule): VendorRule => {
    const out: VendorRule = { action: rule.action };
    if (rule.terms) out.terms = rule.terms;
    if (rule.all) out.all = rule.all;
    if (rule.action === 'mask-late') out.delayMs = rule.delayMs ?? DEFAULT_MASK_LATE_DELAY_MS;
    else if (rule.delayMs !== undefined && rule.delayMs > 0) out.delayMs = rule.delayMs;
    if (rule.replacement !== undefined) out.replacement = rule.replacement;
    if (rule.keep !== undefined) out.keep = rule.keep;
    if (rule.limit !== undefined) out.limit = rule.limit;
    if (rule.scope !== undefined && rule.scope !== 'all') out.scope = rule.scope;
    return out;
  });

const listSchema = z.strictObject({
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must be a non-empty string'),
  switch: z
    .record(z.string().min(1), switchValue)
    .nullish()
    .transform((value) => value ?? {}),
  rules: z
    .array(ruleSchema, { error: 'must be a list of rules' })
    .nullish()
    .transform((value) => value ?? []),
});

/**
 * Validates a vendor list given as plain data (a parsed file or a PUT body).
 * `source` prefixes messages; `file` is set on the error when the data came from a file.
 */
export function parseVendorList(data: unknown, source: string, file?: string): VendorList {
  const parsed = listSchema.safeParse(data);
  if (!parsed.success) throw schemaError(parsed.error, source, 'E_CONFIG', file);
  return parsed.data;
}

/** Loads a vendor list file (YAML); throws InputError naming the file and field on any problem. */
export function loadVendorList(file: string): VendorList {
  return parseVendorList(parseYamlFile(file, 'E_CONFIG', 'vendor list').data, file, file);
}

/** Whether the remote switch is on for this firmware version (exact match; unnamed = off). */
export function switchFor(list: VendorList, firmware: string | undefined): boolean {
  if (firmware === undefined) return false;
  return Object.hasOwn(list.switch, firmware) ? list.switch[firmware] === true : false;
}
