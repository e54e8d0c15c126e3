// Probe results for tests of what is done with them (store, diff, drift, exports): every field filled, any overridden.
import type { ProbeResult } from '../../src/store/probe-result.ts';

export const MI_V1 = 'Xiaomi Mi 10T 5G / V12.5.1.0.RJDEUXM';
export const MI_V4 = 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM';

/** A term probe, intact, on MI_V4 in run `run-1`; its probe id follows run, device, term and role. */
export function probeResult(extra: Partial<ProbeResult> = {}): ProbeResult {
  const base: ProbeResult = {
    runId: 'run-1',
    probeId: '',
    probeToken: '400917',
    deviceId: 'mi10t',
    firmwareKey: MI_V4,
    target: 'lab-browser',
    targetKind: 'browser',
    inputPath: 'key-events',
    termId: 'free-tibet-en',
    term: 'Free Tibet',
    language: 'en',
    category: 'political',
    source: 'lt-ncsc-2021',
    role: 'term',
    controlOf: null,
    verdict: 'intact',
    reason: null,
    detail: null,
    channel: null,
    channels: { echo: null, egress: null, render: null },
    attempts: [],
    reference: null,
    evidence: [],
    timings: {},
    startedAt: '2026-11-01T02:00:00.000Z',
    endedAt: '2026-11-01T02:00:01.000Z',
    ...extra,
  };
  const direction = base.direction ? `>${base.direction}` : '';
  return {
    ...base,
    probeId:
      extra.probeId ??
      `${base.runId}.${base.deviceId}.${base.target}.${base.termId}${direction}.${base.role}`,
  };
}

/** A filtered term probe (a finding) on `channel`. */
export function finding(
  verdict: ProbeResult['verdict'],
  extra: Partial<ProbeResult> = {},
): ProbeResult {
  return probeResult({ verdict, channel: 'render', attempts: [], ...extra });
}
