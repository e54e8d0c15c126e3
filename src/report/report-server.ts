// Serves the reports folder over HTTP: Allure reports load their data with XHR and do not work from file://.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { closeServer, listenOn } from '../services/http-listen.ts';
import {
  sendText as send,
  serveStaticFile,
  type StaticFileOptions,
} from '../services/static-files.ts';

const log = logger('report-server');

/**
 * Names never served from the reports folder, whatever the link to them is called: the results
 * database (and its journals, copies and backups, `*.db*`) sits there by default and is not a
 * report; `*.tmp` are half-written files. Dot-files (the API token) are refused anyway.
 */
export const DENIED_NAMES: readonly RegExp[] = [/\.(db|sqlite3?)([.-]|$)/i, /\.tmp$/i];

/**
 * What a report is made of: Allure 2's output (html, js, json, csv, ico, and png/txt
 * attachments), our index and comparison pages (html, md, json), evidence (`<probe>.png`,
 * `<probe>.html.txt`, `<probe>.peer.txt`) and the usual web kinds. Anything else is 404.
 */
export const REPORT_FILE_TYPES: readonly string[] = [
  '.html',
  '.js',
  '.css',
  '.json',
  '.csv',
  '.md',
  '.txt',
  '.svg',
  '.png',
  '.jpg',
  '.jpeg',
  '.ico',
  '.woff',
  '.woff2',
];

/** The rules both the report server and the API's /reports apply. */
export const REPORT_FILES: Pick<StaticFileOptions, 'allow' | 'deny'> = {
  allow: REPORT_FILE_TYPES,
  deny: DENIED_NAMES,
};

/**
 * SHA-256 of the two inline scripts Allure's index.html carries (the core loader and its
 * resolver), as allure-commandline writes them; its third, Google Analytics, stays blocked.
 * Recompute them when allure-commandline changes (the test checks the version).
 */
export const ALLURE_INLINE_SCRIPTS = {
  allureVersion: '2.46.1',
  hashes: [
    "'sha256-IlByGVPi8uYREkJCtVtITaqsuMgZpUqh1EZ8MmYrkb0='",
    "'sha256-gFKpSFk7e9wknlk5YGykE+5bWRauogaRkFm2YJKq330='",
  ],
} as const;

/**
 * The CSP of report files: scripts from the folder and Allure's two inline ones; inline styles
 * (Allure's bundle injects them, our pages carry a `<style>`); data: fonts and images and blob:
 * previews that Allure's bundle makes; nothing from elsewhere and no framing.
 */
export const REPORT_CSP = [
  "default-src 'none'",
  `script-src 'self' ${ALLURE_INLINE_SCRIPTS.hashes.join(' ')}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every answer of the reports folder carries, files and errors alike. */
export const REPORT_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': REPORT_CSP,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

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
    for (const [name, value] of Object.entries(REPORT_HEADERS)) response.setHeader(name, value);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      send(response, 405, 'method not allowed');
      return;
    }
    const pathname = (request.url ?? '/').split(/[?#]/, 1)[0]!;
    await serveStaticFile(this.#root, pathname, request, response, REPORT_FILES);
  }
}
