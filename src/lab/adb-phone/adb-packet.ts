// The adb wire packet: a 24-byte little-endian header and its payload, encoded, checked and reassembled from a TCP stream.

/** Command words of the packets a device exchanges with an adb host (AOSP protocol.txt). */
export const ADB_COMMAND = {
  CNXN: 0x4e584e43,
  AUTH: 0x48545541,
  OPEN: 0x4e45504f,
  OKAY: 0x59414b4f,
  CLSE: 0x45534c43,
  WRTE: 0x45545257,
} as const;

export type AdbCommand = keyof typeof ADB_COMMAND;

/** AUTH packet types (arg0). */
export const AUTH_TYPE = { TOKEN: 1, SIGNATURE: 2, RSAPUBLICKEY: 3 } as const;

/** Protocol version from which the payload checksum is optional (adb 1.0.40 and later skip it). */
export const ADB_VERSION = 0x01000001;
export const ADB_HEADER_BYTES = 24;
/** Largest payload either side may send before the handshake has agreed on more. */
export const MAX_PAYLOAD_BEFORE_CONNECT = 4 * 1024;
/** Largest payload the lab phone accepts once connected, and what it offers in its CNXN. */
export const MAX_PAYLOAD = 1024 * 1024;

const COMMAND_OF_WORD = new Map<number, AdbCommand>(
  Object.entries(ADB_COMMAND).map(([name, word]) => [word, name as AdbCommand]),
);

export interface AdbPacket {
  command: AdbCommand;
  arg0: number;
  arg1: number;
  payload: Buffer;
}

/** A packet that breaks the protocol: the connection that sent it is dropped. */
export class AdbPacketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdbPacketError';
  }
}

/** Sum of the payload's bytes, modulo 2^32: the `data_check` hosts before 1.0.40 verify. */
export function payloadChecksum(payload: Uint8Array): number {
  let sum = 0;
  for (const byte of payload) sum = (sum + byte) >>> 0;
  return sum;
}

/** Header and payload of one packet, ready to write to the socket. */
export function encodePacket(packet: AdbPacket): Buffer {
  const word = ADB_COMMAND[packet.command];
  const header = Buffer.alloc(ADB_HEADER_BYTES);
  header.writeUInt32LE(word, 0);
  header.writeUInt32LE(packet.arg0 >>> 0, 4);
  header.writeUInt32LE(packet.arg1 >>> 0, 8);
  header.writeUInt32LE(packet.payload.length, 12);
  header.writeUInt32LE(payloadChecksum(packet.payload), 16);
  header.writeUInt32LE((word ^ 0xffffffff) >>> 0, 20);
  return Buffer.concat([header, packet.payload]);
}

interface AdbHeader {
  command: AdbCommand;
  arg0: number;
  arg1: number;
  length: number;
}

/**
 * Reads one header; the checksum is not verified (hosts since 1.0.40 send 0).
 * @throws AdbPacketError on an unknown command, a wrong magic or a payload over `maxPayload`
 */
export function decodeHeader(header: Buffer, maxPayload: number): AdbHeader {
  if (header.length !== ADB_HEADER_BYTES) {
    throw new AdbPacketError(`Expected a ${ADB_HEADER_BYTES}-byte header, got ${header.length}`);
  }
  const word = header.readUInt32LE(0);
  const magic = header.readUInt32LE(20);
  if (magic !== (word ^ 0xffffffff) >>> 0) {
    throw new AdbPacketError(
      `Expected magic 0x${((word ^ 0xffffffff) >>> 0).toString(16)}, got 0x${magic.toString(16)}`,
    );
  }
  const command = COMMAND_OF_WORD.get(word);
  if (!command) throw new AdbPacketError(`Unknown command word 0x${word.toString(16)}`);
  const length = header.readUInt32LE(12);
  if (length > maxPayload) {
    throw new AdbPacketError(`Expected a payload of at most ${maxPayload} bytes, got ${length}`);
  }
  return { command, arg0: header.readUInt32LE(4), arg1: header.readUInt32LE(8), length };
}

/** Reassembles packets from TCP chunks, which may split or join packets anywhere. */
export class AdbPacketReader {
  /** Largest payload accepted; raised once the handshake is done. */
  maxPayload: number;
  #buffered: Buffer = Buffer.alloc(0);
  #header: AdbHeader | undefined;

  constructor(maxPayload = MAX_PAYLOAD_BEFORE_CONNECT) {
    this.maxPayload = maxPayload;
  }

  /** Bytes received but not yet part of a whole packet. */
  get pendingBytes(): number {
    return this.#buffered.length;
  }

  /**
   * Adds a chunk; returns the packets it completed, in order.
   * @throws AdbPacketError as soon as a header is invalid (the stream cannot be resynchronised)
   */
  push(chunk: Buffer): AdbPacket[] {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    const packets: AdbPacket[] = [];
    for (;;) {
      if (!this.#header) {
        if (this.#buffered.length < ADB_HEADER_BYTES) break;
        this.#header = decodeHeader(this.#buffered.subarray(0, ADB_HEADER_BYTES), this.maxPayload);
        this.#buffered = this.#buffered.subarray(ADB_HEADER_BYTES);
      }
      const { length } = this.#header;
      if (this.#buffered.length < length) break;
      const payload = Buffer.from(this.#buffered.subarray(0, length));
      this.#buffered = this.#buffered.subarray(length);
      const { command, arg0, arg1 } = this.#header;
      this.#header = undefined;
      packets.push({ command, arg0, arg1, payload });
    }
    return packets;
  }
}
