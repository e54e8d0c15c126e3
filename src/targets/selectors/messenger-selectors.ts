// The shape of a phone messenger's selectors (data per app version), their lookup, and how addresses become chat links.
import { InputError } from '../../errors.ts';
import type { UiLocator } from '../ui-hierarchy.ts';
import { resolveSelectors, type AppSelectorTable, type SelectorOrigin } from './app-selectors.ts';
import { GOOGLE_MESSAGES_SELECTORS } from './google-messages.ts';
import { SIGNAL_SELECTORS } from './signal.ts';
import { TELEGRAM_SELECTORS } from './telegram.ts';
import { WHATSAPP_SELECTORS } from './whatsapp.ts';

/** Signs inside a message's row: a resource-id, or a content-desc or text matching a regular-expression source. */
export interface RowMarkers {
  resourceIds: readonly string[];
  descriptionPatterns: readonly string[];
}

/** Where each part of a conversation is found. Candidates are tried in order. */
export interface MessengerSelectors {
  /**
   * Deep links that open the chat with an address, by the address's form: `{e164}` becomes
   * `+37060000001`, `{digits}` `37060000001`, `{username}` the name without `@`.
   */
  chatLinks: { phone?: string; username?: string };
  /** The conversation's message list: each of its children is one message row. */
  messageList: readonly UiLocator[];
  /** The compose box. */
  composeBox: readonly UiLocator[];
  /** The send button (shown once the compose box holds text). */
  sendButton: readonly UiLocator[];
  /** A message's text node (searched inside the message list). */
  messageText: readonly UiLocator[];
  /**
   * How a row is told to be this phone's own: `markers` (a row with an outgoing marker is
   * outgoing, any other incoming) or `position` (a bubble right of the list's middle is outgoing).
   */
  sideBy: 'markers' | 'position';
  /** Signs of this phone's own message (delivery ticks); used when `sideBy` is `markers`. */
  outgoingMarkers: RowMarkers;
  /** Regular-expression sources cut from a message's text: a time or status the app puts into the same node. */
  textNoise: readonly string[];
}

const TABLES: Record<string, AppSelectorTable<MessengerSelectors>> = {
  [TELEGRAM_SELECTORS.app]: TELEGRAM_SELECTORS,
  [WHATSAPP_SELECTORS.app]: WHATSAPP_SELECTORS,
  [SIGNAL_SELECTORS.app]: SIGNAL_SELECTORS,
  [GOOGLE_MESSAGES_SELECTORS.app]: GOOGLE_MESSAGES_SELECTORS,
};

const ROLES: readonly (keyof MessengerSelectors)[] = [
  'chatLinks',
  'messageList',
  'composeBox',
  'sendButton',
  'messageText',
  'sideBy',
  'outgoingMarkers',
  'textNoise',
];

export type ResolvedMessengerSelectors = MessengerSelectors & SelectorOrigin;

/** Phone messenger apps that have selectors. */
export function messengerApps(): string[] {
  return Object.keys(TABLES);
}

/** Messenger selectors for `app` at `appVersion` (entries merged as for browsers). */
export function messengerSelectorsFor(
  app: string,
  appVersion?: string,
  tables: Readonly<Record<string, AppSelectorTable<MessengerSelectors>>> = TABLES,
): ResolvedMessengerSelectors {
  return resolveSelectors(tables, ROLES, app, appVersion);
}

/** A messenger account address: a phone number in E.164 form, or `@username` where the app has names. */
export type AccountAddress =
  { form: 'phone'; e164: string; digits: string } | { form: 'username'; username: string };

const E164 = /^\+[1-9]\d{6,14}$/;
const USERNAME = /^@[A-Za-z][A-Za-z0-9_]{4,31}$/;

/**
 * Parses an account address for `app`. Only digits, `+`, letters and `_` pass: the address
 * ends up in a deep link that Appium hands to `adb shell am start`, so nothing else may.
 */
export function parseAccountAddress(
  app: string,
  address: string,
  field: string,
  selectors: Pick<MessengerSelectors, 'chatLinks'> = messengerSelectorsFor(app),
): AccountAddress {
  if (E164.test(address)) {
    if (selectors.chatLinks.phone)
      return { form: 'phone', e164: address, digits: address.slice(1) };
  } else if (USERNAME.test(address)) {
    if (selectors.chatLinks.username) return { form: 'username', username: address.slice(1) };
  }
  const forms = [
    selectors.chatLinks.phone ? 'a phone number in E.164 form such as +37060000001' : null,
    selectors.chatLinks.username ? 'a username such as @censorwatch_peer' : null,
  ].filter((form) => form !== null);
  throw new InputError(
    'E_DEVICE_PROFILE',
    `${app} account address ${JSON.stringify(address)} is not ${forms.join(' or ')}`,
    { field },
  );
}

/** The deep link that opens the chat with `address`. */
export function chatLinkFor(selectors: MessengerSelectors, address: AccountAddress): string {
  if (address.form === 'phone') {
    return selectors.chatLinks
      .phone!.replaceAll('{e164}', address.e164)
      .replaceAll('{digits}', address.digits);
  }
  return selectors.chatLinks.username!.replaceAll('{username}', address.username);
}
