// The canary: the far end of browser probes, a tiny search site that records every query by token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import type { CanaryRecord } from './canary-client.ts';
import { closeServer, listenOn } from '../services/http-listen.ts';

const log = logger('canary');

/** Neutral result items, so a results page is never blank by itself. */
const FAKE_RESULTS: readonly { title: string; text: string }[] = [
  { title: 'Weather this week', text: 'Mild days with light rain expected towards the weekend.' },
  { title: 'Train timetable', text: 'Regional services run every thirty minutes on weekdays.' },
  { title: 'Bread recipe', text: 'Flour, water, salt and yeast; let the dough rest overnight.' },
];

/**
 * A long query in CJK or Arabic percent-encodes to tens of kilobytes; Node's default 16 KiB limit
 * would refuse it (431) and the probe would look blocked. The canary must record whatever arrives.
 */
const MAX_REQUEST_HEAD_BYTES = 1024 * 1024;

/**
 * How the canary's pages reach the phone. Only the lab sets anything but `normal`, to put
 * the faults of a real network in front of the harness:
 * - `unreachable`: the phone's page requests are cut (the browser shows its error page);
 * - `stalled`: page requests are never answered (the page never loads);
 * - `redesigned`: the search page is served with new markup, so its selectors no longer match.
 *
 * The records API the harness reads stays up in every condition.
 */
export const CANARY_CONDITIONS = ['normal', 'unreachable', 'stalled', 'redesigned'] as const;
export type CanaryCondition = (typeof CANARY_CONDITIONS)[number];

export class CanaryServer {
  readonly #records = new Map<string, CanaryRecord[]>();
  /** Page responses held open while `stalled`. */
  readonly #held = new Set<ServerResponse>();
  #condition: CanaryCondition = 'normal';
  #server: Server | undefined;
  #url: string | undefined;

  get url(): string {
    if (!this.#url) throw new ServiceError('the canary is not started');
    return this.#url;
  }

  /** Listens (a free port by default); resolves with the base URL, e.g. `http://127.0.0.1:41234`. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.#url) return this.#url;
    const server = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES }, (request, response) => {
      try {
        this.#handle(request, response);
      } catch (error) {
        log.error({ err: error }, 'canary request failed');
        if (!response.headersSent) send(response, 500, 'text/plain', 'internal error');
        else response.destroy();
      }
    });
    this.#url = await listenOn(server, port, host, 'canary');
    this.#server = server;
    log.info({ url: this.#url }, 'canary started');
    return this.#url;
  }

  /** Sets how pages reach the phone from now on (see CANARY_CONDITIONS); held pages are cut. */
  setCondition(condition: CanaryCondition): void {
    this.#condition = condition;
    for (const response of this.#held) response.destroy();
    this.#held.clear();
    log.info({ condition }, 'canary condition set');
  }

  async stop(): Promise<void> {
    this.setCondition('normal');
    const server = this.#server;
    this.#server = undefined;
    this.#url = undefined;
    if (!server) return;
    await closeServer(server);
  }

  /** Every record received for `token`, oldest first (a copy). */
  records(token: string): CanaryRecord[] {
    return [...(this.#records.get(token) ?? [])];
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const target = request.url ?? '/';
    const url = new URL(target, 'http://canary.invalid');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain', 'use GET');
      return;
    }
    const isPage = url.pathname === '/' || url.pathname === '/search';
    if (isPage && this.#condition === 'unreachable') {
      response.destroy();
    } else if (isPage && this.#condition === 'stalled') {
      this.#held.add(response);
      response.on('close', () => this.#held.delete(response));
    } else if (url.pathname === '/') {
      const token = url.searchParams.get('p') ?? '';
      const html =
        this.#condition === 'redesigned' ? redesignedSearchPage(token) : searchPage(token);
      send(response, 200, 'text/html', html);
    } else if (url.pathname === '/search') {
      this.#search(target, url, response);
    } else if (url.pathname.startsWith('/records/')) {
      const token = decodeURIComponent(url.pathname.slice('/records/'.length));
      send(
        response,
        200,
        'application/json',
        JSON.stringify({ token, records: this.records(token) }),
      );
    } else if (url.pathname === '/healthz') {
      send(response, 200, 'text/plain', 'ok');
    } else if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
    } else {
      send(response, 404, 'text/plain', 'not found');
    }
  }

  #search(target: string, url: URL, response: ServerResponse): void {
    const token = url.searchParams.get('p');
    if (!token) {
      send(response, 400, 'text/plain', 'missing probe token `p`');
      return;
    }
    const question = target.indexOf('?');
    const rawQuery = question === -1 ? '' : target.slice(question + 1);
    const record: CanaryRecord = {
      token,
      rawQuery,
      // node hands over the request line as latin1, so this is the bytes exactly as they came.
      rawQueryHex: Buffer.from(rawQuery, 'latin1').toString('hex'),
      q: url.searchParams.get('q') ?? '',
      receivedAt: Date.now(),
    };
    const list = this.#records.get(token) ?? [];
    list.push(record);
    this.#records.set(token, list);
    log.debug({ token, bytes: record.q.length }, 'query recorded');
    send(response, 200, 'text/html', resultsPage(record.q, token));
  }
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  const charset = type === 'application/json' ? '' : '; charset=utf-8';
  response.writeHead(status, {
    'Content-Type': `${type}${charset}`,
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

/** Makes text inert in HTML text and quoted attribute values. */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:sans-serif;margin:1rem;line-height:1.4}input{font-size:1rem;width:70%}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function searchPage(token: string): string {
  return page(
    'Search',
    `<h1>Search</h1>
<form id="cw-search" action="/search" method="get">
<input id="cw-q" name="q" type="search" autocomplete="off" aria-label="Search">
<input type="hidden" name="p" value="${escapeHtml(token)}">
<button id="cw-submit" type="submit">Search</button>
</form>
<p id="cw-token">${escapeHtml(token)}</p>`,
  );
}

/** The search page after a site redesign: same function, none of the old element ids. */
function redesignedSearchPage(token: string): string {
  return page(
    'Search',
    `<h1>Find anything</h1>
<form class="search-v2" action="/search" method="get">
<input class="search-v2__field" name="q" type="search" autocomplete="off" aria-label="Search">
<input type="hidden" name="p" value="${escapeHtml(token)}">
<button class="search-v2__go" type="submit">Go</button>
</form>
<p class="search-v2__token">${escapeHtml(token)}</p>`,
  );
}

function resultsPage(q: string, token: string): string {
  const term = escapeHtml(q);
  const href = `/search?q=${encodeURIComponent(q)}&p=${encodeURIComponent(token)}`;
  const items = FAKE_RESULTS.map(
    (item) => `<li><h2>${escapeHtml(item.title)}</h2><p>${escapeHtml(item.text)}</p></li>`,
  ).join('\n');
  return page(
    `${term} - Search`,
    `<h1>Results for <q id="cw-echo">${term}</q></h1>
<p id="cw-summary">About 3 results for ${term}.</p>
<p>Search again: <a id="cw-link" href="${escapeHtml(href)}">${term}</a></p>
<ol id="cw-results">
${items}
</ol>
<p id="cw-token">${escapeHtml(token)}</p>`,
  );
}
