// A private adb server (Debian's `adb`) on a free port with a HOME of its own: the lab's, and the tests'.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ServiceError } from '../errors.ts';
import { freePort } from './free-port.ts';
import { OwnedProcess } from './owned-process.ts';

const run = promisify(execFile);

/** One adb client command; a hung one fails instead of stalling. */
const COMMAND_TIMEOUT_MS = 15 * 1000;
/** How long the server has to listen. */
const READY_TIMEOUT_MS = 10 * 1000;

/** Variables that would point adb at the user's keys or another server. */
const FOREIGN_VARIABLES = [
  'ANDROID_SDK_HOME',
  'ANDROID_USER_HOME',
  'ADB_VENDOR_KEYS',
  'ANDROID_SERIAL',
  'ANDROID_ADB_SERVER_PORT',
  'ADB_SERVER_SOCKET',
];

export class AdbServerService {
  readonly #home = mkdtempSync(join(tmpdir(), 'censorwatch-adb-home-'));
  readonly #env: NodeJS.ProcessEnv;
  #process: OwnedProcess | undefined;
  #port = 0;

  constructor() {
    // its RSA key and state go to a HOME of its own, never the user's ~/.android
    this.#env = { ...process.env, HOME: this.#home };
    for (const name of FOREIGN_VARIABLES) delete this.#env[name];
  }

  /** The server's port on 127.0.0.1, once started. */
  get port(): number {
    return this.#port;
  }

  async start(): Promise<{ host: string; port: number }> {
    this.#port = await freePort();
    const port = this.#port;
    this.#process = new OwnedProcess({
      name: 'adb server',
      command: 'adb',
      args: ['-P', String(port), 'nodaemon', 'server'],
      env: this.#env,
      // a client command finding no server would start a daemon of its own: wait for the port
      isReady: () => listening(port),
      pollIntervalMs: 20,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
    await this.#process.start();
    return { host: '127.0.0.1', port };
  }

  /**
   * `adb connect <serial>` (a network phone, `host:port`): resolves once adb answered, which it
   * does at once for a phone that takes the connection, authorised or not.
   */
  async connect(serial: string): Promise<string> {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(serial)) {
      throw new ServiceError(`adb connect takes host:port, got "${serial}"`);
    }
    return (await this.adb('connect', serial)).trim();
  }

  /** Runs an adb client command against this server (arguments as they are, no shell). */
  async adb(...args: string[]): Promise<string> {
    const { stdout } = await run('adb', ['-P', String(this.#port), ...args], {
      env: this.#env,
      timeout: COMMAND_TIMEOUT_MS,
    });
    return stdout;
  }

  async stop(): Promise<void> {
    if (this.#process?.isRunning) {
      await this.adb('kill-server').catch(() => undefined);
      await this.#process.stop();
    }
    rmSync(this.#home, { recursive: true, force: true });
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
