// The REST API and the testers' page: start checks, follow runs live (SSE), list phones, reports and diffs; bull-board for operators.
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import swagger from '@fastify/swagger';
import { Queue } from 'bullmq';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { chooseDevices, pastedTermList, startCheck } from '../../queue/targeted-check.ts';
import { firmwareKeyOf, type DeviceProfile } from '../devices/device-profile.ts';
import { CensorwatchError, InputError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import type { RepetitionPolicy } from '../oracle/confirm-finding.ts';
import { progressOf } from '../progress/progress.ts';
import { DENIED_EXTENSIONS } from '../report/report-server.ts';
import { firmwareReportHref, readStoredEntries } from '../report/report-index.ts';
import { firmwareSlug } from '../report/firmware-slug.ts';
import { summariseByFirmware } from '../report/run-summary.ts';
import { COMPARISONS_DIR } from '../regress/firmware-diff.ts';
import { serveStaticFile } from '../services/static-files.ts';
import type { ResultStore } from '../store/result-store.ts';
import { loadTermList } from '../terms/load-term-list.ts';
import {
  connectionOf,
  deviceQueueName,
  REPORT_QUEUE,
  RUN_QUEUE,
  type QueueContext,
} from '../../queue/queue-context.ts';
import { CHECK_BODY_SCHEMA, ERROR_SCHEMA, OPENAPI_INFO } from './api-schemas.ts';

const log = logger('api');
const PAGE_DIR = resolve(import.meta.dirname, 'page');
/** Cookie the page's requests carry once the token was given in the page URL. */
export const TOKEN_COOKIE = 'censorwatch_token';
const SSE_POLL_MS = 1000;

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
}

/** A JSON error: a stable code, a message and the failing field when there is one. */
interface ApiError {
  error: { code: string; message: string; field?: string };
}

function apiError(code: string, message: string, field?: string): ApiError {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

export class ApiServer {
  readonly #options: ApiServerOptions;
  readonly #app: FastifyInstance;
  /** One per queue name, shared by bull-board and the phone listing. */
  readonly #queues = new Map<string, Queue>();

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
    this.#app = Fastify({
      logger: false,
      bodyLimit: 256 * 1024,
      // an unknown field is an error to report, not something to drop silently
      ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    });
  }

  /** Listens; resolves to the base URL, e.g. `http://127.0.0.1:40123`. */
  async start(port = 0): Promise<string> {
    await this.#routes();
    const address = await this.#app.listen({ port, host: this.#options.host });
    const url = new URL(address);
    log.info(
      { url: url.origin, auth: this.#options.auth === 'off' ? 'off' : 'token' },
      'API listening',
    );
    return url.origin;
  }

  async stop(): Promise<void> {
    await this.#app.close();
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
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
    const { store, profiles } = this.#options;
    await app.register(swagger, { openapi: OPENAPI_INFO });

    app.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.validation) {
        const issue = error.validation[0];
        const missing =
          issue?.params && 'missingProperty' in issue.params
            ? `/${String(issue.params['missingProperty'])}`
            : '';
        // `/terms/0/text` → `terms[0].text`, as the other errors name fields
        const field =
          `${issue?.instancePath ?? ''}${missing}`
            .split('/')
            .filter((part) => part !== '')
            .map((part, index) =>
              /^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`,
            )
            .join('') || 'body';
        return reply
          .code(400)
          .send(apiError('E_BAD_REQUEST', `${field}: ${issue?.message ?? 'is invalid'}`, field));
      }
      if (error instanceof InputError) {
        return reply.code(400).send(apiError(error.code, error.message, error.field));
      }
      if (error instanceof CensorwatchError) {
        return reply.code(503).send(apiError(error.code, error.message));
      }
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) log.error({ err: error }, 'API request failed');
      return reply
        .code(status)
        .send(apiError(status === 500 ? 'E_INTERNAL' : 'E_BAD_REQUEST', error.message));
    });

    app.addHook('onRequest', async (request, reply) => {
      if (request.url === '/health') return;
      if (this.#authorised(request)) return;
      // the page's own URL may carry the token once: keep it in a cookie, drop it from the URL
      const token = new URL(request.url, 'http://x').searchParams.get('token');
      if (request.method === 'GET' && token !== null && this.#tokenMatches(token)) {
        reply
          .header(
            'set-cookie',
            `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
          )
          .redirect(new URL(request.url, 'http://x').pathname, 303);
        return reply;
      }
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send(
          apiError(
            'E_AUTH',
            'a token is required: `Authorization: Bearer <token>`, or open the page once with ?token=<token>',
            'Authorization',
          ),
        );
    });

    app.get('/health', { schema: { hide: true } }, async () => ({ ok: true }));

    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    app.post(
      '/api/checks',
      {
        schema: {
          summary: 'Start a targeted check (deduplicated while an identical one is queued)',
          body: CHECK_BODY_SCHEMA,
          response: {
            '2xx': { type: 'object', additionalProperties: true },
            '4xx': ERROR_SCHEMA,
          },
        },
      },
      async (request, reply) => {
        const body = request.body as {
          devices?: string[];
          targets?: string[];
          terms?: { text: string; language?: string; control?: string }[];
          termList?: string;
        };
        if ((body.terms === undefined) === (body.termList === undefined)) {
          throw new InputError('E_TERM_LIST', 'give either terms or termList', { field: 'terms' });
        }
        const chosen = chooseDevices(profiles, body.devices, body.targets, {
          devices: 'devices',
          targets: 'targets',
        });
        const termList = body.terms
          ? pastedTermList(body.terms, 'API check', 'terms')
          : this.#termList(body.termList!);
        const run = await startCheck(this.#options.context, store, {
          chosen,
          profiles,
          termList,
          batchSize: this.#options.batchSize,
          repetition: this.#options.repetition,
        });
        return reply.code(run.deduplicated ? 200 : 202).send({
          runId: run.runId,
          plannedProbes: run.plannedProbes,
          batches: run.batches,
          devices: run.deviceIds,
          deduplicated: run.deduplicated,
          links: { run: `/api/runs/${run.runId}`, events: `/api/runs/${run.runId}/events` },
        });
      },
    );

    app.get(
      '/api/runs/:runId',
      { schema: { summary: 'A run with its progress, summary and probe results' } },
      async (request, reply) => {
        const { runId } = request.params as { runId: string };
        const run = await store.run(runId);
        if (!run)
          return reply.code(404).send(apiError('E_NOT_FOUND', `no run "${runId}"`, 'runId'));
        const results = await store.probesOfRun(runId);
        const elapsed = Date.now() - Date.parse(run.createdAt);
        return {
          run,
          progress: progressOf(results, run.plannedProbes, elapsed),
          summary: summariseByFirmware(results).map((row) => ({
            ...row,
            report: `/reports/${firmwareReportHref(firmwareSlug(row.firmwareKey))}`,
          })),
          results: results.map((result) => ({
            ...result,
            evidenceUrls: result.evidence.map((path) => `/reports/${encodePath(path)}`),
          })),
        };
      },
    );

    app.get(
      '/api/runs/:runId/events',
      { schema: { summary: "A run's progress as server-sent events until it finishes" } },
      async (request, reply) => {
        const { runId } = request.params as { runId: string };
        const run = await store.run(runId);
        if (!run)
          return reply.code(404).send(apiError('E_NOT_FOUND', `no run "${runId}"`, 'runId'));
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
        });
        let last = '';
        let open = true;
        request.raw.on('close', () => {
          open = false;
        });
        while (open) {
          const now = await store.run(runId);
          const results = await store.probesOfRun(runId);
          const progress = progressOf(
            results,
            run.plannedProbes,
            Date.now() - Date.parse(run.createdAt),
          );
          const data = JSON.stringify({ ...progress, status: now?.status ?? 'running' });
          if (data !== last) raw.write(`event: progress\ndata: ${data}\n\n`);
          else raw.write(': keep-alive\n\n');
          last = data;
          if (now?.status === 'finished') {
            raw.write(`event: finished\ndata: ${data}\n\n`);
            break;
          }
          await new Promise((done) => setTimeout(done, SSE_POLL_MS));
        }
        raw.end();
      },
    );

    app.get(
      '/api/devices',
      { schema: { summary: 'Phones with their targets, health and current job' } },
      async () => {
        return Promise.all(profiles.map((device) => this.#deviceStatus(device)));
      },
    );

    app.get('/api/term-lists', { schema: { summary: 'Term lists a check may name' } }, async () =>
      this.#termListFiles().map((file) => {
        const list = loadTermList(join(this.#options.termsDir, file));
        return { file, name: list.name, terms: list.terms.length, sha256: list.sha256 };
      }),
    );

    app.get(
      '/api/reports',
      { schema: { summary: 'Firmware reports (with their latest counts) and comparison pages' } },
      async () => ({ firmwares: this.#reportIndex(), comparisons: this.#comparisons() }),
    );

    app.get('/reports/*', { schema: { hide: true } }, async (request, reply) => {
      reply.hijack();
      const pathname = request.url.split(/[?#]/, 1)[0]!.slice('/reports'.length) || '/';
      await serveStaticFile(this.#options.reportsDir, pathname, request.raw, reply.raw, {
        deny: DENIED_EXTENSIONS,
        mount: '/reports',
      });
    });

    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      this.#page(reply, 'index.html'),
    );
    app.get('/app.js', { schema: { hide: true } }, async (_request, reply) =>
      this.#page(reply, 'app.js'),
    );

    const board = new FastifyAdapter();
    createBullBoard({
      queues: [RUN_QUEUE, REPORT_QUEUE, ...profiles.map((d) => deviceQueueName(d.id))].map(
        (name) => new BullMQAdapter(this.#queue(name)),
      ),
      serverAdapter: board,
    });
    board.setBasePath('/admin/queues');
    await app.register(board.registerPlugin(), { prefix: '/admin/queues' });
  }

  #page(reply: FastifyReply, file: 'index.html' | 'app.js'): FastifyReply {
    return reply
      .header(
        'content-type',
        file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
      )
      .header(
        'content-security-policy',
        "default-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'",
      )
      .header('x-content-type-options', 'nosniff')
      .send(readFileSync(join(PAGE_DIR, file), 'utf8'));
  }

  #authorised(request: FastifyRequest): boolean {
    const auth = this.#options.auth;
    if (auth === 'off') return true;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ') && this.#tokenMatches(header.slice(7).trim())) return true;
    const cookie = request.headers.cookie
      ?.split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${TOKEN_COOKIE}=`));
    return (
      cookie !== undefined &&
      this.#tokenMatches(decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)))
    );
  }

  #tokenMatches(given: string): boolean {
    const auth = this.#options.auth;
    if (auth === 'off') return true;
    const a = Buffer.from(given);
    const b = Buffer.from(auth.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  #termListFiles(): string[] {
    return readdirSync(this.#options.termsDir)
      .filter((file) => /\.(ya?ml|json)$/.test(file))
      .sort();
  }

  /** A shipped term list by file name (never a path: a check cannot read other files). */
  #termList(file: string) {
    if (!this.#termListFiles().includes(file)) {
      throw new InputError(
        'E_TERM_LIST',
        `termList: no term list "${file}"; known: ${this.#termListFiles().join(', ')}`,
        { field: 'termList' },
      );
    }
    return loadTermList(join(this.#options.termsDir, file));
  }

  async #deviceStatus(device: DeviceProfile) {
    const queue = this.#queue(deviceQueueName(device.id));
    const [counts, workers, active] = await Promise.all([
      queue.getJobCounts('waiting', 'prioritized', 'active', 'failed', 'completed'),
      queue.getWorkersCount(),
      queue.getActive(0, 0),
    ]);
    const job = active[0];
    const data = job?.data as
      { runId?: string; batchId?: string; target?: { app?: string } } | undefined;
    return {
      id: device.id,
      firmwareKey: firmwareKeyOf(device),
      lab: device.lab !== undefined,
      reference: device.reference ?? null,
      targets: device.targets.map((t) => ({ app: t.app, kind: t.kind })),
      health: workers === 0 ? 'no-worker' : job ? 'busy' : 'idle',
      workers,
      queued: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0),
      failed: counts['failed'] ?? 0,
      currentJob: job
        ? {
            runId: data?.runId ?? null,
            batchId: data?.batchId ?? null,
            target: data?.target?.app ?? null,
          }
        : null,
    };
  }

  #reportIndex(): unknown[] {
    return readStoredEntries(this.#options.reportsDir).map((entry) => ({
      ...entry,
      report: `/reports/${firmwareReportHref(entry.slug)}`,
      changes: (entry.changes ?? []).map((change) => ({
        ...change,
        href: `/reports/${change.href}`,
      })),
    }));
  }

  #comparisons(): unknown[] {
    const dir = join(this.#options.reportsDir, COMPARISONS_DIR);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => {
        const page = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
          kind: string;
          before: unknown;
          after: unknown;
          newFindings: unknown[];
          goneFindings: unknown[];
          classChanged: unknown[];
          newlyInconclusive: unknown[];
        };
        const base = `/reports/${COMPARISONS_DIR}/${encodeURIComponent(file.replace(/\.json$/, ''))}`;
        return {
          kind: page.kind,
          before: page.before,
          after: page.after,
          counts: {
            newFindings: page.newFindings.length,
            goneFindings: page.goneFindings.length,
            classChanged: page.classChanged.length,
            newlyInconclusive: page.newlyInconclusive.length,
          },
          html: `${base}.html`,
          markdown: `${base}.md`,
          json: `${base}.json`,
        };
      });
  }
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
