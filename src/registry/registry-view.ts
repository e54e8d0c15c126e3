// What the registry shows, from the hosts' last heartbeats and the time now: a phone is only as alive as its host.
import {
  GONE_AFTER_INTERVALS,
  hostBeatSchema,
  type AdbPhoneState,
  type CurrentBatch,
  type HostBeat,
} from './registry-records.ts';
import { describeIssue } from '../config/describe-issue.ts';

/** `alive`: heartbeats arrive; `gone`: they stopped without a word; `stopped`: the farm said it stopped. */
export type HostStatus = 'alive' | 'gone' | 'stopped';

/**
 * `idle` / `busy`: ready, between batches or running one; `offline`: its host is gone or stopped,
 * or adb lost it or lists it offline; `unauthorized` and the other adb states as adb names them.
 */
export type PhoneStatus = 'idle' | 'busy' | 'offline' | Exclude<AdbPhoneState, 'device' | 'absent'>;

export interface HostView {
  host: string;
  status: HostStatus;
  pid: number;
  startedAt: string;
  lastHeartbeat: string;
  heartbeatMs: number;
  phones: number;
}

export interface PhoneView {
  deviceId: string;
  host: string;
  serial: string | null;
  status: PhoneStatus;
  /** Why it is offline or not ready, in words; null when it is ready. */
  why: string | null;
  battery: { level: number; charging: boolean } | null;
  /** The batch it runs; never shown for a phone whose host is not alive (no ghost jobs). */
  currentJob: CurrentBatch | null;
  lastSeen: string | null;
}

export interface RegistryView {
  hosts: HostView[];
  phones: PhoneView[];
  /** Heartbeats that did not pass their schema, by host field, with the reason: shown, never trusted. */
  unreadable: { field: string; reason: string }[];
}

/** Checks each stored heartbeat against its schema and judges hosts and phones at `now`. */
export function registryView(stored: Record<string, string>, now: Date): RegistryView {
  const beats: HostBeat[] = [];
  const unreadable: RegistryView['unreadable'] = [];
  for (const [field, text] of Object.entries(stored)) {
    const parsed = parseBeat(text);
    if ('reason' in parsed) unreadable.push({ field, reason: parsed.reason });
    else if (parsed.beat.host !== field) {
      unreadable.push({ field, reason: `the heartbeat names host "${parsed.beat.host}"` });
    } else beats.push(parsed.beat);
  }
  beats.sort((a, b) => a.host.localeCompare(b.host));
  const hosts = beats.map((beat) => hostView(beat, now));
  const phones = beats.flatMap((beat, i) => beat.phones.map((p) => phoneView(beat, hosts[i]!, p)));
  return { hosts, phones, unreadable };
}

function parseBeat(text: string): { beat: HostBeat } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: 'not JSON' };
  }
  const parsed = hostBeatSchema.safeParse(value);
  if (parsed.success) return { beat: parsed.data };
  const { field, message } = describeIssue(parsed.error.issues[0]!);
  return { reason: `field \`${field}\`: ${message}` };
}

function hostView(beat: HostBeat, now: Date): HostView {
  const silentMs = now.getTime() - Date.parse(beat.sentAt);
  const status: HostStatus = beat.stopped
    ? 'stopped'
    : silentMs > GONE_AFTER_INTERVALS * beat.heartbeatMs
      ? 'gone'
      : 'alive';
  return {
    host: beat.host,
    status,
    pid: beat.pid,
    startedAt: beat.startedAt,
    lastHeartbeat: beat.sentAt,
    heartbeatMs: beat.heartbeatMs,
    phones: beat.phones.length,
  };
}

function phoneView(beat: HostBeat, host: HostView, phone: HostBeat['phones'][number]): PhoneView {
  const shown = {
    deviceId: phone.deviceId,
    host: beat.host,
    serial: phone.serial,
    battery: phone.battery,
    lastSeen: phone.lastSeen,
  };
  if (host.status !== 'alive') {
    const why =
      host.status === 'stopped'
        ? `its farm on ${beat.host} stopped`
        : `its host ${beat.host} sent no heartbeat since ${beat.sentAt}`;
    return { ...shown, status: 'offline', why, currentJob: null };
  }
  // a live host's worker still holds its batch while adb loses the phone: that batch is shown
  const live = { ...shown, currentJob: phone.currentJob };
  switch (phone.state) {
    case 'device':
    case 'worker':
      return { ...live, status: phone.currentJob ? 'busy' : 'idle', why: null };
    case 'absent':
      return { ...live, status: 'offline', why: 'adb does not list it' };
    case 'unread':
      return { ...live, status: 'offline', why: 'the adb server gave no answer' };
    case 'offline':
      return { ...live, status: 'offline', why: 'adb lists it offline' };
    default:
      return { ...live, status: phone.state, why: `adb lists it ${phone.state}` };
  }
}
