// The headers every API answer carries: no framing, no sniffing, a CSP per kind of answer, and no caching of API data.
import type { FastifyInstance } from 'fastify';

/** The testers' page: its own script and style only. */
export const PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * bull-board's UI: its scripts, styles, images and locales come from its own static folder (it
 * sets `<base href>`); the page carries inline styles; its Google Fonts link stays blocked (the
 * system font is used), so operating the farm tells no third party.
 */
export const BULL_BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON and event streams: nothing to load, nothing to run. */
export const API_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Where bull-board is mounted. */
export const BULL_BOARD_PREFIX = '/admin/queues';

/** Headers of every answer, whatever its kind. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Headers of an API answer written by hand (an event stream, after `reply.hijack()`). */
export function apiStreamHeaders(): Record<string, string> {
  return { ...COMMON_HEADERS, 'Content-Security-Policy': API_CSP, 'Cache-Control': 'no-store' };
}

/**
 * Adds the headers to every answer Fastify sends (hijacked answers set their own): a route's
 * own CSP is kept, else bull-board's or the API's; `Cache-Control: no-store` except on
 * bull-board's static files, which are the same for everyone.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) reply.header(name, value);
    const board =
      request.url === BULL_BOARD_PREFIX || request.url.startsWith(`${BULL_BOARD_PREFIX}/`);
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', board ? BULL_BOARD_CSP : API_CSP);
    }
    if (!request.url.startsWith(`${BULL_BOARD_PREFIX}/static/`)) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
