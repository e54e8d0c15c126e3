// A lab phone on adb over TCP: the real adb server connects to it on loopback and runs shell commands answered from fixtures.
import { createServer, type Server, type Socket } from 'node:net';
import { ServiceError } from '../../errors.ts';
import { logger } from '../../log/logger.ts';
import { AdbConnection, type AdbDeviceSide } from './adb-connection.ts';
import { AdbPacketError, AdbPacketReader, encodePacket } from './adb-packet.ts';
import { deviceBanner, type AdbPhoneProfile } from './adb-phone-profile.ts';
import { applyFirmwareUpdate, type FirmwareUpdate } from './firmware-update.ts';
import {
  checkBattery,
  type BatteryState,
  type PhoneLink,
  type PhoneState,
  type ScreenState,
} from './phone-state.ts';
import { answerShell } from './shell-fixtures.ts';

const log = logger('lab-adb-phone');

const HOST = '127.0.0.1';
/** The adb server probes these loopback ports by itself and lists what answers as `emulator-N`. */
const ADB_PROBED_PORTS = { first: 5555, last: 5585 } as const;
/** Tries at a free port before giving up (the OS handing out a probed port is already unlikely). */
const MAX_BIND_ATTEMPTS = 5;
const DEFAULT_WRITE_CHUNK_BYTES = 4 * 1024;
const DEFAULT_BATTERY: BatteryState = { level: 85, charging: true };
/**
 * Features the CNXN banner advertises: none, since the phone implements none of them. Without
 * `shell_v2` the host uses the plain `shell:` service, a raw stream of the output.
 */
const FEATURES: readonly string[] = [];

export interface LabAdbPhoneOptions {
  /** The phone to stand in for (see `LAB_ADB_PROFILES`, `withOverrides`). */
  profile: AdbPhoneProfile;
  /** TCP port on 127.0.0.1, outside 5555–5585. @defaultValue 0: a free port chosen by the OS */
  port?: number;
  /** Whether the host's key is accepted; when not, adb lists the phone `unauthorized`. @defaultValue true */
  authorized?: boolean;
  /** `offline` accepts TCP but never answers the handshake. @defaultValue `online` */
  link?: Exclude<PhoneLink, 'gone'>;
  /** @defaultValue `{ level: 85, charging: true }` */
  battery?: BatteryState;
  /** @defaultValue `unlocked` */
  screen?: ScreenState;
  /** Largest WRTE payload the phone sends (a phone's adbd writes what one read of the shell gave). @defaultValue 4096 */
  writeChunkBytes?: number;
}

/** A TCP connection from the adb server and the protocol state on it. */
interface HostLink {
  socket: Socket;
  connection: AdbConnection;
}

function isProbedPort(port: number): boolean {
  return port >= ADB_PROBED_PORTS.first && port <= ADB_PROBED_PORTS.last;
}

function checkOptions(options: LabAdbPhoneOptions): void {
  const { port = 0, writeChunkBytes = DEFAULT_WRITE_CHUNK_BYTES } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Expected \`port\` to be an integer from 0 to 65535, got ${port}`);
  }
  if (isProbedPort(port)) {
    throw new RangeError(
      `Expected \`port\` outside ${ADB_PROBED_PORTS.first}–${ADB_PROBED_PORTS.last} (the adb server probes those itself), got ${port}`,
    );
  }
  if (!Number.isInteger(writeChunkBytes) || writeChunkBytes < 1) {
    throw new RangeError(
      `Expected \`writeChunkBytes\` to be an integer >= 1, got ${writeChunkBytes}`,
    );
  }
}

export class LabAdbPhone {
  readonly #writeChunkBytes: number;
  #profile: AdbPhoneProfile;
  #battery: BatteryState;
  #screen: ScreenState;
  #authorized: boolean;
  #link: PhoneLink;
  /** The port asked for; after `start()`, the port bound (kept while the phone is gone). */
  #port: number;
  #server: Server | undefined;
  #started = false;
  readonly #hosts = new Set<HostLink>();
  readonly #shellCommands: string[] = [];
  readonly #device: AdbDeviceSide;

  constructor(options: LabAdbPhoneOptions) {
    checkOptions(options);
    this.#profile = options.profile;
    this.#port = options.port ?? 0;
    this.#authorized = options.authorized ?? true;
    this.#link = options.link ?? 'online';
    this.#battery = checkBattery(options.battery ?? DEFAULT_BATTERY);
    this.#screen = options.screen ?? 'unlocked';
    this.#writeChunkBytes = options.writeChunkBytes ?? DEFAULT_WRITE_CHUNK_BYTES;
    const phone = this;
    this.#device = {
      get link() {
        return phone.#link;
      },
      get authorized() {
        return phone.#authorized;
      },
      banner: () => deviceBanner(this.#profile.props, FEATURES),
      openService: (service) => this.#openService(service),
    };
  }

  /** The serial adb lists the phone under, `127.0.0.1:PORT`. */
  get serial(): string {
    return `${HOST}:${this.port}`;
  }

  get port(): number {
    if (!this.#started) throw new ServiceError('the lab adb phone is not started');
    return this.#port;
  }

  /** The profile as the current firmware has it (after `updateFirmware`). */
  get profile(): AdbPhoneProfile {
    return this.#profile;
  }

  get link(): PhoneLink {
    return this.#link;
  }

  get authorized(): boolean {
    return this.#authorized;
  }

  get battery(): BatteryState {
    return { ...this.#battery };
  }

  get screen(): ScreenState {
    return this.#screen;
  }

  /** Every shell command line the host ran, in order. */
  get shellCommands(): readonly string[] {
    return [...this.#shellCommands];
  }

  /** Connections from adb hosts open now. */
  get hostConnections(): number {
    return this.#hosts.size;
  }

  /** Listens on 127.0.0.1; `adb connect <serial>` reaches the phone from then on. */
  async start(): Promise<void> {
    if (this.#started) return;
    // a phone stopped while gone comes back listening
    if (this.#link === 'gone') this.#link = 'online';
    const asked = this.#port;
    for (let attempt = 1; ; attempt += 1) {
      const port = await this.#listen(asked);
      if (!isProbedPort(port)) break;
      // only a port the OS chose can land here; the adb server would list it as an emulator
      await this.#closeListener();
      if (attempt === MAX_BIND_ATTEMPTS) {
        throw new ServiceError(
          `the OS kept choosing ports adb probes (last ${port}) for the lab adb phone`,
        );
      }
    }
    this.#started = true;
    log.info(
      {
        serial: this.serial,
        profile: this.#profile.id,
        link: this.#link,
        authorized: this.#authorized,
      },
      'lab adb phone listening',
    );
  }

  /** Stops listening and drops every connection. */
  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#dropHosts();
    await this.#closeListener();
    log.info({ serial: `${HOST}:${this.#port}` }, 'lab adb phone stopped');
  }

  setBattery(level: number, charging: boolean): void {
    this.#battery = checkBattery({ level, charging });
  }

  setScreen(screen: ScreenState): void {
    this.#screen = screen;
  }

  /**
   * Accepts or refuses the host's key. Accepting answers a host waiting on the key with CNXN (the
   * user confirmed the dialog); refusing drops the connections, so the host meets AUTH when it reconnects.
   */
  setAuthorized(authorized: boolean): void {
    if (authorized === this.#authorized) return;
    this.#authorized = authorized;
    if (authorized) this.#resumeHosts();
    else this.#dropHosts();
  }

  /**
   * `offline` drops the connections and leaves later handshakes unanswered; `online` answers them;
   * `gone` stops listening and drops the connections. From `gone`, the phone listens on its port again.
   */
  async setLink(link: PhoneLink): Promise<void> {
    if (!this.#started) throw new ServiceError('the lab adb phone is not started');
    const before = this.#link;
    if (link === before) return;
    this.#link = link;
    log.info({ serial: this.serial, from: before, to: link }, 'lab adb phone link changed');
    if (link === 'gone') {
      this.#dropHosts();
      await this.#closeListener();
      return;
    }
    if (before === 'gone') await this.#listen(this.#port);
    if (link === 'offline') this.#dropHosts();
    else this.#resumeHosts();
  }

  /** Installs a new firmware: fingerprint, incremental and the build properties that follow (see `FirmwareUpdate`). */
  updateFirmware(update: FirmwareUpdate): void {
    this.#profile = { ...this.#profile, props: applyFirmwareUpdate(this.#profile.props, update) };
    log.info(
      { serial: `${HOST}:${this.#port}`, fingerprint: update.fingerprint },
      'lab adb phone firmware updated',
    );
  }

  #state(): PhoneState {
    return { profile: this.#profile, battery: this.#battery, screen: this.#screen };
  }

  /** `shell:` and `exec:` (optionally `shell,raw:`…) run a fixture; anything else is refused. */
  #openService(service: string): Buffer | undefined {
    const match = /^(shell|exec)(,[^:]*)?:(.*)$/s.exec(service);
    const options = match?.[2]?.split(',') ?? [];
    // the shell protocol is not implemented, and not advertised; a host asking for it is refused
    if (!match || options.includes('v2')) {
      log.debug({ serial: this.serial, service }, 'service refused');
      return undefined;
    }
    const commandLine = match[3] ?? '';
    this.#shellCommands.push(commandLine);
    const answer = answerShell(commandLine, this.#state());
    this.#screen = answer.screen;
    log.debug(
      { serial: this.serial, commandLine, bytes: answer.output.length },
      'shell command answered',
    );
    return Buffer.from(answer.output, 'utf8');
  }

  #listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.#accept(socket));
      server.once('error', (cause) =>
        reject(
          new ServiceError(`the lab adb phone cannot listen on ${HOST}:${port}: ${cause.message}`, {
            cause,
          }),
        ),
      );
      server.listen({ port, host: HOST, exclusive: true }, () => {
        const address = server.address();
        if (address === null || typeof address === 'string') {
          server.close();
          reject(new ServiceError(`the lab adb phone could not read the port bound on ${HOST}`));
          return;
        }
        this.#server = server;
        this.#port = address.port;
        resolve(address.port);
      });
    });
  }

  #closeListener(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    socket.setNoDelay(true);
    const reader = new AdbPacketReader();
    const connection = new AdbConnection(
      this.#device,
      (packet) => {
        if (!socket.destroyed) socket.write(encodePacket(packet));
      },
      { writeChunkBytes: this.#writeChunkBytes },
    );
    const host: HostLink = { socket, connection };
    this.#hosts.add(host);
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    log.debug({ serial: this.serial, peer }, 'adb host connected');
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const packet of reader.push(chunk)) {
          if (socket.destroyed) return;
          connection.receive(packet);
          reader.maxPayload = connection.maxIncomingPayload;
        }
      } catch (error) {
        if (error instanceof AdbPacketError) {
          log.warn(
            { serial: this.serial, peer, reason: error.message },
            'adb host broke the protocol; dropped',
          );
        } else {
          log.error(
            { serial: this.serial, peer, err: error },
            'lab adb phone failed on a packet; dropped',
          );
        }
        socket.destroy();
      }
    });
    socket.on('error', (error) =>
      log.debug({ serial: this.serial, peer, err: error }, 'adb host socket error'),
    );
    socket.on('close', () => {
      this.#hosts.delete(host);
      log.debug({ serial: this.serial, peer }, 'adb host disconnected');
    });
  }

  #dropHosts(): void {
    for (const host of this.#hosts) host.socket.destroy();
    this.#hosts.clear();
  }

  #resumeHosts(): void {
    for (const host of this.#hosts) host.connection.resume();
  }
}
