import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProbeFault } from '../../../src/errors.ts';
import { DevicePeer } from '../../../src/messenger/device-peer.ts';
import type { MessengerTarget } from '../../../src/targets/lab-messenger.ts';
import type { RenderObservation } from '../../../src/targets/target.ts';

const TOKEN = '4091712';

/** A peer phone's messenger as the DevicePeer sees it: received texts appear after some reads. */
class FakePeerPhone implements MessengerTarget {
  readonly kind = 'messenger' as const;
  readonly app = 'whatsapp';
  readonly inputPaths = ['set-text'] as const;
  readonly address = '+37060000002';
  readonly peerAddress = '+37060000001';
  readonly opened: string[] = [];
  readonly typed: string[] = [];
  /** Texts readReceived returns, one per read; the last stays. */
  received: (string | null)[] = [null];
  sendMovesOn = true;
  failWith: Error | null = null;

  async open(probe: { token: string }): Promise<void> {
    this.#maybeFail();
    this.opened.push(probe.token);
  }
  async enterText(text: string): Promise<void> {
    this.typed.push(text);
  }
  async readEcho(): Promise<string> {
    return this.typed.at(-1) ?? '';
  }
  async submit() {
    return { movedOn: this.sendMovesOn, location: 'chat', elapsedMs: 5 };
  }
  async readRender(): Promise<RenderObservation> {
    return { text: null, pageText: '', location: 'chat', at: Date.now() };
  }
  async readReceived(): Promise<RenderObservation> {
    this.#maybeFail();
    const text = this.received.length > 1 ? this.received.shift()! : this.received[0]!;
    return { text, pageText: text ?? '', location: 'chat', at: 1234 };
  }
  async captureEvidence() {
    return { screenshotPng: Buffer.alloc(0), dom: '' };
  }
  #maybeFail(): void {
    if (this.failWith) throw this.failWith;
  }
}

const farEnd = (pattern: RegExp) => (error: unknown) =>
  error instanceof ProbeFault &&
  error.code === 'E_CANARY_UNREACHABLE' &&
  pattern.test(error.message);

describe('DevicePeer', () => {
  test('opens its chat for the token, then returns the first message carrying it', async () => {
    const phone = new FakePeerPhone();
    phone.received = [null, `${TOKEN} Free *****`];
    const peer = new DevicePeer(phone, { pollMs: 1 });
    await peer.ready(TOKEN);
    assert.deepEqual(phone.opened, [TOKEN]);
    assert.deepEqual(await peer.waitForMessage(TOKEN, 1000), {
      body: `${TOKEN} Free *****`,
      receivedAt: 1234,
    });
  });

  test('nothing arrived within the deadline is null (the oracle decides what that means)', async () => {
    const peer = new DevicePeer(new FakePeerPhone(), { pollMs: 1 });
    await peer.ready(TOKEN);
    assert.equal(await peer.waitForMessage(TOKEN, 20), null);
  });

  test('sends an inbound message into the chat with the phone under test', async () => {
    const phone = new FakePeerPhone();
    await new DevicePeer(phone).send('+37060000001', `${TOKEN} 自由西藏`);
    assert.deepEqual(phone.opened, [TOKEN]);
    assert.deepEqual(phone.typed, [`${TOKEN} 自由西藏`]);
  });

  test('a peer phone that cannot send, or is asked to send elsewhere, is the far end failing', async () => {
    const phone = new FakePeerPhone();
    phone.sendMovesOn = false;
    const peer = new DevicePeer(phone);
    await assert.rejects(
      peer.send('+37060000001', `${TOKEN} x`),
      farEnd(/could not send: did not send/),
    );
    await assert.rejects(
      peer.send('+37069999999', `${TOKEN} x`),
      farEnd(/chats with \+37060000001/),
    );
  });

  test('losing the peer phone is canary-unreachable, never a fault of the phone under test', async () => {
    const phone = new FakePeerPhone();
    phone.failWith = new ProbeFault('E_DEVICE_LOST', 'the driver session failed: socket hang up');
    const peer = new DevicePeer(phone);
    await assert.rejects(
      peer.ready(TOKEN),
      farEnd(/peer phone \(\+37060000002\) could not open the chat: .*socket hang up/),
    );
    await assert.rejects(peer.waitForMessage(TOKEN, 10), farEnd(/could not read the chat/));
  });
});
