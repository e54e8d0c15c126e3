// The shape of a phone messenger's selectors (data per app version), their lookup, and how addresses become chat links.
import {
  phoneMessengerApps,
  type AccountAddress,
  type AccountAddressForm,
  type PhoneMessengerApp,
} from '../../devices/account-address.ts';
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
  chatLinks: { [F in AccountAddressForm]?: string };
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

/** One table per phone messenger of the model (src/devices/account-address.ts), keyed by its adapter name. */
const TABLES: Record<PhoneMessengerApp, AppSelectorTable<MessengerSelectors>> = {
  telegram: TELEGRAM_SELECTORS,
  whatsapp: WHATSAPP_SELECTORS,
  signal: SIGNAL_SELECTORS,
  'google-messages': GOOGLE_MESSAGES_SELECTORS,
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

/** Phone messenger apps that have selectors: the model's phone messengers, each of which has a table above. */
export function messengerApps(): PhoneMessengerApp[] {
  return phoneMessengerApps();
}

/** Messenger selectors for `app` at `appVersion` (entries merged as for browsers). */
export function messengerSelectorsFor(
  app: string,
  appVersion?: string,
  tables: Readonly<Record<string, AppSelectorTable<MessengerSelectors>>> = TABLES,
): ResolvedMessengerSelectors {
  return resolveSelectors(tables, ROLES, app, appVersion);
}

// Addresses are checked by the model's rules (a profile is checked by them too); re-exported for the adapter.
export { parseAccountAddress, type AccountAddress } from '../../devices/account-address.ts';

/** The deep link that opens the chat with `address`. */
export function chatLinkFor(selectors: MessengerSelectors, address: AccountAddress): string {
  if (address.form === 'phone') {
    return selectors.chatLinks
      .phone!.replaceAll('{e164}', address.e164)
      .replaceAll('{digits}', address.digits);
  }
  return selectors.chatLinks.username!.replaceAll('{username}', address.username);
}
