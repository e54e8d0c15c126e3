// Composes one payload from an ordered list of members: their typed texts joined by the separator, with spans and a control.
import { normalise } from '../terms/normalise.ts';
import { payloadOf, type Term } from '../terms/term.ts';

/**
 * Joins the members of a group payload. A filter matching a substring cannot fire across it: it
 * is not whitespace alone (a keyword such as `Free Tibet` would match across `Free` and `Tibet`
 * joined by a space), and it holds a letter, so a filter that strips spaces and punctuation
 * before matching (as keyword filters do against `习 近 平`) still sees `…a;x;b…`, not `…ab…`. It
 * is benign and typed like any text. A filter on a combination (`a + b`, both present anywhere)
 * still fires across members: isolating those is what combination isolation is for.
 */
export const GROUP_SEPARATOR = ' ; x ; ';

/** What a group needs to know of a member: its id, the text typed and its matched control. */
export type GroupMemberText = Pick<Term, 'id' | 'text' | 'control'>;

/** Where one member sits in a payload: `payload.slice(start, end)` (UTF-16 offsets) is its text. */
export interface MemberSpan {
  id: string;
  start: number;
  end: number;
}

/** A payload of several members and its control, ready to type. */
export interface GroupPayload {
  /** Member ids in payload order. */
  memberIds: string[];
  /** The members' typed texts joined by the separator. */
  payload: string;
  /** Each member's place in `payload`, in payload order. */
  spans: MemberSpan[];
  /** The members' controls joined by the same separator: same script mix, about the same size. */
  control: string;
  /** Each member's control's place in `control`. */
  controlSpans: MemberSpan[];
}

/** Throws unless `separator` can join group members (see {@link GROUP_SEPARATOR}). */
export function checkSeparator(separator: string): void {
  const got = JSON.stringify(separator);
  if (normalise(separator) === '')
    throw new RangeError(`Expected \`separator\` to hold visible text, got ${got}`);
  if (/\p{Cc}/u.test(separator))
    throw new RangeError(`Expected \`separator\` to hold no control character, got ${got}`);
  if (!/[\p{L}\p{N}]/u.test(separator)) {
    throw new RangeError(
      `Expected \`separator\` to hold a letter or a digit (a filter that strips spaces and punctuation would join the members beside it), got ${got}`,
    );
  }
}

/** The payload and control of these members, in this order (a combination term typed as its parts). */
export function composeGroup(
  members: readonly GroupMemberText[],
  separator: string = GROUP_SEPARATOR,
): GroupPayload {
  checkSeparator(separator);
  const payload = join(
    members.map((m) => payloadOf(m.text)),
    separator,
  );
  const control = join(
    members.map((m) => payloadOf(m.control)),
    separator,
  );
  const ids = members.map((m) => m.id);
  return {
    memberIds: ids,
    payload: payload.text,
    spans: payload.offsets.map(([start, end], i) => ({ id: ids[i]!, start, end })),
    control: control.text,
    controlSpans: control.offsets.map(([start, end], i) => ({ id: ids[i]!, start, end })),
  };
}

function join(
  texts: readonly string[],
  separator: string,
): { text: string; offsets: [number, number][] } {
  const offsets: [number, number][] = [];
  let text = '';
  texts.forEach((t, i) => {
    if (i > 0) text += separator;
    offsets.push([text.length, text.length + t.length]);
    text += t;
  });
  return { text, offsets };
}
