import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideProbe, type ProbeObservations } from '../../../src/oracle/decide-probe.ts';

const snapshot = (text: string | null, atMs = 300) => ({
  text,
  pageText: text === null ? '' : `Results for ${text}\nResult one`,
  atMs,
});

function seen(overrides: Partial<ProbeObservations> = {}): ProbeObservations {
  return {
    payload: 'Free Tibet',
    echo: 'Free Tibet',
    egress: 'Free Tibet',
    movedOn: true,
    renderFirst: snapshot('Free Tibet'),
    renderSettled: snapshot('Free Tibet', 1800),
    ...overrides,
  };
}

describe('decideProbe', () => {
  test('calls a probe intact when every channel holds the payload', () => {
    const decision = decideProbe({ observations: seen(), fault: null, controlVerdict: 'intact' });
    assert.equal(decision.verdict, 'intact');
    assert.equal(decision.channel, null);
  });

  test('finds masking on the render channel while egress stayed intact', () => {
    const decision = decideProbe({
      observations: seen({
        renderFirst: snapshot('**********'),
        renderSettled: snapshot('**********'),
      }),
      fault: null,
      controlVerdict: 'intact',
    });
    assert.equal(decision.verdict, 'masked');
    assert.equal(decision.channel, 'render');
    assert.equal(decision.channels.egress?.verdict, 'intact');
  });

  test('finds masking as typed on the echo channel first', () => {
    const decision = decideProbe({
      observations: seen({
        echo: '**********',
        egress: '**********',
        renderFirst: snapshot('**********'),
        renderSettled: snapshot('**********'),
      }),
      fault: null,
      controlVerdict: 'intact',
    });
    assert.equal(decision.verdict, 'masked');
    assert.equal(decision.channel, 'echo');
  });

  test('calls an inbound message the phone never showed blocked on render, and one it masked masked', () => {
    const inbound = { direction: 'inbound' as const, echo: null };
    const chatWithout = { text: null, pageText: 'Peer\nearlier message', atMs: 3000 };
    const missing = decideProbe({
      observations: seen({ ...inbound, renderFirst: chatWithout, renderSettled: chatWithout }),
      fault: null,
      controlVerdict: 'intact',
    });
    assert.equal(missing.verdict, 'blocked');
    assert.equal(missing.channel, 'render');
    assert.match(missing.detail ?? '', /never appeared on the phone/);
    const emptied = decideProbe({
      observations: seen({
        ...inbound,
        renderFirst: snapshot(null),
        renderSettled: snapshot(null),
      }),
      fault: null,
      controlVerdict: 'intact',
    });
    assert.equal(emptied.verdict, 'blank', 'the whole chat view was emptied');
    const masked = decideProbe({
      observations: seen({
        ...inbound,
        renderFirst: snapshot('**********'),
        renderSettled: snapshot('**********'),
      }),
      fault: null,
      controlVerdict: 'intact',
    });
    assert.equal(masked.verdict, 'masked');
    assert.equal(masked.channel, 'render');
  });

  test('calls a submission that never left and never arrived blocked', () => {
    const decision = decideProbe({
      observations: seen({ egress: null, movedOn: false, renderFirst: null, renderSettled: null }),
      fault: null,
      controlVerdict: 'intact',
    });
    assert.equal(decision.verdict, 'blocked');
    assert.equal(decision.channel, 'state');
  });

  test('calls an emptied page blank', () => {
    const empty = { text: null, pageText: '  \n', atMs: 400 };
    const decision = decideProbe({
      observations: seen({ renderFirst: empty, renderSettled: empty }),
      fault: null,
      controlVerdict: 'intact',
    });
    assert.equal(decision.verdict, 'blank');
  });

  test('finds late masking: intact at first render, masked after settling', () => {
    const decision = decideProbe({
      observations: seen({
        renderFirst: snapshot('Free Tibet', 250),
        renderSettled: snapshot('Free *****', 1100),
      }),
      fault: null,
      controlVerdict: 'intact',
    });
    assert.equal(decision.verdict, 'masked');
    assert.match(decision.detail ?? '', /^late:/);
  });

  test('never makes a finding when the control was not intact', () => {
    const decision = decideProbe({
      observations: seen({
        renderFirst: snapshot('**********'),
        renderSettled: snapshot('**********'),
      }),
      fault: null,
      controlVerdict: 'masked',
    });
    assert.equal(decision.verdict, 'inconclusive');
    assert.equal(decision.reason, 'control-failed');
  });

  test('never makes a finding when the control itself was inconclusive', () => {
    const decision = decideProbe({
      observations: seen({ egress: null, movedOn: false, renderFirst: null, renderSettled: null }),
      fault: null,
      controlVerdict: 'inconclusive',
    });
    assert.equal(decision.verdict, 'inconclusive');
    assert.equal(decision.reason, 'control-failed');
  });

  test('turns a fault into inconclusive with its reason', () => {
    const decision = decideProbe({
      observations: null,
      fault: { reason: 'device-lost', message: 'chrome not reachable' },
      controlVerdict: 'intact',
    });
    assert.equal(decision.verdict, 'inconclusive');
    assert.equal(decision.reason, 'device-lost');
  });
});
