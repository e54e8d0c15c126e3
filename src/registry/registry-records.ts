// What a farm host tells the registry in each heartbeat, and the schema every heartbeat read back must pass.
import { z } from 'zod';

/** A host is shown gone once this many heartbeat intervals have passed without one (kill to gone ≤ 2 intervals). */
export const GONE_AFTER_INTERVALS = 1.5;

/** The states adb lists a phone in, `absent` when adb does not list it, `unread` when adb gave no answer. */
export const ADB_PHONE_STATES = [
  'device',
  'offline',
  'unauthorized',
  'authorizing',
  'connecting',
  'recovery',
  'sideload',
  'bootloader',
  'absent',
  'unread',
] as const;

/** A host name: letters, digits, `.`, `_` and `-`, as a hostname or a name given in `farm.host`. */
export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const timestamp = z.iso.datetime({ offset: true });
const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);

export const currentBatchSchema = z.strictObject({
  runId: identifier,
  batchId: identifier,
  target: z.string().min(1).max(200),
  startedAt: timestamp,
});

export const phoneBeatSchema = z.strictObject({
  deviceId: identifier,
  /** The phone's adb serial; null for a phone no adb reaches (a lab WebDriver phone). */
  serial: z.string().min(1).max(200).nullable(),
  /** adb's state of the phone; `worker` for a phone without adb, whose worker is running. */
  state: z.enum([...ADB_PHONE_STATES, 'worker']),
  battery: z.strictObject({ level: z.number().min(0).max(100), charging: z.boolean() }).nullable(),
  currentJob: currentBatchSchema.nullable(),
  /** When this host last saw the phone ready (adb `device`, or its worker running); null: never. */
  lastSeen: timestamp.nullable(),
});

export const hostBeatSchema = z.strictObject({
  host: z.string().regex(HOST_NAME),
  pid: z.number().int().positive(),
  startedAt: timestamp,
  sentAt: timestamp,
  heartbeatMs: z.number().int().positive(),
  /** The farm stopped on purpose (Ctrl-C, SIGTERM) and said so in its last heartbeat. */
  stopped: z.boolean(),
  phones: z.array(phoneBeatSchema).max(1000),
});

export type CurrentBatch = z.output<typeof currentBatchSchema>;
export type PhoneBeat = z.output<typeof phoneBeatSchema>;
export type HostBeat = z.output<typeof hostBeatSchema>;
export type AdbPhoneState = (typeof ADB_PHONE_STATES)[number];

/** The Redis hash of every host's last heartbeat, one field per host. */
export function registryKey(prefix: string): string {
  return `${prefix}:registry:hosts`;
}
