// The device side of one adb transport: handshake, authorisation and streams, packet in, packets out (no socket here).
import { randomBytes } from 'node:crypto';
import {
  ADB_VERSION,
  AUTH_TYPE,
  AdbPacketError,
  MAX_PAYLOAD,
  MAX_PAYLOAD_BEFORE_CONNECT,
  type AdbPacket,
} from './adb-packet.ts';
import type { PhoneLink } from './phone-state.ts';

/** What a connection asks of its phone. */
export interface AdbDeviceSide {
  readonly link: PhoneLink;
  readonly authorized: boolean;
  /** The CNXN payload, `device::…`. */
  banner(): string;
  /** What a service writes before it closes, or undefined when the phone has no such service. */
  openService(service: string): Buffer | undefined;
}

export interface AdbConnectionOptions {
  /** Largest WRTE payload sent, before the host's own limit applies. */
  writeChunkBytes: number;
  /** The 20-byte AUTH token. @defaultValue random bytes */
  authToken?: () => Buffer;
}

/**
 * `awaiting-host`: no CNXN yet. `held`: CNXN received while the phone is offline, left unanswered.
 * `authorizing`: AUTH token sent, the host's key not (yet) accepted. `connected`: CNXN sent back.
 */
export type ConnectionPhase = 'awaiting-host' | 'held' | 'authorizing' | 'connected';

/** The AUTH token size adb hosts accept. */
const AUTH_TOKEN_BYTES = 20;
/** Oldest protocol version a host may speak (checksummed payloads). */
const MIN_HOST_VERSION = 0x01000000;

interface OutgoingStream {
  localId: number;
  remoteId: number;
  /** Payloads still to write, each at most the agreed size. */
  chunks: Buffer[];
  /** A WRTE is out and its OKAY not yet back: write nothing more until then. */
  awaitingOkay: boolean;
}

export class AdbConnection {
  readonly #device: AdbDeviceSide;
  readonly #send: (packet: AdbPacket) => void;
  readonly #writeChunkBytes: number;
  readonly #authToken: () => Buffer;
  #phase: ConnectionPhase = 'awaiting-host';
  #hostVersion = ADB_VERSION;
  #hostMaxPayload = MAX_PAYLOAD_BEFORE_CONNECT;
  #nextLocalId = 1;
  readonly #streams = new Map<number, OutgoingStream>();

  constructor(
    device: AdbDeviceSide,
    send: (packet: AdbPacket) => void,
    options: AdbConnectionOptions,
  ) {
    this.#device = device;
    this.#send = send;
    this.#writeChunkBytes = options.writeChunkBytes;
    this.#authToken = options.authToken ?? (() => randomBytes(AUTH_TOKEN_BYTES));
  }

  get phase(): ConnectionPhase {
    return this.#phase;
  }

  /** Largest payload the host may send now: 4 KiB until connected, then what the CNXN offered. */
  get maxIncomingPayload(): number {
    return this.#phase === 'connected' ? MAX_PAYLOAD : MAX_PAYLOAD_BEFORE_CONNECT;
  }

  /** Streams open now. */
  get openStreams(): number {
    return this.#streams.size;
  }

  /**
   * Handles one packet from the host.
   * @throws AdbPacketError when the packet breaks the protocol; the caller drops the connection
   */
  receive(packet: AdbPacket): void {
    switch (packet.command) {
      case 'CNXN':
        return this.#onConnect(packet);
      case 'AUTH':
        return this.#onAuth(packet);
      case 'OPEN':
        return this.#onOpen(packet);
      case 'OKAY':
        return this.#onOkay(packet);
      case 'WRTE':
        return this.#onWrite(packet);
      case 'CLSE':
        return this.#onClose(packet);
    }
  }

  /** Looks again at a held handshake or a pending authorisation, after the phone's link or key changed. */
  resume(): void {
    if (this.#phase === 'held' && this.#device.link === 'online') this.#greet();
    else if (this.#phase === 'authorizing' && this.#device.authorized) this.#accept();
  }

  #onConnect(packet: AdbPacket): void {
    if (packet.arg0 < MIN_HOST_VERSION) {
      throw new AdbPacketError(
        `Expected a CNXN version >= 0x1000000, got 0x${packet.arg0.toString(16)}`,
      );
    }
    if (packet.arg1 === 0) throw new AdbPacketError('Expected a CNXN max payload > 0, got 0');
    if (!packet.payload.toString('latin1').startsWith('host:')) {
      throw new AdbPacketError(
        `Expected a host banner, got ${JSON.stringify(packet.payload.toString('latin1', 0, 32))}`,
      );
    }
    // a CNXN starts the transport over, whatever came before
    this.#streams.clear();
    this.#hostVersion = packet.arg0;
    this.#hostMaxPayload = packet.arg1;
    this.#phase = 'held';
    if (this.#device.link === 'online') this.#greet();
  }

  /** Answers a CNXN: CNXN back when the host's key is accepted, else an AUTH token. */
  #greet(): void {
    if (this.#device.authorized) return this.#accept();
    this.#phase = 'authorizing';
    this.#sendToken();
  }

  #sendToken(): void {
    this.#send({ command: 'AUTH', arg0: AUTH_TYPE.TOKEN, arg1: 0, payload: this.#authToken() });
  }

  #accept(): void {
    this.#phase = 'connected';
    this.#send({
      command: 'CNXN',
      arg0: Math.min(this.#hostVersion, ADB_VERSION),
      arg1: MAX_PAYLOAD,
      payload: Buffer.from(this.#device.banner(), 'utf8'),
    });
  }

  #onAuth(packet: AdbPacket): void {
    // a signature sent before the phone accepted the key can cross its CNXN: ignore it
    if (this.#phase === 'connected') return;
    if (this.#phase !== 'authorizing') {
      throw new AdbPacketError(
        `Expected no AUTH before the phone asked for one (phase ${this.#phase})`,
      );
    }
    switch (packet.arg0) {
      case AUTH_TYPE.SIGNATURE:
        // signatures are never checked: the phone either trusts every key or none
        if (this.#device.authorized) this.#accept();
        else this.#sendToken();
        return;
      case AUTH_TYPE.RSAPUBLICKEY:
        // the host offers its key for the user to confirm; a lab phone's user confirms when the test says so
        if (this.#device.authorized) this.#accept();
        return;
      default:
        throw new AdbPacketError(`Expected AUTH type 2 or 3 from a host, got ${packet.arg0}`);
    }
  }

  #requireConnected(packet: AdbPacket): void {
    if (this.#phase !== 'connected') {
      throw new AdbPacketError(
        `Expected no ${packet.command} before the handshake (phase ${this.#phase})`,
      );
    }
  }

  #onOpen(packet: AdbPacket): void {
    this.#requireConnected(packet);
    const remoteId = packet.arg0;
    if (remoteId === 0) throw new AdbPacketError('Expected OPEN with a local id > 0, got 0');
    const service = packet.payload.toString('utf8').replace(/\0+$/, '');
    const output = this.#device.openService(service);
    if (output === undefined) {
      this.#send({ command: 'CLSE', arg0: 0, arg1: remoteId, payload: Buffer.alloc(0) });
      return;
    }
    const localId = this.#nextLocalId;
    this.#nextLocalId = (this.#nextLocalId % 0x7fffffff) + 1;
    const size = Math.min(this.#writeChunkBytes, this.#hostMaxPayload, MAX_PAYLOAD);
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < output.length; offset += size) {
      chunks.push(output.subarray(offset, offset + size));
    }
    const stream: OutgoingStream = { localId, remoteId, chunks, awaitingOkay: false };
    this.#streams.set(localId, stream);
    this.#send({ command: 'OKAY', arg0: localId, arg1: remoteId, payload: Buffer.alloc(0) });
    this.#flush(stream);
  }

  /** Writes the next chunk, or closes the stream once every chunk is acknowledged. */
  #flush(stream: OutgoingStream): void {
    if (stream.awaitingOkay) return;
    const chunk = stream.chunks.shift();
    if (chunk) {
      stream.awaitingOkay = true;
      this.#send({ command: 'WRTE', arg0: stream.localId, arg1: stream.remoteId, payload: chunk });
      return;
    }
    this.#streams.delete(stream.localId);
    this.#send({
      command: 'CLSE',
      arg0: stream.localId,
      arg1: stream.remoteId,
      payload: Buffer.alloc(0),
    });
  }

  /** The stream a host packet is for (arg1 = our id, arg0 = the host's), if it is still open. */
  #streamOf(packet: AdbPacket): OutgoingStream | undefined {
    const stream = this.#streams.get(packet.arg1);
    return stream && stream.remoteId === packet.arg0 ? stream : undefined;
  }

  #onOkay(packet: AdbPacket): void {
    this.#requireConnected(packet);
    const stream = this.#streamOf(packet);
    if (!stream?.awaitingOkay) return;
    stream.awaitingOkay = false;
    this.#flush(stream);
  }

  #onWrite(packet: AdbPacket): void {
    this.#requireConnected(packet);
    const stream = this.#streamOf(packet);
    // input to a fixture's stream (the client forwards its stdin) is read and dropped
    if (stream) {
      this.#send({
        command: 'OKAY',
        arg0: stream.localId,
        arg1: stream.remoteId,
        payload: Buffer.alloc(0),
      });
    }
  }

  #onClose(packet: AdbPacket): void {
    this.#requireConnected(packet);
    const stream = this.#streamOf(packet);
    if (stream) this.#streams.delete(stream.localId);
  }
}
