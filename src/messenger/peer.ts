// The far end of a messenger probe: a bot on the service, or a second phone.

/** A message the peer received for a probe. */
export interface ReceivedMessage {
  /** The text exactly as it arrived (token prefix included). */
  body: string;
  /** Epoch ms when the peer first saw it. */
  receivedAt: number;
  /** The protocol's own record of it (an XMPP stanza), when the peer has one: evidence. */
  stanza?: string;
}

/** What a messenger probe needs of its far end. Faults are ProbeFault E_CANARY_UNREACHABLE: an unreachable far end proves nothing. */
export interface MessengerPeer {
  /** The peer's own address (where outbound probes are sent). */
  readonly address: string;
  /** Gets ready to receive the probe with `token` (online, the chat open). */
  ready(token: string): Promise<void>;
  /** The first message carrying `token`, or null when none arrived within `deadlineMs`. */
  waitForMessage(token: string, deadlineMs: number): Promise<ReceivedMessage | null>;
  /**
   * Throws E_CANARY_UNREACHABLE when the peer went offline since `ready`: what it did not see or
   * send in between proves nothing.
   */
  confirmOnline(): void;
  /** Sends `body` to `to` (inbound probes). */
  send(to: string, body: string): Promise<void>;
  close(): Promise<void>;
}
