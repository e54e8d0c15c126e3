import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADB_COMMAND,
  ADB_HEADER_BYTES,
  AdbPacketError,
  AdbPacketReader,
  MAX_PAYLOAD,
  MAX_PAYLOAD_BEFORE_CONNECT,
  decodeHeader,
  encodePacket,
  payloadChecksum,
  type AdbPacket,
} from '../../../src/lab/adb-phone/adb-packet.ts';

function packet(
  command: AdbPacket['command'],
  arg0: number,
  arg1: number,
  payload = '',
): AdbPacket {
  return { command, arg0, arg1, payload: Buffer.from(payload, 'latin1') };
}

/** A raw header with any words, for packets the encoder would never write. */
function rawHeader(words: [number, number, number, number, number, number]): Buffer {
  const header = Buffer.alloc(ADB_HEADER_BYTES);
  words.forEach((word, index) => header.writeUInt32LE(word >>> 0, index * 4));
  return header;
}

describe('encodePacket', () => {
  test('writes the six header words little-endian, the magic being the command inverted', () => {
    const bytes = encodePacket(packet('OKAY', 7, 0x01020304));
    assert.equal(bytes.length, ADB_HEADER_BYTES);
    assert.equal(
      bytes.toString('hex'),
      '4f4b4159' + '07000000' + '04030201' + '00000000' + '00000000' + 'b0b4bea6',
    );
  });

  test('appends the payload and its byte sum as the checksum old hosts verify', () => {
    const bytes = encodePacket(packet('WRTE', 1, 2, 'ab'));
    assert.equal(bytes.readUInt32LE(12), 2);
    assert.equal(bytes.readUInt32LE(16), 0x61 + 0x62);
    assert.equal(bytes.subarray(ADB_HEADER_BYTES).toString('latin1'), 'ab');
  });

  test('the checksum wraps at 2^32 instead of growing', () => {
    assert.equal(payloadChecksum(Buffer.alloc(MAX_PAYLOAD, 0xff)), (0xff * MAX_PAYLOAD) >>> 0);
  });
});

describe('decodeHeader', () => {
  test('reads back what encodePacket wrote', () => {
    const bytes = encodePacket(packet('CNXN', 0x01000001, MAX_PAYLOAD, 'host::'));
    assert.deepEqual(decodeHeader(bytes.subarray(0, ADB_HEADER_BYTES), MAX_PAYLOAD), {
      command: 'CNXN',
      arg0: 0x01000001,
      arg1: MAX_PAYLOAD,
      length: 6,
    });
  });

  test('rejects a magic that is not the inverted command', () => {
    const header = rawHeader([ADB_COMMAND.OPEN, 1, 0, 0, 0, 0x12345678]);
    assert.throws(() => decodeHeader(header, MAX_PAYLOAD), AdbPacketError);
  });

  test('rejects a command word the protocol does not have, even with a matching magic', () => {
    const word = 0x434e5953; // SYNC, retired long ago
    assert.throws(
      () => decodeHeader(rawHeader([word, 0, 0, 0, 0, ~word]), MAX_PAYLOAD),
      /Unknown command/,
    );
  });

  test('rejects a payload longer than the limit in force', () => {
    const header = rawHeader([
      ADB_COMMAND.WRTE,
      1,
      1,
      MAX_PAYLOAD_BEFORE_CONNECT + 1,
      0,
      ~ADB_COMMAND.WRTE,
    ]);
    assert.throws(() => decodeHeader(header, MAX_PAYLOAD_BEFORE_CONNECT), /at most 4096 bytes/);
    assert.equal(decodeHeader(header, MAX_PAYLOAD).length, MAX_PAYLOAD_BEFORE_CONNECT + 1);
  });
});

describe('AdbPacketReader', () => {
  const first = packet('OPEN', 5, 0, 'shell:getprop\0');
  const second = packet('OKAY', 5, 1);
  const stream = Buffer.concat([encodePacket(first), encodePacket(second)]);

  test('reassembles packets fed one byte at a time', () => {
    const reader = new AdbPacketReader();
    const got: AdbPacket[] = [];
    for (const byte of stream) got.push(...reader.push(Buffer.from([byte])));
    assert.deepEqual(got, [first, second]);
    assert.equal(reader.pendingBytes, 0);
  });

  test('splits packets that arrive in one chunk and keeps a partial tail for later', () => {
    const reader = new AdbPacketReader();
    const cut = stream.length - 5;
    assert.deepEqual(reader.push(stream.subarray(0, cut)), [first]);
    assert.equal(reader.pendingBytes, ADB_HEADER_BYTES - 5);
    assert.deepEqual(reader.push(stream.subarray(cut)), [second]);
  });

  test('copies payloads, so later chunks cannot change a packet already returned', () => {
    const reader = new AdbPacketReader();
    const bytes = encodePacket(packet('WRTE', 1, 1, 'xyz'));
    const [got] = reader.push(bytes);
    bytes.fill(0);
    assert.equal(got?.payload.toString('latin1'), 'xyz');
  });

  test('throws on garbage instead of waiting for more of it', () => {
    const reader = new AdbPacketReader();
    assert.throws(
      () => reader.push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')),
      AdbPacketError,
    );
  });

  test('accepts a large payload once its limit is raised after the handshake', () => {
    const reader = new AdbPacketReader();
    const big = packet('WRTE', 1, 1, 'x'.repeat(64 * 1024));
    assert.throws(() => reader.push(encodePacket(big)), AdbPacketError);
    const raised = new AdbPacketReader();
    raised.maxPayload = MAX_PAYLOAD;
    assert.equal(raised.push(encodePacket(big))[0]?.payload.length, 64 * 1024);
  });
});
