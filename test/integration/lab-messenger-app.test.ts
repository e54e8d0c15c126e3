// Integration (real Prosody, Converse.js in Chromium, the peer bot): the lab phone's messenger app sends and receives through the lab server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MessengerAppServer, messengerAppUrl } from '../../src/lab/messenger-app-server.ts';
import { PeerBot } from '../../src/messenger/peer-bot.ts';
import { ProsodyService } from '../../src/services/prosody-service.ts';

import { startLabChromium } from '../support/lab-chromium.ts';

const CHAT_OPEN_MS = 20 * 1000;
const DELIVERY_MS = 5 * 1000;
const prosody = new ProsodyService({ accounts: ['phone', 'peer'] });
const app = new MessengerAppServer();
let bot: PeerBot;
let browser: WebdriverIO.Browser;
let compose = '';

/** Texts of the chat's message bubbles, mine or the peer's. */
function bubbles(side: 'me' | 'them'): Promise<string[]> {
  return browser.execute(
    (selector: string) =>
      Array.from(document.querySelectorAll(selector), (element) => element.textContent ?? ''),
    `.chat-msg__content--${side} .chat-msg__text`,
  );
}

describe('the lab messenger app (Converse.js)', { timeout: 2 * 60 * 1000 }, () => {
  before(async () => {
    // Chromium starts while Prosody does
    const starts = [
      prosody.start(),
      app.start(),
      startLabChromium().then((session) => (browser = session)),
    ] as const;
    await Promise.allSettled(starts); // all ended, so after() stops whatever did start
    const [endpoints, appUrl] = await Promise.all(starts);
    const peer = prosody.account('peer');
    const phone = prosody.account('phone');
    bot = await PeerBot.connect({
      service: endpoints.xmppUrl,
      domain: endpoints.domain,
      username: peer.username,
      password: peer.password,
    });
    compose = `converse-chat[jid="${peer.jid}"] textarea.chat-textarea`;
    await browser.url(
      messengerAppUrl(appUrl, {
        websocketUrl: endpoints.websocketUrl,
        jid: phone.jid,
        password: phone.password,
        peer: peer.jid,
      }),
    );
    await browser.$(compose).waitForExist({ timeout: CHAT_OPEN_MS });
  });
  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
    await bot?.close();
    await Promise.allSettled([app.stop(), prosody.stop()]);
  });

  test('logs in and opens the chat with the peer', async () => {
    assert.equal(
      await browser.execute(() => document.body.dataset.censorwatchChat ?? null),
      'open',
    );
  });

  test('sends what is typed (CJK) to the peer, and shows it in its own chat view', async () => {
    const payload = '4102937 台湾独立万岁';
    await browser.$(compose).addValue(payload);
    assert.equal(
      await browser.execute(
        (s: string) => (document.querySelector(s) as HTMLTextAreaElement).value,
        compose,
      ),
      payload,
    );
    await browser.keys('Enter');
    const received = await bot.waitForMessage('4102937', DELIVERY_MS);
    assert.equal(received?.body, payload);
    await browser.waitUntil(async () => (await bubbles('me')).includes(payload), {
      timeout: DELIVERY_MS,
      timeoutMsg: 'the sent message is not in the chat view',
    });
  });

  test('shows what the peer sends', async () => {
    const payload = '4102938 Laisvę Tibetui';
    await bot.send(prosody.account('phone').jid, payload);
    await browser.waitUntil(async () => (await bubbles('them')).includes(payload), {
      timeout: DELIVERY_MS,
      timeoutMsg: 'the received message is not shown',
    });
  });

  test('loads nothing from outside the machine (page, client and websocket are on loopback)', async () => {
    const loaded = await browser.execute(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => (entry as PerformanceResourceTiming).responseEnd > 0)
        .map((entry) => entry.name),
    );
    const outside = loaded.filter((name) => !/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(name));
    assert.deepEqual(outside, []);
  });
});
