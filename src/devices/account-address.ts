// Phone messenger accounts in device profiles: which apps take them, the address forms each app opens chats by, and the whitelist every address passes.
import { InputError } from '../errors.ts';

/** How an account is addressed: a phone number, or a `@username` where the app has names. */
export type AccountAddressForm = 'phone' | 'username';

/**
 * Phone messenger apps (adapter names) whose targets take an account and a peer, with the
 * address forms each opens a chat by. The adapters' chat links per app version follow this table.
 */
export const ACCOUNT_ADDRESS_FORMS = {
  telegram: ['phone', 'username'],
  whatsapp: ['phone'],
  signal: ['phone'],
  'google-messages': ['phone'],
} as const satisfies Record<string, readonly AccountAddressForm[]>;

export type PhoneMessengerApp = keyof typeof ACCOUNT_ADDRESS_FORMS;

/** A messenger account address: a phone number in E.164 form, or `@username` where the app has names. */
export type AccountAddress =
  { form: 'phone'; e164: string; digits: string } | { form: 'username'; username: string };

/**
 * What one app version opens chats by: a chat link per address form (an app version's
 * messenger selectors have this field). Only its keys are read here.
 */
export interface ChatLinkForms {
  chatLinks: { readonly [F in AccountAddressForm]?: string };
}

const E164 = /^\+[1-9]\d{6,14}$/;
const USERNAME = /^@[A-Za-z][A-Za-z0-9_]{4,31}$/;

const FORM_EXAMPLES: Record<AccountAddressForm, string> = {
  phone: 'a phone number in E.164 form such as +37060000001',
  username: 'a username such as @censorwatch_peer',
};

/** Phone messenger apps that take accounts. */
export function phoneMessengerApps(): PhoneMessengerApp[] {
  return Object.keys(ACCOUNT_ADDRESS_FORMS) as PhoneMessengerApp[];
}

export function isPhoneMessengerApp(app: string): app is PhoneMessengerApp {
  return Object.hasOwn(ACCOUNT_ADDRESS_FORMS, app);
}

/**
 * Parses an account address for `app`, in the forms of {@link ACCOUNT_ADDRESS_FORMS} or, given
 * `opens`, in the forms that app version has chat links for. Only digits, `+`, letters and `_`
 * pass: the address ends up in a deep link that Appium hands to `adb shell am start`, so
 * nothing else may. Throws InputError naming `field` and the forms the app takes.
 */
export function parseAccountAddress(
  app: string,
  address: string,
  field: string,
  opens?: ChatLinkForms,
): AccountAddress {
  const forms = opens ? formsWithLinks(opens) : formsOf(app, field);
  if (E164.test(address)) {
    if (forms.includes('phone')) return { form: 'phone', e164: address, digits: address.slice(1) };
  } else if (USERNAME.test(address)) {
    if (forms.includes('username')) return { form: 'username', username: address.slice(1) };
  }
  throw new InputError(
    'E_DEVICE_PROFILE',
    `${app} account address ${JSON.stringify(address)} is not ${forms.map((form) => FORM_EXAMPLES[form]).join(' or ')}`,
    { field },
  );
}

function formsOf(app: string, field: string): readonly AccountAddressForm[] {
  if (!isPhoneMessengerApp(app)) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `target app "${app}" takes no account; phone messengers: ${phoneMessengerApps().join(', ')}`,
      { field },
    );
  }
  return ACCOUNT_ADDRESS_FORMS[app];
}

/** The forms in their fixed order (phone first), as the refusal lists them. */
function formsWithLinks(opens: ChatLinkForms): AccountAddressForm[] {
  return (Object.keys(FORM_EXAMPLES) as AccountAddressForm[]).filter((form) =>
    Boolean(opens.chatLinks[form]),
  );
}
