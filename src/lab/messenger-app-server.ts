// The lab phone's messenger app: the Converse.js web client (npm converse.js), served from node_modules on loopback, no external assets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { MissingDependencyError, ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { closeServer, listenOn } from '../services/http-listen.ts';
import { sendText, serveStaticFile } from '../services/static-files.ts';

const log = logger('messenger-app');

/** What the app may load: itself and the lab's XMPP websocket on loopback, nothing from outside. */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  'connect-src ws://127.0.0.1:* http://127.0.0.1:*',
].join('; ');

/** Where the app page is told whom it is and whom it talks to (query parameters of `/`). */
export interface MessengerAppSession {
  /** `ws://127.0.0.1:<port>/xmpp-websocket` */
  websocketUrl: string;
  jid: string;
  password: string;
  /** The peer's bare JID: the chat opened on login. */
  peer: string;
}

/** URL of the app for one lab phone's session. */
export function messengerAppUrl(baseUrl: string, session: MessengerAppSession): string {
  const query = new URLSearchParams({
    ws: session.websocketUrl,
    jid: session.jid,
    password: session.password,
    peer: session.peer,
  });
  return `${baseUrl.replace(/\/+$/, '')}/?${query}`;
}

function converseDist(): string {
  try {
    // the package exports `./dist/*` only: resolve a file of it
    return dirname(createRequire(import.meta.url).resolve('converse.js/dist/converse.min.js'));
  } catch (cause) {
    throw new MissingDependencyError(
      'the npm package converse.js is not installed: run `npm install`',
      { cause },
    );
  }
}

export class MessengerAppServer {
  readonly #dist = converseDist();
  #server: Server | undefined;
  #url: string | undefined;

  get url(): string {
    if (!this.#url) throw new ServiceError('the lab messenger app server is not started');
    return this.#url;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.#url) return this.#url;
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        log.error({ err: error }, 'messenger app request failed');
        if (!response.headersSent) sendText(response, 500, 'internal error');
        else response.destroy();
      });
    });
    this.#url = await listenOn(server, port, host, 'lab messenger app');
    this.#server = server;
    log.info({ url: this.#url }, 'lab messenger app started');
    return this.#url;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#url = undefined;
    if (server) await closeServer(server);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'use GET');
      return;
    }
    const pathname = (request.url ?? '/').split(/[?#]/, 1)[0]!;
    if (pathname === '/') {
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': CSP,
      });
      response.end(APP_PAGE);
    } else if (pathname.startsWith('/dist/')) {
      await serveStaticFile(this.#dist, pathname.slice('/dist'.length), request, response, {
        mount: '/dist',
        cacheControl: 'max-age=3600',
      });
    } else if (pathname === '/favicon.ico') {
      response.writeHead(204).end();
    } else {
      sendText(response, 404, 'not found');
    }
  }
}

/**
 * The app page: Converse.js (an ES module) logs in with the session's account and a tiny plugin
 * opens the chat with the peer once connected (URL routing does not). Everything that would
 * reach the internet is off: connection discovery, OMEMO (keys and wasm), media previews, the
 * login footer's logos; the CSP refuses anything else.
 */
const APP_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lab messenger</title>
<link rel="stylesheet" href="/dist/converse.min.css">
</head>
<body class="converse-fullscreen">
<script type="module" src="/dist/converse.min.js"></script>
<script type="module">
const params = new URLSearchParams(location.search);
const peer = params.get('peer');
// The login footer shows sponsor logos from the web; an empty element of that name, defined
// first, takes its place (Converse registers only names not yet defined).
customElements.define('converse-footer', class extends HTMLElement {});
window.converse.plugins.add('censorwatch-open-chat', {
  initialize() {
    const { api } = this._converse;
    const openChat = () =>
      api.chats.open(peer).then(() => {
        document.body.dataset.censorwatchChat = 'open';
      });
    // also for the harness, when a restarted app came back without the chat
    window.censorwatchOpenChat = openChat;
    // whether the app is logged in: a view left open after the server went away sends nothing
    window.censorwatchConnected = () => api.connection.connected() === true;
    api.listen.on('connected', openChat);
    api.listen.on('reconnected', openChat);
  },
});
window.converse.initialize({
  view_mode: 'fullscreen',
  websocket_url: params.get('ws'),
  jid: params.get('jid'),
  password: params.get('password'),
  auto_login: true,
  auto_reconnect: false,
  discover_connection_methods: false,
  whitelisted_plugins: ['censorwatch-open-chat'],
  blacklisted_plugins: ['converse-omemo', 'converse-omemo-views'],
  render_media: false,
  show_client_info: false,
  show_send_button: true,
  use_system_emojis: true,
  allow_non_roster_messaging: true,
  persistent_store: 'sessionStorage',
  loglevel: 'error',
  i18n: 'en',
});
</script>
</body>
</html>
`;
