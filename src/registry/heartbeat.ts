// A farm host's heartbeat: every interval, its phones as adb sees them and the batch each runs, written to the registry.
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { InputError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import {
  HOST_NAME,
  registryKey,
  type AdbPhoneState,
  type CurrentBatch,
  type HostBeat,
  type PhoneBeat,
} from './registry-records.ts';

const log = logger('heartbeat');

/** What a glance over adb tells of one phone. */
export interface PhoneGlance {
  state: AdbPhoneState;
  battery: { level: number; charging: boolean } | null;
}

/** The host's adb server, glanced at once per heartbeat: who is listed, in which state, with how much battery. */
export interface PhonesAtAGlance {
  glance(serials: readonly string[]): Promise<Map<string, PhoneGlance>>;
}

export interface HeartbeatPhone {
  deviceId: string;
  /** Its adb serial; null for a phone no adb reaches. */
  serial: string | null;
  /** The batch its worker runs now. */
  current(): CurrentBatch | null;
}

export interface HeartbeatOptions {
  redisUrl: string;
  prefix: string;
  /** The host's name in the registry (`farm.host`, else the machine's hostname). */
  host: string;
  intervalMs: number;
  phones: readonly HeartbeatPhone[];
  /** Absent: phones with a serial are shown `unread`. */
  adb?: PhonesAtAGlance | undefined;
}

export class Heartbeat {
  readonly #options: HeartbeatOptions;
  readonly #redis: Redis;
  readonly #startedAt = new Date().toISOString();
  readonly #lastSeen = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> = Promise.resolve();
  #stopping = false;

  private constructor(options: HeartbeatOptions) {
    this.#options = options;
    // a beat that cannot be written is dropped at once: the next one says the same, newer
    this.#redis = new Redis(options.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    this.#redis.on('error', (error: unknown) =>
      log.warn({ err: error, host: options.host }, 'the registry Redis is unreachable'),
    );
  }

  /** Connects, sends the first heartbeat (so the host is listed once this returns) and keeps beating. */
  static async start(options: HeartbeatOptions): Promise<Heartbeat> {
    const heartbeat = new Heartbeat(options);
    await heartbeat.#redis.connect();
    await heartbeat.#beat(false);
    heartbeat.#schedule();
    return heartbeat;
  }

  /** Sends a last heartbeat that says the farm stopped, so its phones show offline at once. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    await this.#beating;
    await this.#beat(true).catch((error: unknown) =>
      log.warn({ err: error }, 'the last heartbeat was not sent'),
    );
    this.#redis.disconnect();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      this.#beating = this.#beat(false)
        .catch((error: unknown) => log.warn({ err: error }, 'a heartbeat was not sent'))
        .finally(() => {
          if (!this.#stopping) this.#schedule();
        });
    }, this.#options.intervalMs);
  }

  async #beat(stopped: boolean): Promise<void> {
    const beat = await this.#compose(stopped);
    await this.#redis.hset(registryKey(this.#options.prefix), beat.host, JSON.stringify(beat));
  }

  async #compose(stopped: boolean): Promise<HostBeat> {
    const { phones, adb, intervalMs } = this.#options;
    const serials = phones.flatMap((p) => (p.serial === null ? [] : [p.serial]));
    const glances = await glanceWithin(adb, serials, intervalMs / 2);
    const now = new Date().toISOString();
    const beats = phones.map((phone): PhoneBeat => {
      const glance: { state: PhoneBeat['state']; battery: PhoneGlance['battery'] } =
        phone.serial === null
          ? { state: 'worker', battery: null }
          : (glances.get(phone.serial) ?? { state: 'unread', battery: null });
      const ready = glance.state === 'device' || glance.state === 'worker';
      if (ready && !stopped) this.#lastSeen.set(phone.deviceId, now);
      return {
        deviceId: phone.deviceId,
        serial: phone.serial,
        state: stopped ? 'unread' : glance.state,
        battery: glance.battery,
        currentJob: stopped ? null : phone.current(),
        lastSeen: this.#lastSeen.get(phone.deviceId) ?? null,
      };
    });
    return {
      host: this.#options.host,
      pid: process.pid,
      startedAt: this.#startedAt,
      sentAt: now,
      heartbeatMs: intervalMs,
      stopped,
      phones: beats,
    };
  }
}

/** adb's answer, or every phone `unread` when it gives none in time: a beat is never late for adb's sake. */
async function glanceWithin(
  adb: PhonesAtAGlance | undefined,
  serials: readonly string[],
  timeoutMs: number,
): Promise<Map<string, PhoneGlance>> {
  if (!adb || serials.length === 0) return new Map();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Map<string, PhoneGlance>>((done) => {
    timer = setTimeout(() => done(new Map()), timeoutMs);
  });
  try {
    return await Promise.race([
      adb.glance(serials).catch((error: unknown) => {
        log.warn({ err: error }, 'the adb server gave no answer to the heartbeat');
        return new Map<string, PhoneGlance>();
      }),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The host's registry name: `farm.host`, else the machine's hostname. */
export function hostNameOf(configured: string | undefined, file: string): string {
  const name = configured ?? hostname();
  if (HOST_NAME.test(name)) return name;
  throw new InputError(
    'E_CONFIG',
    `${file}: field \`farm.host\`: the hostname "${name}" cannot name this host in the registry; set farm.host to letters, digits, ".", "_" and "-"`,
    { file, field: 'farm.host' },
  );
}
