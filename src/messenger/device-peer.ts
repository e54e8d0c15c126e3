// The peer of a phone messenger played by a second phone: its messenger app, driven by the same adapter as the phone under test.
import { ProbeFault } from '../errors.ts';
import type { MessengerTarget } from '../targets/lab-messenger.ts';
import type { MessengerPeer, ReceivedMessage } from './peer.ts';
import { tokenOf } from './peer-bot.ts';

const DEFAULT_POLL_MS = 250;
/** How long the peer phone has to send an inbound probe. */
const SEND_DEADLINE_MS = 30 * 1000;

/**
 * A second phone as the far end. Its own firmware sits between the network and what it shows,
 * so it must be a phone already shown clean: a peer that masks what it receives would make the
 * phone under test look guilty. Every failure of the peer phone, including losing it, is
 * E_CANARY_UNREACHABLE: the far end was not there, the phone under test did nothing wrong.
 */
export class DevicePeer implements MessengerPeer {
  readonly address: string;
  readonly #target: MessengerTarget;
  readonly #pollMs: number;

  /** `target` is the peer phone's messenger, its chat partner being the phone under test. */
  constructor(target: MessengerTarget, options: { pollMs?: number } = {}) {
    this.#target = target;
    this.address = target.address;
    this.#pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  }

  /** Opens the chat with the phone under test, watching for `token`. */
  ready(token: string): Promise<void> {
    return this.#asFarEnd('open the chat', () => this.#target.open({ token, canaryUrl: '' }));
  }

  /** Polls what the peer phone shows of the phone's messages; call `ready(token)` first. */
  waitForMessage(token: string, deadlineMs: number): Promise<ReceivedMessage | null> {
    return this.#asFarEnd('read the chat', async () => {
      const until = Date.now() + deadlineMs;
      for (;;) {
        const seen = await this.#target.readReceived();
        if (seen.text !== null && tokenOf(seen.text) === token) {
          return { body: seen.text, receivedAt: seen.at };
        }
        if (Date.now() + this.#pollMs > until) return null;
        await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
      }
    });
  }

  /** A peer phone has no session to lose between calls: each of its calls fails on its own. */
  confirmOnline(): void {}

  /** Types `body` into the chat with the phone under test and sends it. */
  send(to: string, body: string): Promise<void> {
    return this.#asFarEnd('send', async () => {
      if (to !== this.#target.peerAddress) {
        throw new ProbeFault(
          'E_SESSION',
          `the peer phone chats with ${this.#target.peerAddress}, not ${to}`,
        );
      }
      const token = tokenOf(body);
      if (token === null)
        throw new ProbeFault('E_SESSION', 'an inbound message must start with its token');
      await this.#target.open({ token, canaryUrl: '' });
      await this.#target.enterText(body, 'set-text');
      const sent = await this.#target.submit(SEND_DEADLINE_MS);
      if (!sent.movedOn) {
        throw new ProbeFault('E_SESSION', `did not send within ${SEND_DEADLINE_MS} ms`);
      }
    });
  }

  /** The peer phone's session ends with the batch's session: nothing to close here. */
  async close(): Promise<void> {}

  async #asFarEnd<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new ProbeFault(
        'E_CANARY_UNREACHABLE',
        `the peer phone (${this.address}) could not ${what}: ${cause}`,
        { cause: error },
      );
    }
  }
}
