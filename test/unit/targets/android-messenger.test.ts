import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { InputError, ProbeFault } from '../../../src/errors.ts';
import {
  AndroidMessengerTarget,
  readMessages,
  type AndroidMessengerOptions,
} from '../../../src/targets/android-messenger.ts';
import {
  chatLinkFor,
  messengerApps,
  messengerSelectorsFor,
  parseAccountAddress,
} from '../../../src/targets/selectors/messenger-selectors.ts';
import { findFirstOf, parseHierarchy } from '../../../src/targets/ui-hierarchy.ts';
import { FAKE_SCREENSHOT, FakeNativePhone } from '../../support/fake-native-phone.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/ui/messenger/${name}.xml`, import.meta.url), 'utf8');

const TOKEN = '40917';
const PROBE = { token: TOKEN, canaryUrl: '' };
const FAST = { openDeadlineMs: 300, pollMs: 5 };

/** Accounts per app: this phone and its peer. */
const ACCOUNTS: Record<string, { account: string; peer: string }> = {
  whatsapp: { account: '+37060000001', peer: '+37060000002' },
  signal: { account: '+37060000001', peer: '+37060000002' },
  telegram: { account: '@cw_lab_phone', peer: '@cw_lab_peer' },
  'google-messages': { account: '+37060000001', peer: '+37060000002' },
};

const EXPECTED_LINKS: Record<string, string> = {
  whatsapp: 'https://wa.me/37060000002',
  signal: 'https://signal.me/#p/+37060000002',
  telegram: 'tg://resolve?domain=cw_lab_peer',
  'google-messages': 'sms:+37060000002',
};

interface ChatScript {
  /** Screens after the deep link, in order; the last one stays. */
  afterDeepLink: string[];
  /** Screens after tapping send; the last one stays. */
  afterSend?: string[];
  /** What the compose box holds when the chat opens (a left-over draft). */
  draft?: string;
  /** Tapping send does nothing (the app refuses to send): the message stays in the compose box. */
  sendRefused?: boolean;
}

/** A phone showing a messenger: a deep link opens the chat's screens, tapping send sends. */
class FakeChatPhone extends FakeNativePhone {
  readonly #script: ChatScript;

  constructor(script: ChatScript) {
    super({ typedMarker: 'showing-hint="true"', activity: '.HomeActivity' });
    this.#script = script;
  }

  protected onExecute(script: string): void {
    if (script === 'mobile: deepLink') {
      this.typed = this.#script.draft ?? '';
      this.screens = [...this.#script.afterDeepLink];
    }
  }

  protected onTap(): void {
    if (this.#script.sendRefused) return;
    this.typed = '';
    this.screens = [...(this.#script.afterSend ?? [this.screens[0]!])];
  }
}

function messengerOn(
  app: string,
  script: ChatScript,
  options: Partial<AndroidMessengerOptions> = {},
) {
  const phone = new FakeChatPhone(script);
  const target = new AndroidMessengerTarget(phone.asBrowser(), {
    app,
    ...ACCOUNTS[app]!,
    ...FAST,
    ...options,
  });
  return { phone, target };
}

const isFault = (code: string, pattern?: RegExp) => (error: unknown) =>
  error instanceof ProbeFault && error.code === code && (!pattern || pattern.test(error.message));

const withoutLines = (xml: string, marker: string): string =>
  xml
    .split('\n')
    .filter((line) => !line.includes(marker))
    .join('\n');

describe('phone messenger selectors', () => {
  test('cover Telegram, WhatsApp, Signal and Google Messages', () => {
    assert.deepEqual(messengerApps().sort(), ['google-messages', 'signal', 'telegram', 'whatsapp']);
  });

  for (const app of messengerApps()) {
    test(`${app}: find the compose box, the send button and the message list on the recorded chat`, () => {
      const selectors = messengerSelectorsFor(app);
      const chat = parseHierarchy(fixture(`${app}-chat`));
      assert.ok(findFirstOf(chat, selectors.composeBox), 'compose box');
      assert.ok(findFirstOf(chat, selectors.sendButton), 'send button');
      assert.ok(findFirstOf(chat, selectors.messageList), 'message list');
    });

    test(`${app}: tells own messages from received ones and cuts time and status off`, () => {
      const selectors = messengerSelectorsFor(app);
      const read = (name: string) => {
        const hierarchy = parseHierarchy(fixture(name));
        const list = findFirstOf(hierarchy, selectors.messageList)!.node;
        return readMessages(hierarchy, list, selectors).map(({ side, text }) => [side, text]);
      };
      const history = [
        ['incoming', '11111 good morning'],
        ['outgoing', '11112 morning!'],
      ];
      assert.deepEqual(read(`${app}-sent`), [...history, ['outgoing', '40917 Free Tibet']]);
      assert.deepEqual(read(`${app}-received`), [...history, ['incoming', '40917 Free Tibet']]);
    });
  }

  test('opens chats by deep link built from a checked address', () => {
    for (const app of messengerApps()) {
      const selectors = messengerSelectorsFor(app);
      const peer = parseAccountAddress(app, ACCOUNTS[app]!.peer, 'peer', selectors);
      assert.equal(chatLinkFor(selectors, peer), EXPECTED_LINKS[app], app);
    }
    const telegram = messengerSelectorsFor('telegram');
    assert.equal(
      chatLinkFor(telegram, parseAccountAddress('telegram', '+37060000002', 'peer', telegram)),
      'tg://resolve?phone=37060000002',
    );
  });

  test('refuses an address the app cannot open, naming the field and the forms it takes', () => {
    const refused = (app: string, address: string, pattern: RegExp) =>
      assert.throws(
        () => parseAccountAddress(app, address, 'targets[0].peer.account'),
        (error: unknown) =>
          error instanceof InputError &&
          error.field === 'targets[0].peer.account' &&
          pattern.test(error.message),
        `${app} ${address}`,
      );
    refused('whatsapp', '@cw_lab_peer', /E\.164/);
    refused('whatsapp', '37060000002', /E\.164/);
    // the address reaches `adb shell am start`: nothing beyond digits, + and name characters
    refused('signal', '+3706000; reboot', /E\.164/);
    refused('telegram', '@x', /username such as @censorwatch_peer/);
    refused('google-messages', '+370 600 00002', /E\.164/);
  });
});

describe('AndroidMessengerTarget, outbound', () => {
  for (const app of messengerApps()) {
    test(`${app}: opens the peer's chat, types, taps send and reads its own message back`, async () => {
      const { phone, target } = messengerOn(app, {
        afterDeepLink: [fixture(`${app}-chat`)],
        afterSend: [fixture(`${app}-chat`), fixture(`${app}-sent`)],
      });
      await target.open(PROBE);
      assert.deepEqual(phone.commands('execute')[0], [
        'mobile: deepLink',
        { url: EXPECTED_LINKS[app], package: messengerSelectorsFor(app).packageName },
      ]);
      assert.equal(await target.readEcho(), '', 'the hint of an empty compose box is not an echo');
      await target.enterText(`${TOKEN} Free Tibet`, 'set-text');
      assert.equal(await target.readEcho(), `${TOKEN} Free Tibet`);
      const outcome = await target.submit(1000);
      assert.equal(outcome.movedOn, true);
      assert.equal(outcome.location, `chat:${ACCOUNTS[app]!.peer}`);
      const render = await target.readRender();
      assert.equal(render.text, `${TOKEN} Free Tibet`);
      assert.match(render.pageText, /11111 good morning/);
      assert.equal(
        (await target.readReceived()).text,
        null,
        'no message from the peer carries the token',
      );
    });
  }

  test('types key by key into the focused compose box on the key-events path', async () => {
    const { phone, target } = messengerOn('whatsapp', {
      afterDeepLink: [fixture('whatsapp-chat')],
    });
    await target.open(PROBE);
    await target.enterText(`${TOKEN} 自由西藏`, 'key-events');
    assert.equal(phone.typed, `${TOKEN} 自由西藏`);
    assert.equal(phone.commands('performActions').length, 1);
  });

  test('empties a draft left in the compose box before the probe types', async () => {
    const { phone, target } = messengerOn('signal', {
      afterDeepLink: [fixture('signal-chat')],
      draft: 'left over',
    });
    await target.open(PROBE);
    assert.equal(phone.commands('clearValue').length, 1);
    assert.equal(await target.readEcho(), '');
  });

  test('reads a masked own message as the phone shows it', async () => {
    const { target } = messengerOn('whatsapp', {
      afterDeepLink: [fixture('whatsapp-chat')],
      afterSend: [fixture('whatsapp-masked')],
    });
    await target.open(PROBE);
    await target.enterText(`${TOKEN} Free Tibet`, 'set-text');
    await target.submit(1000);
    assert.equal((await target.readRender()).text, `${TOKEN} Free *****`);
  });

  test('did not move on while the compose box still holds the message and no bubble shows', async () => {
    const { phone, target } = messengerOn('whatsapp', {
      afterDeepLink: [fixture('whatsapp-chat')],
      sendRefused: true,
    });
    await target.open(PROBE);
    await target.enterText(`${TOKEN} Free Tibet`, 'set-text');
    const outcome = await target.submit(60);
    assert.equal(outcome.movedOn, false);
    assert.ok(outcome.elapsedMs >= 50, 'waited out the deadline');
    assert.equal(phone.commands('click').length, 1, 'tapped send once, no retry');
    assert.equal(await target.readEcho(), `${TOKEN} Free Tibet`);
  });

  test('a missing send button is a fault, never "blocked"', async () => {
    const noSend = withoutLines(fixture('whatsapp-chat'), 'com.whatsapp:id/send"');
    const { target } = messengerOn('whatsapp', { afterDeepLink: [noSend] });
    await target.open(PROBE);
    await target.enterText(`${TOKEN} Free Tibet`, 'set-text');
    await assert.rejects(target.submit(1000), isFault('E_SELECTOR_MISSING', /send button/));
  });
});

describe('AndroidMessengerTarget, inbound', () => {
  for (const app of messengerApps()) {
    test(`${app}: reads the peer's message with the token`, async () => {
      const { target } = messengerOn(app, {
        afterDeepLink: [fixture(`${app}-chat`), fixture(`${app}-received`)],
      });
      await target.open(PROBE);
      assert.equal((await target.readReceived()).text, `${TOKEN} Free Tibet`);
      assert.equal((await target.readRender()).text, null);
    });
  }
});

describe('AndroidMessengerTarget faults', () => {
  test('a chat that never opens (the number is not on WhatsApp) is selector-missing, with the activity', async () => {
    const { target } = messengerOn('whatsapp', { afterDeepLink: [fixture('whatsapp-not-on-app')] });
    await assert.rejects(
      target.open(PROBE),
      isFault('E_SELECTOR_MISSING', /did not show a compose box within 300 ms.*HomeActivity/),
    );
  });

  test('reading with no message list on screen is a fault, not an empty chat', async () => {
    const { target } = messengerOn('whatsapp', {
      afterDeepLink: [fixture('whatsapp-chat'), fixture('whatsapp-not-on-app')],
    });
    await target.open(PROBE);
    await assert.rejects(target.readRender(), isFault('E_SELECTOR_MISSING', /message list/));
  });

  test('a driver failure becomes a probe fault (the phone gone is device-lost)', async () => {
    const { phone, target } = messengerOn('telegram', {
      afterDeepLink: [fixture('telegram-chat')],
    });
    await target.open(PROBE);
    phone.failNext = Object.assign(new Error('A session is either terminated or not started'), {
      name: 'invalid session id',
    });
    await assert.rejects(target.readRender(), isFault('E_DEVICE_LOST'));
  });

  test('typing before open is a session fault; ime on a keyboard that is not Gboard is input-unsupported', async () => {
    const ime = readFileSync(
      new URL('../../fixtures/ui/ime/swiftkey-letters.xml', import.meta.url),
      'utf8',
    );
    const keyboardWindow = ime.slice(
      ime.indexOf('  <android.widget.FrameLayout index="1"'),
      ime.lastIndexOf('</hierarchy>'),
    );
    const withSwiftKey = fixture('signal-chat').replace(
      '</hierarchy>',
      `${keyboardWindow}</hierarchy>`,
    );
    const { phone, target } = messengerOn('signal', { afterDeepLink: [withSwiftKey] });
    await assert.rejects(target.enterText('x', 'set-text'), isFault('E_SESSION', /open\(\)/));
    await target.open(PROBE);
    await assert.rejects(target.enterText('x', 'ime'), isFault('E_INPUT_UNSUPPORTED', /swiftkey/));
    assert.equal(phone.commands('performActions').length, 0);
  });

  test('evidence is the screenshot and the UI hierarchy', async () => {
    const { target } = messengerOn('whatsapp', { afterDeepLink: [fixture('whatsapp-sent')] });
    await target.open(PROBE);
    const evidence = await target.captureEvidence();
    assert.deepEqual(evidence.screenshotPng, FAKE_SCREENSHOT);
    assert.match(evidence.dom, /com\.whatsapp:id\/message_text/);
  });

  test('a bad account in the profile stops the adapter from being built', () => {
    assert.throws(
      () =>
        new AndroidMessengerTarget({} as WebdriverIO.Browser, {
          app: 'whatsapp',
          account: '+37060000001',
          peer: 'peer',
        }),
      (error: unknown) => error instanceof InputError && error.field === 'targets[].peer.account',
    );
    assert.throws(
      () =>
        new AndroidMessengerTarget({} as WebdriverIO.Browser, {
          app: 'viber',
          account: '+37060000001',
          peer: '+37060000002',
        }),
      (error: unknown) => error instanceof InputError && /no phone selectors/.test(error.message),
    );
  });
});
