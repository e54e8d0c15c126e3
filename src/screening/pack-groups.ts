// Packs terms into group payloads that each fit a target's payload limit, payload and control alike.
import {
  composeGroup,
  checkSeparator,
  GROUP_SEPARATOR,
  type GroupMemberText,
  type GroupPayload,
} from './compose-group.ts';
import type { PayloadMeasure } from './payload-measure.ts';
import { payloadOf } from '../terms/term.ts';

export interface PackOptions {
  /** Size of a payload in the target's unit: `percentEncodedBytes` for a browser's search URL, `codePoints` for a messenger. */
  measure: PayloadMeasure;
  /** Largest payload the target takes, in `measure`'s unit (e.g. 8,000 bytes; Telegram 4,096 code points). Controls must fit too. */
  limit: number;
  /** Joins the members. @defaultValue {@link GROUP_SEPARATOR} */
  separator?: string;
  /** Most members in one group (typing time grows with the payload). @defaultValue no limit */
  maxMembers?: number;
}

/** One group of the plan: its payload, spans and control. */
export interface PackedGroup extends GroupPayload {
  /** `group-1`, `group-2`, ... in packing order. */
  id: string;
}

export interface PackResult {
  groups: PackedGroup[];
  /** Terms whose payload or control alone exceeds the limit: never split, they are probed alone (and may not fit). */
  oversize: string[];
}

/**
 * Packs terms in list order, each group taking members while both its payload and its control
 * still measure within the limit; a term is never split across groups. Packing keeps list order
 * so terms of one language stay together, and the plan is the same for the same list.
 */
export function packGroups(terms: readonly GroupMemberText[], options: PackOptions): PackResult {
  const { measure, limit } = options;
  const separator = options.separator ?? GROUP_SEPARATOR;
  const maxMembers = options.maxMembers ?? Number.POSITIVE_INFINITY;
  if (!(Number.isFinite(limit) && limit > 0))
    throw new RangeError(`Expected \`limit\` to be a finite number > 0, got ${limit}`);
  if (!(
    maxMembers === Number.POSITIVE_INFINITY ||
    (Number.isInteger(maxMembers) && maxMembers >= 1)
  ))
    throw new RangeError(`Expected \`maxMembers\` to be an integer >= 1, got ${maxMembers}`);
  checkSeparator(separator);

  const groups: PackedGroup[] = [];
  const oversize: string[] = [];
  let members: GroupMemberText[] = [];
  let payload = '';
  let control = '';
  const close = () => {
    if (members.length === 0) return;
    groups.push({ id: `group-${groups.length + 1}`, ...composeGroup(members, separator) });
    members = [];
    payload = '';
    control = '';
  };
  for (const term of terms) {
    const text = payloadOf(term.text);
    const own = payloadOf(term.control);
    if (measure(text) > limit || measure(own) > limit) {
      oversize.push(term.id);
      continue;
    }
    const nextPayload = members.length === 0 ? text : payload + separator + text;
    const nextControl = members.length === 0 ? own : control + separator + own;
    if (
      members.length >= maxMembers ||
      measure(nextPayload) > limit ||
      measure(nextControl) > limit
    ) {
      close();
      members = [term];
      payload = text;
      control = own;
      continue;
    }
    members.push(term);
    payload = nextPayload;
    control = nextControl;
  }
  close();
  return { groups, oversize };
}
