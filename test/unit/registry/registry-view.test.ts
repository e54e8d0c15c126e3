import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatRegistry } from '../../../src/cli/commands/farm-registry.ts';
import { hostNameOf } from '../../../src/registry/heartbeat.ts';
import type { HostBeat, PhoneBeat } from '../../../src/registry/registry-records.ts';
import { registryView } from '../../../src/registry/registry-view.ts';
import { InputError } from '../../../src/errors.ts';

const SENT = '2026-12-02T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(SENT) + ms);
const JOB = { runId: 'run-1', batchId: 'b0001', target: 'chrome', startedAt: SENT };

function phone(deviceId: string, over: Partial<PhoneBeat> = {}): PhoneBeat {
  return {
    deviceId,
    serial: `${deviceId}-serial`,
    state: 'device',
    battery: { level: 80, charging: false },
    currentJob: null,
    lastSeen: SENT,
    ...over,
  };
}

function beat(over: Partial<HostBeat> = {}): HostBeat {
  return {
    host: 'host-a',
    pid: 4242,
    startedAt: SENT,
    sentAt: SENT,
    heartbeatMs: 10_000,
    stopped: false,
    phones: [phone('mi10t'), phone('pixel5', { currentJob: JOB })],
    ...over,
  };
}

const stored = (...beats: HostBeat[]) =>
  Object.fromEntries(beats.map((b) => [b.host, JSON.stringify(b)]));

describe('registryView', () => {
  test('a host whose heartbeat is fresh is alive; its phones are idle or busy with their batch', () => {
    const view = registryView(stored(beat()), at(9_000));
    assert.equal(view.hosts[0]!.status, 'alive');
    assert.deepEqual(
      view.phones.map((p) => [p.deviceId, p.status, p.currentJob?.batchId ?? null]),
      [
        ['mi10t', 'idle', null],
        ['pixel5', 'busy', 'b0001'],
      ],
    );
  });

  test('silent for more than 1.5 intervals: gone, every phone offline, no batch shown (no ghost jobs)', () => {
    assert.equal(registryView(stored(beat()), at(15_000)).hosts[0]!.status, 'alive');
    const view = registryView(stored(beat()), at(15_001));
    assert.equal(view.hosts[0]!.status, 'gone');
    for (const p of view.phones) {
      assert.equal(p.status, 'offline');
      assert.equal(p.currentJob, null);
      assert.match(p.why!, /host-a sent no heartbeat since 2026-12-02T10:00:00.000Z/);
    }
  });

  test('a farm that said it stopped shows its phones offline at once', () => {
    const view = registryView(stored(beat({ stopped: true })), at(1));
    assert.equal(view.hosts[0]!.status, 'stopped');
    assert.deepEqual(
      view.phones.map((p) => p.status),
      ['offline', 'offline'],
    );
  });

  test('a phone adb no longer lists is offline while its host lives; unauthorized is named', () => {
    const view = registryView(
      stored(
        beat({
          phones: [
            phone('mi10t', { state: 'absent', battery: null }),
            phone('pixel5', { state: 'unauthorized', battery: null }),
            phone('lab', { serial: null, state: 'worker', battery: null }),
          ],
        }),
      ),
      at(1),
    );
    assert.deepEqual(
      view.phones.map((p) => [p.deviceId, p.status, p.why]),
      [
        ['mi10t', 'offline', 'adb does not list it'],
        ['pixel5', 'unauthorized', 'adb lists it unauthorized'],
        ['lab', 'idle', null],
      ],
    );
  });

  test('a heartbeat that fails its schema is listed as unreadable, never trusted', () => {
    const bad = { ...beat({ host: 'host-b' }), pid: -1 };
    const view = registryView(
      {
        ...stored(beat()),
        'host-b': JSON.stringify(bad),
        'host-c': '{not json',
        'host-d': JSON.stringify(beat({ host: 'host-e' })),
      },
      at(1),
    );
    assert.deepEqual(
      view.hosts.map((h) => h.host),
      ['host-a'],
    );
    assert.deepEqual(view.unreadable, [
      { field: 'host-b', reason: 'field `pid`: Too small: expected number to be >0' },
      { field: 'host-c', reason: 'not JSON' },
      { field: 'host-d', reason: 'the heartbeat names host "host-e"' },
    ]);
  });

  test('the table shows hosts, phones, their batch and why a phone is not ready', () => {
    const text = formatRegistry(
      registryView(
        stored(
          beat({
            phones: [phone('mi10t', { state: 'absent' }), phone('pixel5', { currentJob: JOB })],
          }),
        ),
        at(5_000),
      ),
      at(5_000),
    );
    assert.match(
      text,
      /^host\s+status\s+pid\s+last heartbeat\s+phones\nhost-a\s+alive\s+4242\s+5 s ago\s+2$/m,
    );
    assert.match(text, /^pixel5\s+host-a\s+pixel5-serial\s+busy\s+80 %\s+run-1\/b0001\s+5 s ago$/m);
    assert.match(text, /^mi10t: adb does not list it$/m);
  });
});

describe('hostNameOf', () => {
  test('farm.host names the host; a name the registry cannot hold is refused by its field', () => {
    assert.equal(hostNameOf('bench-1', 'censorwatch.yaml'), 'bench-1');
    assert.throws(
      () => hostNameOf('bench 1/../x', 'censorwatch.yaml'),
      (error: unknown) =>
        error instanceof InputError &&
        error.field === 'farm.host' &&
        error.message.startsWith('censorwatch.yaml: field `farm.host`'),
    );
  });
});
