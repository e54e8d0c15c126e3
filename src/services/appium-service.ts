// The Appium server the lab drives: APPIUM_URL, else a private Appium 3 from the project's node_modules.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT, settings } from '../config/settings.ts';
import { MissingDependencyError, ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { freePort } from './free-port.ts';
import { OwnedProcess } from './owned-process.ts';

const log = logger('appium-service');

const STATUS_TIMEOUT_MS = 3 * 1000;
const READY_POLL_STATUS_TIMEOUT_MS = 1000;
const READY_POLL_MS = 500;
const START_TIMEOUT_MS = 60 * 1000;
/** Appium ends its sessions (and their chromedriver) on SIGTERM: give it time. */
const STOP_GRACE_MS = 10 * 1000;
/** Console level : log file level (Appium's `console[:file]`). */
const LOG_LEVEL = 'warn:info';

export interface AppiumServiceOptions {
  /** Appium server to use; must answer `GET /status`. @defaultValue `settings().appiumUrl` (APPIUM_URL) */
  appiumUrl?: string;
  /** Start a private Appium even when APPIUM_URL is set. @defaultValue false */
  preferPrivate?: boolean;
  /** Where Appium's drivers are installed. @defaultValue `settings().appiumHome` */
  appiumHome?: string;
  /** Folder of the private Appium's log file `appium-<port>.log`. @defaultValue `<reportsDir>/logs` */
  logDir?: string;
  /** How long a private Appium has to answer `/status`. @defaultValue 60 s */
  startTimeoutMs?: number;
}

/** The Appium 3 entry script in the project's node_modules (run with this node). */
export function appiumEntry(): string {
  const entry = resolve(PROJECT_ROOT, 'node_modules/appium/index.js');
  if (!existsSync(entry)) {
    throw new MissingDependencyError(
      `Appium is not installed at ${entry}: run \`npm install\` in ${PROJECT_ROOT}`,
    );
  }
  return entry;
}

export class AppiumService {
  readonly #options: AppiumServiceOptions;
  #server: OwnedProcess | undefined;
  #url: string | undefined;
  #logFile: string | undefined;

  constructor(options: AppiumServiceOptions = {}) {
    this.#options = options;
  }

  /** Base URL of the Appium in use, once started (no trailing slash). */
  get url(): string | undefined {
    return this.#url;
  }

  /** Pid of the private Appium, when one was started. */
  get pid(): number | undefined {
    return this.#server?.pid;
  }

  /** Log file of the private Appium, when one was started. */
  get logFile(): string | undefined {
    return this.#logFile;
  }

  /**
   * Finds or starts an Appium and returns its base URL.
   * @throws ServiceError naming APPIUM_URL when the given server does not answer `/status`
   * @throws ServiceError with Appium's last output when a private Appium does not come up
   */
  async start(): Promise<string> {
    if (this.#url) return this.#url;
    const { preferPrivate = false } = this.#options;
    const configured = preferPrivate
      ? undefined
      : (this.#options.appiumUrl ?? settings().appiumUrl);
    if (configured) {
      const url = configured.replace(/\/+$/, '');
      const status = await statusOf(url, STATUS_TIMEOUT_MS);
      if (status !== 200) {
        throw new ServiceError(
          `APPIUM_URL ${url}: GET /status ${describeStatus(status)}, expected 200`,
        );
      }
      log.info({ url }, 'using the Appium of APPIUM_URL');
      return (this.#url = url);
    }
    return (this.#url = await this.#startPrivate());
  }

  /**
   * Kills the private Appium with its whole process group (its chromedrivers and their browsers
   * with it), as a crash would, and starts it again on the same port: the fault storm's Appium
   * restart. Sessions it held are gone; new ones are made on the same URL.
   * @throws ServiceError when no private Appium was started
   */
  async restart(): Promise<void> {
    const server = this.#server;
    if (!server || !this.#url) throw new ServiceError('no private Appium to restart');
    server.kill();
    await server.exited;
    this.#server = undefined;
    await this.#startPrivate(Number(new URL(this.#url).port));
  }

  /** Stops the private Appium with its whole process group; a shared Appium is left alone. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#url = undefined;
    await server?.stop();
  }

  async #startPrivate(port?: number): Promise<string> {
    const entry = appiumEntry();
    const appiumHome = this.#options.appiumHome ?? settings().appiumHome;
    const logDir = this.#options.logDir ?? join(settings().reportsDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    port ??= await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logFile = join(logDir, `appium-${port}.log`);
    const server = new OwnedProcess({
      name: 'appium',
      command: process.execPath,
      args: [
        entry,
        'server',
        '--address',
        '127.0.0.1',
        '--port',
        String(port),
        '--base-path',
        '/',
        '--log-level',
        LOG_LEVEL,
        '--log-no-colors',
        '--log-timestamp',
        '--log',
        logFile,
      ],
      env: { ...process.env, APPIUM_HOME: appiumHome },
      isReady: async () => (await statusOf(url, READY_POLL_STATUS_TIMEOUT_MS)) === 200,
      readyTimeoutMs: this.#options.startTimeoutMs ?? START_TIMEOUT_MS,
      stopGraceMs: STOP_GRACE_MS,
    });
    await server.start();
    this.#server = server;
    this.#logFile = logFile;
    log.info({ url, pid: server.pid, appiumHome, logFile }, 'started a private Appium');
    return url;
  }
}

/**
 * Waits until the Appium at `url` answers `GET /status` with 200, polling every half second for at
 * most `maxMs`. Returns 'up', or what the last poll saw: a crashed Appium being started again is
 * waited for before a batch asks it for a new session.
 */
export async function waitForAppium(url: string, maxMs: number): Promise<'up' | string> {
  const until = Date.now() + maxMs;
  for (;;) {
    const status = await statusOf(url, READY_POLL_STATUS_TIMEOUT_MS);
    if (status === 200) return 'up';
    if (Date.now() >= until)
      return `GET ${url}/status ${describeStatus(status)} for ${maxMs / 1000} s`;
    await new Promise((done) => setTimeout(done, READY_POLL_MS));
  }
}

/** HTTP status of `GET <url>/status`, or the network error when nothing answered. */
async function statusOf(url: string, timeoutMs: number): Promise<number | Error> {
  try {
    const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function describeStatus(status: number | Error): string {
  if (typeof status === 'number') return `answered ${status}`;
  const cause = (status as Error & { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : status.message;
  return `failed (${detail})`;
}
