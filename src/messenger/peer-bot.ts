// The peer of messenger probes: an XMPP account read and written by a bot, the far end (egress) of outbound probes and the sender of inbound ones.
import { client, xml, type Client as XmppClient } from '@xmpp/client';
import { ProbeFault, ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import type { MessengerPeer, ReceivedMessage } from './peer.ts';

const log = logger('peer-bot');

type XmppElement = ReturnType<typeof xml>;

/** A probe payload starts with its digit token, then a space, then the text. */
const TOKEN_PREFIX = /^(\d{6,})(?:\s|$)/u;
const POLL_MS = 20;
const CONNECT_TIMEOUT_MS = 15 * 1000;

export interface PeerBotOptions {
  /** `xmpp://127.0.0.1:<port>` (TCP: Node 20 has no global WebSocket). */
  service: string;
  domain: string;
  username: string;
  password: string;
  /** @defaultValue `censorwatch-peer` */
  resource?: string;
}

/** One chat message the peer received. */
export interface PeerMessage extends ReceivedMessage {
  token: string;
  /** Bare JID of the sender. */
  from: string;
  /** The body exactly as received (token prefix included). */
  body: string;
  /** The stanza as XML text: evidence of what arrived. */
  stanza: string;
  receivedAt: number;
}

export class PeerBot implements MessengerPeer {
  readonly #xmpp: XmppClient;
  readonly #received = new Map<string, PeerMessage[]>();
  readonly jid: string;
  #online = false;

  private constructor(xmpp: XmppClient, jid: string) {
    this.#xmpp = xmpp;
    this.jid = jid;
  }

  /** Logs in, announces presence (or chat messages are not delivered live) and starts recording. */
  static async connect(options: PeerBotOptions): Promise<PeerBot> {
    const xmpp = client({
      service: options.service,
      domain: options.domain,
      username: options.username,
      password: options.password,
      resource: options.resource ?? 'censorwatch-peer',
    });
    const bot = new PeerBot(xmpp, `${options.username}@${options.domain}`);
    xmpp.on('error', (error: unknown) => log.warn({ err: error, jid: bot.jid }, 'peer error'));
    xmpp.on('offline', () => {
      bot.#online = false;
    });
    xmpp.on('stanza', (stanza: XmppElement) => bot.#record(stanza));
    // reconnecting behind the harness's back would hide an outage: an offline peer stays offline
    xmpp.reconnect?.stop();
    try {
      await withTimeout(xmpp.start(), CONNECT_TIMEOUT_MS, `the peer ${bot.jid} could not log in`);
      await xmpp.send(xml('presence', {}));
    } catch (error) {
      await xmpp.stop().catch(() => undefined);
      throw new ServiceError(`peer ${bot.jid} could not connect to ${options.service}`, {
        cause: error,
      });
    }
    bot.#online = true;
    log.info({ jid: bot.jid }, 'peer online');
    return bot;
  }

  get address(): string {
    return this.jid;
  }

  /** The bot records every message as it arrives: ready means online. */
  async ready(): Promise<void> {
    this.ensureOnline();
  }

  /** @throws ProbeFault E_CANARY_UNREACHABLE (inconclusive canary-unreachable) when the peer is offline */
  ensureOnline(): void {
    if (!this.#online) {
      throw new ProbeFault('E_CANARY_UNREACHABLE', `the peer ${this.jid} (the far end) is offline`);
    }
  }

  /**
   * The first message for `token`, or null when none arrived within `deadlineMs`.
   * @throws ProbeFault E_CANARY_UNREACHABLE (inconclusive canary-unreachable) when the peer is not online: silence would prove nothing
   */
  async waitForMessage(token: string, deadlineMs: number): Promise<PeerMessage | null> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const [first] = this.#received.get(token) ?? [];
      if (first) return first;
      this.ensureOnline();
      if (Date.now() >= until) return null;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Sends a chat message (inbound probes). */
  async send(to: string, body: string): Promise<void> {
    this.ensureOnline();
    await this.#xmpp.send(xml('message', { type: 'chat', to }, xml('body', {}, body)));
  }

  /** Logs out. */
  async close(): Promise<void> {
    this.#online = false;
    await this.#xmpp.stop().catch(() => undefined);
  }

  #record(stanza: XmppElement): void {
    if (!stanza.is('message') || stanza.attrs.type === 'error') return;
    const body = stanza.getChildText('body');
    if (body === null) return;
    const token = tokenOf(body);
    if (!token) return;
    const message: PeerMessage = {
      token,
      from: String(stanza.attrs.from ?? '').split('/')[0]!,
      body,
      stanza: stanza.toString(),
      receivedAt: Date.now(),
    };
    const list = this.#received.get(token) ?? [];
    list.push(message);
    this.#received.set(token, list);
  }
}

/** The probe token a message starts with, or null. */
export function tokenOf(body: string): string | null {
  return TOKEN_PREFIX.exec(body)?.[1] ?? null;
}

/** The text of a probe payload after its token prefix. */
export function textAfterToken(body: string): string {
  return body.replace(TOKEN_PREFIX, '');
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
