// Integration (real Prosody from Debian, @xmpp/client over TCP): the lab messenger server and its peer bot.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ProbeFault, MissingDependencyError, InputError } from '../../src/errors.ts';
import { PeerBot, textAfterToken } from '../../src/messenger/peer-bot.ts';
import { ProsodyService } from '../../src/services/prosody-service.ts';

const PHONE = 'lab-mi10t-eu-v12-5-4';
const prosody = new ProsodyService({ accounts: [PHONE, 'peer'] });
let phone: PeerBot;
let peer: PeerBot;

function botFor(username: string): Promise<PeerBot> {
  const account = prosody.account(username);
  return PeerBot.connect({
    service: prosody.endpoints.xmppUrl,
    domain: prosody.endpoints.domain,
    username: account.username,
    password: account.password,
  });
}

describe('the lab messenger server', { timeout: 60 * 1000 }, () => {
  before(async () => {
    await prosody.start();
    [phone, peer] = await Promise.all([botFor(PHONE), botFor('peer')]);
  });
  after(async () => {
    await Promise.allSettled([phone?.close(), peer?.close()]);
    await prosody.stop();
  });

  test('listens on loopback ports chosen at start', () => {
    assert.match(prosody.endpoints.xmppUrl, /^xmpp:\/\/127\.0\.0\.1:\d+$/);
    assert.match(prosody.endpoints.websocketUrl, /^ws:\/\/127\.0\.0\.1:\d+\/xmpp-websocket$/);
  });

  test('carries a message with a CJK term from one lab account to the other, matched by token', async () => {
    const body = '7301945 台湾独立万岁 Laisvę Tibetui';
    await phone.send(peer.jid, body);
    const received = await peer.waitForMessage('7301945', 5000);
    assert.ok(received, 'the peer got the message');
    assert.equal(received.body, body);
    assert.equal(received.from, phone.jid);
    assert.equal(textAfterToken(received.body), '台湾独立万岁 Laisvę Tibetui');
    assert.match(received.stanza, /<message /);
  });

  test('a message that never came is null after the deadline, not an error', async () => {
    assert.equal(await peer.waitForMessage('7309999', 300), null);
  });

  test('every lab account sees the others in its roster (shared group)', async () => {
    const client = (await import('@xmpp/client')).client;
    const account = prosody.account('peer');
    const xmpp = client({
      service: prosody.endpoints.xmppUrl,
      domain: prosody.endpoints.domain,
      username: account.username,
      password: account.password,
      resource: 'roster-check',
    });
    xmpp.on('error', () => undefined);
    await xmpp.start();
    try {
      const { xml } = await import('@xmpp/client');
      const reply = await xmpp.iqCaller.request(
        xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })),
      );
      const jids = reply
        .getChild('query')!
        .getChildren('item')
        .map((item: { attrs: Record<string, unknown> }) => String(item.attrs.jid));
      assert.ok(jids.includes(phone.jid), `roster: ${jids.join(', ')}`);
    } finally {
      await xmpp.stop();
    }
  });

  test('an offline peer is a fault of the far end (inconclusive), never silence', async () => {
    const gone = await botFor('peer');
    await gone.close();
    await assert.rejects(
      gone.waitForMessage('7301000', 1000),
      (error: unknown) => error instanceof ProbeFault && error.code === 'E_CANARY_UNREACHABLE',
    );
  });
});

describe('lab messenger server errors', () => {
  test('names the Debian package when Prosody is missing', async () => {
    const missing = new ProsodyService({
      accounts: ['peer'],
      prosodyctlCommand: '/nonexistent/prosodyctl',
      prosodyCommand: '/nonexistent/prosody',
    });
    await assert.rejects(
      missing.start(),
      (error: unknown) =>
        error instanceof MissingDependencyError && /apt-get install -y prosody/.test(error.message),
    );
  });

  test('refuses an account name that is not an XMPP localpart, naming the field', () => {
    assert.throws(
      () => new ProsodyService({ accounts: ['peer', 'Bad Name'] }),
      (error: unknown) => error instanceof InputError && error.field === 'accounts[1]',
    );
  });
});
