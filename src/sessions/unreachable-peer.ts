// A far end that could not be reached when the batch started: every probe that needs it is inconclusive(canary-unreachable).
import { ProbeFault } from '../errors.ts';
import type { MessengerPeer, ReceivedMessage } from '../messenger/peer.ts';

export class UnreachablePeer implements MessengerPeer {
  readonly address: string;
  readonly #why: string;

  constructor(address: string, why: string) {
    this.address = address;
    this.#why = why;
  }

  async ready(): Promise<void> {
    throw this.#fault();
  }

  async waitForMessage(): Promise<ReceivedMessage | null> {
    throw this.#fault();
  }

  confirmOnline(): void {
    throw this.#fault();
  }

  async send(): Promise<void> {
    throw this.#fault();
  }

  async close(): Promise<void> {}

  #fault(): ProbeFault {
    return new ProbeFault('E_CANARY_UNREACHABLE', `the peer is offline: ${this.#why}`);
  }
}
