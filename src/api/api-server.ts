// The REST API and the testers' page: start checks, follow runs live (SSE), list phones, reports and diffs; bull-board for operators.
import swagger from '@fastify/swagger';
import { Queue } from 'bullmq';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { connectionOf, type QueueContext } from '../../queue/queue-context.ts';
import { Redis } from 'ioredis';
import { readRegistry } from '../registry/read-registry.ts';
import type { RegistryView } from '../registry/registry-view.ts';
import type { DeviceProfile } from '../devices/device-profile.ts';
import { InputError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import type { RepetitionPolicy } from '../oracle/confirm-finding.ts';
import type { ResultStore } from '../store/result-store.ts';
import type { ApiContext } from './api-context.ts';
import { apiError, fieldName, installErrorHandler } from './api-errors.ts';
import { OPENAPI_INFO } from './api-schemas.ts';
import { AttemptLimiter } from './attempt-limiter.ts';
import { mountBullBoard } from './routes/bull-board.ts';
import { checkRoutes } from './routes/checks.ts';
import { listingRoutes } from './routes/listings.ts';
import { pageRoutes } from './routes/page.ts';
import { reportFileRoutes } from './routes/report-files.ts';
import { runRoutes } from './routes/runs.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { StreamSlots } from './stream-slots.ts';
import { installTokenAuth } from './token-auth.ts';
import { isRole } from './api-roles.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { illFormedPath } from './well-formed-body.ts';

export { TOKEN_COOKIE } from './token-auth.ts';

/** What one client address, and all of them, may do before the API answers 429. */
export interface ApiLimits {
  /** Wrong tokens one address may give per `authWindowMs`. @defaultValue 10 */
  authFailures: number;
  /** @defaultValue `60 * 1000` (a minute) */
  authWindowMs: number;
  /** Event streams open at once, in all (each polls the store every second). @defaultValue 50 */
  streams: number;
  /** Event streams one address may hold open. @defaultValue 5 */
  streamsPerClient: number;
}

export const DEFAULT_API_LIMITS: Readonly<ApiLimits> = {
  authFailures: 10,
  authWindowMs: 60 * 1000,
  streams: 50,
  streamsPerClient: 5,
};

export interface ApiServerOptions {
  context: QueueContext;
  store: ResultStore;
  profiles: readonly DeviceProfile[];
  reportsDir: string;
  /** Folder of the term lists a check may name. */
  termsDir: string;
  batchSize: number;
  repetition: RepetitionPolicy;
  /** The token every request needs, or `off` (allowed on a loopback address only). */
  auth: { token: string } | 'off';
  /** @defaultValue `127.0.0.1` */
  host?: string;
  /** @defaultValue {@link DEFAULT_API_LIMITS} */
  limits?: Partial<ApiLimits>;
  /** @defaultValue the `censorwatch:api` logger */
  log?: Logger;
}

export class ApiServer {
  readonly #options: ApiServerOptions & { host: string };
  readonly #limits: ApiLimits;
  readonly #log: Logger;
  readonly #app: FastifyInstance;
  /** One per queue name, shared by bull-board and the phone listing. */
  readonly #queues = new Map<string, Queue>();
  /** Reads the registry's heartbeats; made on first use. */
  #redis: Redis | undefined;

  constructor(options: ApiServerOptions) {
    const host = options.host ?? '127.0.0.1';
    if (options.auth === 'off' && !isLoopback(host)) {
      throw new InputError(
        'E_CONFIG',
        `the API may run without a token only on a loopback address, not on ${host}`,
        { field: 'auth' },
      );
    }
    this.#options = { ...options, host };
    this.#limits = { ...DEFAULT_API_LIMITS, ...options.limits };
    this.#log = options.log ?? logger('api');
    this.#app = Fastify({
      logger: false,
      bodyLimit: 256 * 1024,
      // a path that does not decode, or a bad content type, answers as every error does (never Fastify's shape)
      frameworkErrors: (error, _request, reply: FastifyReply) =>
        reply
          .code(400)
          .send(apiError('E_BAD_REQUEST', error.message.replace(/^FST_ERR_\w+: /, ''))),
      // an unknown field is an error to report, not something to drop silently; and a number is
      // not a term, nor a lone string a list of them (Fastify would coerce both)
      ajv: { customOptions: { removeAdditional: false, allErrors: false, coerceTypes: false } },
    });
  }

  /** Listens; resolves to the base URL, e.g. `http://127.0.0.1:40123`. */
  async start(port = 0): Promise<string> {
    await this.#routes();
    const address = await this.#app.listen({ port, host: this.#options.host });
    const url = new URL(address);
    this.#log.info(
      { url: url.origin, auth: this.#options.auth === 'off' ? 'off' : 'token' },
      'API listening',
    );
    return url.origin;
  }

  async stop(): Promise<void> {
    await this.#app.close();
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
    this.#redis?.disconnect();
  }

  async #registry(): Promise<RegistryView> {
    this.#redis ??= new Redis(this.#options.context.redisUrl, { maxRetriesPerRequest: 1 });
    return readRegistry(this.#redis, this.#options.context.prefix);
  }

  #queue(name: string): Queue {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: connectionOf(this.#options.context),
        prefix: this.#options.context.prefix,
      });
      this.#queues.set(name, queue);
    }
    return queue;
  }

  async #routes(): Promise<void> {
    const app = this.#app;
    const { context, store, profiles, reportsDir, termsDir, batchSize, repetition } = this.#options;
    const api: ApiContext = {
      context,
      store,
      profiles,
      reportsDir,
      termsDir,
      batchSize,
      repetition,
      queue: (name) => this.#queue(name),
      registry: () => this.#registry(),
      log: this.#log,
    };
    await app.register(swagger, { openapi: OPENAPI_INFO });
    installErrorHandler(app, this.#log);
    installSecurityHeaders(app);
    installTokenAuth(app, {
      auth: this.#options.auth,
      namedToken: async (digest) => {
        const token = await store.activeApiToken(digest);
        return token && isRole(token.role) ? { name: token.name, role: token.role } : undefined;
      },
      limiter: new AttemptLimiter({
        limit: this.#limits.authFailures,
        windowMs: this.#limits.authWindowMs,
      }),
    });
    // JSON may escape a lone surrogate (`"\ud800"`); no term, id or name can hold one
    app.addHook('preValidation', async (request, reply) => {
      const path = illFormedPath(request.body);
      if (!path) return;
      const field = fieldName(path);
      return reply
        .code(400)
        .send(
          apiError(
            'E_BAD_REQUEST',
            `${field}: must be well-formed Unicode (a lone surrogate)`,
            field,
          ),
        );
    });
    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send(apiError('E_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
    );

    app.get('/health', { schema: { hide: true } }, async () => ({ ok: true }));
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await app.register(checkRoutes, api);
    await app.register(runRoutes, {
      ...api,
      streams: new StreamSlots({
        total: this.#limits.streams,
        perClient: this.#limits.streamsPerClient,
      }),
    });
    await app.register(listingRoutes, api);
    await app.register(tokenRoutes, api);
    await app.register(reportFileRoutes, api);
    await app.register(pageRoutes);
    await mountBullBoard(app, api);
  }
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}
