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
/** @xmpp/connection statuses of a session that is going or gone. */
const DOWN = new Set(['disconnecting', 'disconnect', 'closing', 'close', 'offline']);

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
  readonly #options: PeerBotOptions;
  readonly #received = new Map<string, PeerMessage[]>();
  readonly jid: string;
  #xmpp: XmppClient | undefined;
  #online = false;
  #closed = false;

  private constructor(options: PeerBotOptions) {
    this.#options = options;
    this.jid = `${options.username}@${options.domain}`;
  }

  /** Logs in, announces presence (or chat messages are not delivered live) and starts recording. */
  static async connect(options: PeerBotOptions): Promise<PeerBot> {
    const bot = new PeerBot(options);
    await bot.#logIn();
    log.info({ jid: bot.jid }, 'peer online');
    return bot;
  }

  /** One XMPP session; it never reconnects by itself: an outage must end the probe it struck. */
  async #logIn(): Promise<void> {
    const options = this.#options;
    const xmpp = client({
      service: options.service,
      domain: options.domain,
      username: options.username,
      password: options.password,
      resource: options.resource ?? 'censorwatch-peer',
    });
    xmpp.on('error', (error: unknown) => log.warn({ err: error, jid: this.jid }, 'peer error'));
    // the stream or socket closed under it (a server restart says no `offline`): it is down
    xmpp.on('status', (status: string) => {
      if (this.#xmpp === xmpp && DOWN.has(status)) this.#online = false;
    });
    xmpp.on('stanza', (stanza: XmppElement) => this.#record(stanza));
    xmpp.reconnect?.stop();
    this.#xmpp = xmpp;
    try {
      await withTimeout(xmpp.start(), CONNECT_TIMEOUT_MS, `the peer ${this.jid} could not log in`);
      await xmpp.send(xml('presence', {}));
    } catch (error) {
      await xmpp.stop().catch(() => undefined);
      throw new ServiceError(`peer ${this.jid} could not connect to ${options.service}`, {
        cause: error,
      });
    }
    this.#online = true;
  }

  get address(): string {
    return this.jid;
  }

  /**
   * The bot records every message as it arrives: ready means online. A peer that went offline
   * (the server restarted) logs in again here, between probes; the probe its outage struck
   * already ended inconclusive.
   * @throws ProbeFault E_CANARY_UNREACHABLE when it cannot log in again
   */
  async ready(): Promise<void> {
    if (this.#online || this.#closed) return this.confirmOnline();
    const old = this.#xmpp;
    this.#xmpp = undefined;
    await old?.stop().catch(() => undefined);
    try {
      await this.#logIn();
    } catch (error) {
      throw new ProbeFault(
        'E_CANARY_UNREACHABLE',
        `the peer ${this.jid} (the far end) is offline and could not log in again: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    log.info({ jid: this.jid }, 'peer logged in again');
  }

  /** @throws ProbeFault E_CANARY_UNREACHABLE (inconclusive canary-unreachable) when the peer is offline */
  confirmOnline(): void {
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
      this.confirmOnline();
      if (Date.now() >= until) return null;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Sends a chat message (inbound probes). */
  async send(to: string, body: string): Promise<void> {
    this.confirmOnline();
    await this.#xmpp!.send(xml('message', { type: 'chat', to }, xml('body', {}, body)));
  }

  /** Logs out for good: a closed peer does not log in again. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#online = false;
    await this.#xmpp?.stop().catch(() => undefined);
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
