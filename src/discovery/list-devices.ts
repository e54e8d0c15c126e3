// Lists every phone an adb server has attached and reads each one (the library behind `censorwatch devices`).
import { connect } from 'node:net';
import adbkit, { type Device } from '@devicefarmer/adbkit';
import { settings } from '../config/settings.ts';
import { InputError, ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { AdbServerNotRunningError } from './adb-server-not-running-error.ts';
import type { DeviceFacts } from './device-facts.ts';
import { assertPackageNames } from './package-name.ts';
import { readDevice, SHELL_TIMEOUT_MS } from './read-device.ts';
import { DEFAULT_PACKAGES } from './target-packages.ts';

const log = logger('discovery');

/** How long the adb server may take to accept a connection. */
const CONNECT_TIMEOUT_MS = 5 * 1000;

/**
 * adbkit starts an adb server itself (`adb -P <port> start-server`) when the port refuses; a
 * server started that way belongs to nobody and outlives the command. Pointing adbkit at a
 * binary that does not exist keeps it from ever starting one: discovery only reads.
 */
const NO_ADB_BINARY = '/nonexistent/censorwatch-discovery-never-starts-adb';

export interface ListDevicesOptions {
  /** The adb server's host. @defaultValue `127.0.0.1` (settings' adbServer) */
  host?: string;
  /** The adb server's port. @defaultValue `ANDROID_ADB_SERVER_PORT`, else 5037 (settings' adbServer) */
  port?: number;
  /** Packages whose installed versions are read. @defaultValue every target app's ({@link DEFAULT_PACKAGES}) */
  apps?: readonly string[];
  /** Deadline of each shell command on a phone, in milliseconds. @defaultValue {@link SHELL_TIMEOUT_MS} (10 s) */
  timeoutMs?: number;
}

/**
 * Every phone the adb server lists, in serial order, each read as far as it can be (a phone
 * that is unauthorized or offline is listed with every field null and the reason).
 * @throws AdbServerNotRunningError when nothing listens on the server's port
 * @throws ServiceError when the server cannot be reached or answers nonsense
 * @throws InputError for bad options, before any connection
 */
export async function listDevices(options: ListDevicesOptions = {}): Promise<DeviceFacts[]> {
  const { host, port } = { ...settings().adbServer, ...definedOf(options) };
  const apps = options.apps ?? DEFAULT_PACKAGES;
  const timeoutMs = options.timeoutMs ?? SHELL_TIMEOUT_MS;
  checkOptions(host, port, timeoutMs);
  assertPackageNames(apps, 'apps');

  await probeServer(host, port);
  const client = adbkit.Adb.createClient({ host, port, bin: NO_ADB_BINARY });
  const started = Date.now();
  // adbkit's Bluebird promises carry no types here: the list's shape is adbkit's Device
  const attached = await withDeadline<Device[]>(client.listDevices(), timeoutMs, host, port);
  const facts = await Promise.all(
    attached.map((device) => readDevice(client, device.id, device.type, { apps, timeoutMs })),
  );
  log.info(
    { adbServer: `${host}:${port}`, phones: facts.length, ms: Date.now() - started },
    'phones read over adb',
  );
  return facts.sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
}

function definedOf(options: ListDevicesOptions): { host?: string; port?: number } {
  return {
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  };
}

function checkOptions(host: string, port: number, timeoutMs: number): void {
  if (host.trim() === '') {
    throw new InputError('E_CONFIG', 'field `host` must be a host name or address, got ""', {
      field: 'host',
    });
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError('E_CONFIG', `field \`port\` must be a TCP port 1-65535, got ${port}`, {
      field: 'port',
    });
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InputError(
      'E_CONFIG',
      `field \`timeoutMs\` must be a number of milliseconds > 0, got ${timeoutMs}`,
      { field: 'timeoutMs' },
    );
  }
}

/** Connects once and hangs up, so that a server that is not running is told apart from one that fails. */
function probeServer(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(
        new ServiceError(
          `the adb server on ${host}:${port} did not accept a connection within ${CONNECT_TIMEOUT_MS / 1000} s`,
        ),
      );
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      reject(serverError(error, host, port));
    });
  });
}

function serverError(error: unknown, host: string, port: number): ServiceError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const path = (error as { path?: unknown } | undefined)?.path;
  // ENOENT of the binary that does not exist: adbkit was refused and tried to start a server
  if (code === 'ECONNREFUSED' || (code === 'ENOENT' && path === NO_ADB_BINARY)) {
    return new AdbServerNotRunningError(host, port, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ServiceError(`the adb server on ${host}:${port} failed: ${message}`, { cause: error });
}

async function withDeadline<T>(
  work: PromiseLike<T>,
  timeoutMs: number,
  host: string,
  port: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ServiceError(
            `the adb server on ${host}:${port} did not list its phones within ${timeoutMs / 1000} s`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([Promise.resolve(work), deadline]);
  } catch (error) {
    throw error instanceof ServiceError ? error : serverError(error, host, port);
  } finally {
    clearTimeout(timer);
  }
}
