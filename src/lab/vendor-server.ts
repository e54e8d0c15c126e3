// The lab vendor config server: serves keyword lists to lab firmware and lets tests replace them.
import { readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { InputError, ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import {
  loadVendorList,
  parseVendorList,
  switchFor,
  type VendorList,
  type VendorRule,
} from './vendor-list.ts';
import { closeServer, listenOn } from '../services/http-listen.ts';

const log = logger('vendor-server');

/** Largest PUT body accepted. */
const MAX_BODY_BYTES = 1024 * 1024;

/** What a lab firmware receives from `GET /v1/config`. */
export interface VendorConfig {
  list: string;
  /** Bumped every time the list is replaced. */
  revision: number;
  /** The remote switch for the asking firmware. */
  enabled: boolean;
  /** The rules to apply; always empty when `enabled` is false. */
  rules: VendorRule[];
}

interface StoredList {
  list: VendorList;
  revision: number;
}

export class VendorConfigServer {
  readonly #listDir: string;
  readonly #lists = new Map<string, StoredList>();
  #server: Server | undefined;
  #url: string | undefined;

  /** @param listDir folder whose `*.yaml` vendor lists are loaded on start */
  constructor(listDir: string) {
    this.#listDir = listDir;
  }

  get url(): string {
    if (!this.#url) throw new ServiceError('the vendor config server is not started');
    return this.#url;
  }

  /** Loads every list of the folder, then listens; resolves with the base URL. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.#url) return this.#url;
    this.#loadDir();
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        log.error({ err: error }, 'vendor request failed');
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.destroy();
      });
    });
    this.#url = await listenOn(server, port, host, 'vendor config server');
    this.#server = server;
    log.info({ url: this.#url, lists: [...this.#lists.keys()] }, 'vendor config server started');
    return this.#url;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#url = undefined;
    if (!server) return;
    await closeServer(server);
  }

  /** Replaces (or adds) a list at runtime and bumps its revision; returns the new revision. */
  setList(list: VendorList): number {
    const revision = (this.#lists.get(list.name)?.revision ?? 0) + 1;
    this.#lists.set(list.name, { list, revision });
    log.info({ list: list.name, revision, rules: list.rules.length }, 'vendor list replaced');
    return revision;
  }

  /** What a firmware asking for `list` would receive now; undefined for an unknown list. */
  config(list: string, firmware: string | undefined): VendorConfig | undefined {
    const stored = this.#lists.get(list);
    if (!stored) return undefined;
    const enabled = switchFor(stored.list, firmware);
    return { list, revision: stored.revision, enabled, rules: enabled ? stored.list.rules : [] };
  }

  #loadDir(): void {
    let names: string[];
    try {
      names = readdirSync(this.#listDir)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort();
    } catch (cause) {
      throw new InputError(
        'E_CONFIG',
        `${this.#listDir}: cannot read the vendor list folder`,
        {
          file: this.#listDir,
        },
        { cause },
      );
    }
    const fileOf = new Map<string, string>();
    for (const name of names) {
      const file = join(this.#listDir, name);
      const list = loadVendorList(file);
      const earlier = fileOf.get(list.name);
      if (earlier) {
        throw new InputError(
          'E_CONFIG',
          `${file}: field \`name\` repeats "${list.name}" already used by ${earlier}`,
          { file, field: 'name' },
        );
      }
      fileOf.set(list.name, file);
      this.setList(list);
    }
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://vendor.invalid');
    if (url.pathname === '/healthz' && request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('ok');
      return;
    }
    if (url.pathname === '/v1/config') {
      if (request.method !== 'GET') return sendJson(response, 405, { error: 'use GET' });
      const list = url.searchParams.get('list');
      if (!list)
        return sendJson(response, 400, { error: 'missing query parameter `list`', field: 'list' });
      const firmware = url.searchParams.get('firmware') ?? undefined;
      const config = this.config(list, firmware);
      if (!config) return sendJson(response, 404, { error: `unknown list "${list}"` });
      log.debug(
        { list, firmware, region: url.searchParams.get('region'), enabled: config.enabled },
        'config served',
      );
      return sendJson(response, 200, config);
    }
    const listPath = /^\/v1\/lists\/([^/]+)$/.exec(url.pathname);
    if (listPath) {
      if (request.method !== 'PUT') return sendJson(response, 405, { error: 'use PUT' });
      const name = decodeURIComponent(listPath[1]!);
      return this.#replace(name, request, response);
    }
    sendJson(response, 404, { error: 'not found' });
  }

  async #replace(name: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (body === null)
      return sendJson(response, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return sendJson(response, 400, { error: 'body is not valid JSON' });
    }
    if (data !== null && typeof data === 'object' && !Array.isArray(data) && !('name' in data)) {
      data = { ...data, name };
    }
    let list: VendorList;
    try {
      list = parseVendorList(data, `PUT /v1/lists/${name}`);
    } catch (error) {
      if (error instanceof InputError) {
        return sendJson(response, 400, { error: error.message, field: error.field });
      }
      throw error;
    }
    if (list.name !== name) {
      return sendJson(response, 400, {
        error: `field \`name\` must be "${name}" (the list in the URL), got "${list.name}"`,
        field: 'name',
      });
    }
    const revision = this.setList(list);
    sendJson(response, 200, { list: name, revision });
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

/** The request body as UTF-8 text, or null when it is too large. */
async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
