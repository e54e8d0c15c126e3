// Serves the reports folder over HTTP: Allure reports load their data with XHR and do not work from file://.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { closeServer, listenOn } from '../services/http-listen.ts';

const log = logger('report-server');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
};
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
/** The results database sits in the reports folder by default; it is not a report. */
const DENIED_EXTENSIONS = ['.db', '.db-wal', '.db-shm', '.db-journal', '.sqlite', '.tmp'];

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
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      send(response, 400, 'bad request');
      return;
    }
    const segments = decoded.split(/[/\\]/).filter((segment) => segment.length > 0);
    if (
      !decoded.startsWith('/') ||
      decoded.includes('\0') ||
      segments.some((segment) => segment === '..' || segment.startsWith('.'))
    ) {
      send(response, 404, 'not found');
      return;
    }
    let file = join(this.#root, ...segments);
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        // Relative links in the report (app.js, data/…) resolve against the folder only with a slash.
        // Rebuilt from the segments: a raw `//host` path must not become an off-site redirect.
        response.setHeader(
          'Location',
          `/${segments
            .map(encodeURIComponent)
            .map((s) => `${s}/`)
            .join('')}`,
        );
        send(response, 301, 'moved');
        return;
      }
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile() || DENIED_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext))) {
      send(response, 404, 'not found');
      return;
    }
    // A symlink inside the folder must not lead out of it.
    const [realRoot, realFile] = await Promise.all([realpath(this.#root), realpath(file)]);
    const inside = relative(realRoot, realFile);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
      send(response, 404, 'not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? DEFAULT_CONTENT_TYPE,
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    await new Promise<void>((done, fail) => {
      const stream = createReadStream(realFile);
      stream.once('error', fail);
      response.once('close', () => {
        stream.destroy();
        done();
      });
      stream.pipe(response);
    });
  }
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(`${text}\n`);
}
