import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AdbConnection, type AdbDeviceSide } from '../../../src/lab/adb-phone/adb-connection.ts';
import {
  ADB_VERSION,
  AUTH_TYPE,
  AdbPacketError,
  MAX_PAYLOAD,
  MAX_PAYLOAD_BEFORE_CONNECT,
  type AdbPacket,
} from '../../../src/lab/adb-phone/adb-packet.ts';
import type { PhoneLink } from '../../../src/lab/adb-phone/phone-state.ts';

const BANNER =
  'device::ro.product.name=redfin;ro.product.model=Pixel 5;ro.product.device=redfin;features=';
const TOKEN = Buffer.alloc(20, 7);

class FakeDevice implements AdbDeviceSide {
  link: PhoneLink = 'online';
  authorized = true;
  services: Record<string, string> = { 'shell:echo hi': 'hi\n' };
  banner(): string {
    return BANNER;
  }
  openService(service: string): Buffer | undefined {
    const output = this.services[service];
    return output === undefined ? undefined : Buffer.from(output);
  }
}

function setup(writeChunkBytes = 4096) {
  const device = new FakeDevice();
  const sent: AdbPacket[] = [];
  const connection = new AdbConnection(device, (packet) => sent.push(packet), {
    writeChunkBytes,
    authToken: () => TOKEN,
  });
  /** What the phone sent since the last call, as `COMMAND arg0 arg1 payload`. */
  const drain = (): string[] =>
    sent
      .splice(0)
      .map(
        (p) =>
          `${p.command} ${p.arg0} ${p.arg1}${p.payload.length > 0 ? ` ${p.payload.toString('latin1')}` : ''}`,
      );
  return { device, connection, sent, drain };
}

function hostConnect(maxPayload = MAX_PAYLOAD): AdbPacket {
  return {
    command: 'CNXN',
    arg0: ADB_VERSION,
    arg1: maxPayload,
    payload: Buffer.from('host::features=cmd\0'),
  };
}

function hostPacket(
  command: AdbPacket['command'],
  arg0: number,
  arg1: number,
  payload = '',
): AdbPacket {
  return { command, arg0, arg1, payload: Buffer.from(payload) };
}

describe('AdbConnection handshake', () => {
  test('an authorized phone answers CNXN with its banner, 1 MiB max payload and no AUTH', () => {
    const { connection, drain } = setup();
    connection.receive(hostConnect());
    assert.deepEqual(drain(), [`CNXN ${ADB_VERSION} ${MAX_PAYLOAD} ${BANNER}`]);
    assert.equal(connection.phase, 'connected');
    assert.equal(connection.maxIncomingPayload, MAX_PAYLOAD);
  });

  test('an unauthorized phone sends a 20-byte token, a new one for each signature, and never CNXN', () => {
    const { device, connection, sent, drain } = setup();
    device.authorized = false;
    connection.receive(hostConnect());
    assert.equal(sent[0]?.command, 'AUTH');
    assert.equal(sent[0]?.arg0, AUTH_TYPE.TOKEN);
    assert.equal(sent[0]?.payload.length, 20);
    drain();
    connection.receive(hostPacket('AUTH', AUTH_TYPE.SIGNATURE, 0, 's'.repeat(256)));
    assert.equal(drain().length, 1);
    connection.receive(hostPacket('AUTH', AUTH_TYPE.RSAPUBLICKEY, 0, 'QAAAA… user@host\0'));
    assert.deepEqual(drain(), []);
    assert.equal(connection.phase, 'authorizing');
    assert.equal(connection.maxIncomingPayload, MAX_PAYLOAD_BEFORE_CONNECT);
  });

  test('accepting the key later answers the waiting host with CNXN, as a confirmed dialog does', () => {
    const { device, connection, drain } = setup();
    device.authorized = false;
    connection.receive(hostConnect());
    connection.receive(hostPacket('AUTH', AUTH_TYPE.RSAPUBLICKEY, 0, 'key\0'));
    drain();
    device.authorized = true;
    connection.resume();
    assert.deepEqual(drain(), [`CNXN ${ADB_VERSION} ${MAX_PAYLOAD} ${BANNER}`]);
  });

  test('an offline phone holds the CNXN unanswered until it comes online', () => {
    const { device, connection, drain } = setup();
    device.link = 'offline';
    connection.receive(hostConnect());
    assert.deepEqual(drain(), []);
    assert.equal(connection.phase, 'held');
    connection.resume();
    assert.deepEqual(drain(), []);
    device.link = 'online';
    connection.resume();
    assert.equal(drain().length, 1);
    assert.equal(connection.phase, 'connected');
  });

  test('a signature crossing the CNXN of a just-accepted key is ignored', () => {
    const { connection, drain } = setup();
    connection.receive(hostConnect());
    drain();
    connection.receive(hostPacket('AUTH', AUTH_TYPE.SIGNATURE, 0, 'late'));
    assert.deepEqual(drain(), []);
  });

  test('streams before the handshake, AUTH nobody asked for and a non-host banner break the protocol', () => {
    assert.throws(
      () => setup().connection.receive(hostPacket('OPEN', 1, 0, 'shell:\0')),
      AdbPacketError,
    );
    assert.throws(
      () => setup().connection.receive(hostPacket('AUTH', AUTH_TYPE.SIGNATURE, 0)),
      AdbPacketError,
    );
    const banner = { ...hostConnect(), payload: Buffer.from('device::') };
    assert.throws(() => setup().connection.receive(banner), /host banner/);
    assert.throws(() => setup().connection.receive({ ...hostConnect(), arg1: 0 }), /max payload/);
  });
});

describe('AdbConnection streams', () => {
  function connected(writeChunkBytes?: number) {
    const parts = setup(writeChunkBytes);
    parts.connection.receive(hostConnect());
    parts.drain();
    return parts;
  }

  test('OPEN is answered OKAY, then the output in a WRTE, then CLSE once the host acknowledged it', () => {
    const { connection, drain } = connected();
    connection.receive(hostPacket('OPEN', 9, 0, 'shell:echo hi\0'));
    assert.deepEqual(drain(), ['OKAY 1 9', 'WRTE 1 9 hi\n']);
    connection.receive(hostPacket('OKAY', 9, 1));
    assert.deepEqual(drain(), ['CLSE 1 9']);
    assert.equal(connection.openStreams, 0);
  });

  test('a long output goes out in chunks of the agreed size, one per host OKAY', () => {
    const { device, connection, drain } = connected(4);
    device.services['shell:getprop'] = 'abcdefghij';
    connection.receive(hostPacket('OPEN', 3, 0, 'shell:getprop\0'));
    assert.deepEqual(drain(), ['OKAY 1 3', 'WRTE 1 3 abcd']);
    connection.receive(hostPacket('OKAY', 3, 1));
    assert.deepEqual(drain(), ['WRTE 1 3 efgh']);
    // an OKAY for another stream does not release the next chunk
    connection.receive(hostPacket('OKAY', 4, 1));
    assert.deepEqual(drain(), []);
    connection.receive(hostPacket('OKAY', 3, 1));
    assert.deepEqual(drain(), ['WRTE 1 3 ij']);
    connection.receive(hostPacket('OKAY', 3, 1));
    assert.deepEqual(drain(), ['CLSE 1 3']);
  });

  test('chunks never exceed the max payload the host offered in its CNXN', () => {
    const { device, connection, drain } = setup(4096);
    connection.receive(hostConnect(3));
    drain();
    device.services['shell:x'] = 'abcdef';
    connection.receive(hostPacket('OPEN', 1, 0, 'shell:x'));
    assert.deepEqual(drain(), ['OKAY 1 1', 'WRTE 1 1 abc']);
  });

  test('an empty output closes right after OKAY', () => {
    const { device, connection, drain } = connected();
    device.services['shell:input keyevent 224'] = '';
    connection.receive(hostPacket('OPEN', 2, 0, 'shell:input keyevent 224\0'));
    assert.deepEqual(drain(), ['OKAY 1 2', 'CLSE 1 2']);
  });

  test('an unknown service is closed at once with remote id 0', () => {
    const { connection, drain } = connected();
    connection.receive(hostPacket('OPEN', 6, 0, 'sync:\0'));
    assert.deepEqual(drain(), ['CLSE 0 6']);
  });

  test('input the host writes to a stream is acknowledged and dropped', () => {
    const { device, connection, drain } = connected(1);
    device.services['shell:cat'] = 'ab';
    connection.receive(hostPacket('OPEN', 4, 0, 'shell:cat\0'));
    drain();
    connection.receive(hostPacket('WRTE', 4, 1, 'typed'));
    assert.deepEqual(drain(), ['OKAY 1 4']);
  });

  test('a host CLSE ends the stream: its remaining chunks are never written', () => {
    const { device, connection, drain } = connected(1);
    device.services['shell:cat'] = 'abc';
    connection.receive(hostPacket('OPEN', 4, 0, 'shell:cat\0'));
    drain();
    connection.receive(hostPacket('CLSE', 4, 1));
    connection.receive(hostPacket('OKAY', 4, 1));
    assert.deepEqual(drain(), []);
    assert.equal(connection.openStreams, 0);
  });

  test('each stream gets its own local id', () => {
    const { connection, drain } = connected();
    connection.receive(hostPacket('OPEN', 10, 0, 'shell:echo hi\0'));
    connection.receive(hostPacket('OPEN', 11, 0, 'shell:echo hi\0'));
    assert.deepEqual(drain(), ['OKAY 1 10', 'WRTE 1 10 hi\n', 'OKAY 2 11', 'WRTE 2 11 hi\n']);
  });

  test('OPEN with local id 0 breaks the protocol', () => {
    const { connection } = connected();
    assert.throws(() => connection.receive(hostPacket('OPEN', 0, 0, 'shell:\0')), AdbPacketError);
  });
});
