// The Redis the queue uses: REDIS_URL, else one answering on 127.0.0.1:6379, else a private redis-server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { settings } from '../config/settings.ts';
import { MissingDependencyError, ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { freePort } from './free-port.ts';
import { OwnedProcess } from './owned-process.ts';

const log = logger('redis-service');

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const PING_TIMEOUT_MS = 2 * 1000;
const READY_POLL_PING_TIMEOUT_MS = 500;
const START_TIMEOUT_MS = 20 * 1000;
/** A free port can be taken between finding it and binding it: try a few. */
const START_ATTEMPTS = 3;

export interface RedisServiceOptions {
  /** Redis to use; must answer PING. @defaultValue `settings().redisUrl` (REDIS_URL) */
  redisUrl?: string;
  /** Always start a private redis-server, ignoring REDIS_URL and 127.0.0.1:6379 (tests). @defaultValue false */
  preferPrivate?: boolean;
  /** The Redis tried when no URL is given. @defaultValue `redis://127.0.0.1:6379` */
  defaultUrl?: string;
  /** The redis-server executable for a private instance. @defaultValue `redis-server` on PATH */
  redisServerCommand?: string;
}

export class RedisService {
  readonly #options: RedisServiceOptions;
  #server: OwnedProcess | undefined;
  #dataDir: string | undefined;
  #url: string | undefined;

  constructor(options: RedisServiceOptions = {}) {
    this.#options = options;
  }

  /** The URL of the Redis in use, once started. */
  get url(): string | undefined {
    return this.#url;
  }

  /** Pid of the private redis-server, when one was started. */
  get pid(): number | undefined {
    return this.#server?.pid;
  }

  /** Temp folder of the private redis-server, when one was started; removed by `stop()`. */
  get dataDir(): string | undefined {
    return this.#dataDir;
  }

  /**
   * Finds or starts a Redis and returns its URL.
   * @throws ServiceError naming REDIS_URL when the given Redis does not answer
   * @throws MissingDependencyError naming the Debian package when redis-server is needed but missing
   */
  async start(): Promise<string> {
    if (this.#url) return this.#url;
    const { preferPrivate = false } = this.#options;
    const configured = this.#options.redisUrl ?? (preferPrivate ? undefined : settings().redisUrl);
    if (configured && !preferPrivate) {
      try {
        await pingRedis(configured, PING_TIMEOUT_MS);
      } catch (error) {
        throw new ServiceError(
          `REDIS_URL ${redactUrl(configured)} does not answer PING: ${errorText(error)}`,
          { cause: error },
        );
      }
      log.info({ url: redactUrl(configured) }, 'using the Redis of REDIS_URL');
      return (this.#url = configured);
    }
    const fallback = this.#options.defaultUrl ?? DEFAULT_URL;
    if (!preferPrivate && (await answersPing(fallback))) {
      log.info({ url: fallback }, 'using the Redis already running');
      return (this.#url = fallback);
    }
    return (this.#url = await this.#startPrivate());
  }

  /** Stops the private redis-server and removes its data folder; a shared Redis is left alone. */
  async stop(): Promise<void> {
    const server = this.#server;
    const dataDir = this.#dataDir;
    this.#server = undefined;
    this.#dataDir = undefined;
    this.#url = undefined;
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }

  async #startPrivate(): Promise<string> {
    const dataDir = await mkdtemp(join(tmpdir(), 'censorwatch-redis-'));
    this.#dataDir = dataDir;
    let lastError: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt += 1) {
      const port = await freePort();
      const url = `redis://127.0.0.1:${port}`;
      const server = new OwnedProcess({
        name: 'redis-server',
        command: this.#options.redisServerCommand ?? 'redis-server',
        args: [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dataDir,
          '--daemonize',
          'no',
        ],
        isReady: () => answersPing(url, READY_POLL_PING_TIMEOUT_MS),
        readyTimeoutMs: START_TIMEOUT_MS,
      });
      try {
        await server.start();
        this.#server = server;
        log.info({ url, pid: server.pid }, 'started a private redis-server');
        return url;
      } catch (error) {
        lastError = error;
        if (error instanceof MissingDependencyError) {
          await this.stop();
          throw new MissingDependencyError(
            'redis-server is not installed and no Redis answers: install the Debian package ' +
              '`redis-server` (sudo apt-get install -y redis-server) or set REDIS_URL',
            { cause: error },
          );
        }
        if (!(error instanceof ServiceError && /address already in use/i.test(error.message)))
          break;
        log.warn({ port, attempt }, 'port taken before redis-server bound it; trying another');
      }
    }
    await this.stop();
    throw lastError;
  }
}

/** Resolves when the Redis at `url` answers PING (with the URL's credentials), else rejects. */
export async function pingRedis(url: string, timeoutMs = PING_TIMEOUT_MS): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {
    // reported through the rejected connect / ping below
  });
  try {
    await client.connect();
    const reply = await client.ping();
    if (reply !== 'PONG') throw new Error(`PING answered ${JSON.stringify(reply)}`);
  } finally {
    client.disconnect();
  }
}

async function answersPing(url: string, timeoutMs = PING_TIMEOUT_MS): Promise<boolean> {
  try {
    await pingRedis(url, timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorText(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
