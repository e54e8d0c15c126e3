// Serves the reports folder over HTTP: Allure reports load their data with XHR and do not work from file://.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { closeServer, listenOn } from '../services/http-listen.ts';
import { sendText as send, serveStaticFile } from '../services/static-files.ts';

const log = logger('report-server');

/** The results database sits in the reports folder by default; it is not a report. */
export const DENIED_EXTENSIONS = ['.db', '.db-wal', '.db-shm', '.db-journal', '.sqlite', '.tmp'];

export interface ReportServerOptions {
  /** Interface to listen on. @defaultValue `127.0.0.1` (reports hold the terms under test) */
  host?: string;
}

/** A static file server for one folder: GET and HEAD, no listings, nothing outside the folder. */
export class ReportServer {
  readonly #root: string;
  readonly #host: string;
  #server: Server | undefined;

  constructor(rootDir: string, options: ReportServerOptions = {}) {
    this.#root = resolve(rootDir);
    this.#host = options.host ?? '127.0.0.1';
  }

  /** Starts listening; resolves to the base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  async start(port = 0): Promise<string> {
    if (this.#server) throw new ServiceError('report server already started');
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        log.error({ err: error, url: request.url }, 'serving a report file failed');
        if (!response.headersSent) send(response, 500, 'internal error');
        else response.destroy();
      });
    });
    const url = await listenOn(server, port, this.#host, 'report server');
    this.#server = server;
    log.info({ root: this.#root, url }, 'serving reports');
    return url;
  }

  /** Stops listening and closes open connections. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    await closeServer(server);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      send(response, 405, 'method not allowed');
      return;
    }
    const pathname = (request.url ?? '/').split(/[?#]/, 1)[0]!;
    await serveStaticFile(this.#root, pathname, request, response, { deny: DENIED_EXTENSIONS });
  }
}
