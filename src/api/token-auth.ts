// The API's token check on every request: a bearer header, the page's cookie, or ?token once on a page; wrong tokens are rate-limited per client address.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiError } from './api-errors.ts';
import type { AttemptLimiter } from './attempt-limiter.ts';

/** Cookie the page's requests carry once the token was given in the page URL. */
export const TOKEN_COOKIE = 'censorwatch_token';

/** Routes open without a token. */
const OPEN_PATHS = new Set(['/health']);

export interface TokenAuthOptions {
  /** The token every request needs, or `off` (the server checked it listens on loopback). */
  auth: { token: string } | 'off';
  /** Counts wrong tokens per client address; past its limit the address gets 429. */
  limiter: AttemptLimiter;
}

/**
 * Refuses every request without the token (401) before any route runs. A client address that
 * gave too many wrong tokens gets 429 with Retry-After for every request, the right token
 * included: otherwise guessing could go on, the 429s only telling the wrong ones apart.
 */
export function installTokenAuth(app: FastifyInstance, options: TokenAuthOptions): void {
  const { auth, limiter } = options;
  if (auth === 'off') return;
  const expected = Buffer.from(auth.token);
  const matches = (given: string): boolean => {
    const buffer = Buffer.from(given);
    return buffer.length === expected.length && timingSafeEqual(buffer, expected);
  };

  app.addHook('onRequest', async (request, reply) => {
    const url = requestUrl(request);
    if (OPEN_PATHS.has(url.pathname)) return;
    const retryAfterMs = limiter.retryAfterMs(request.ip);
    if (retryAfterMs > 0) return tooManyAttempts(reply, retryAfterMs);
    const given = presentedTokens(request, url);
    if (given.header !== undefined && matches(given.header)) return;
    if (given.cookie !== undefined && matches(given.cookie)) return;
    // the page's own URL may carry the token once: keep it in a cookie, drop it from the URL
    if (request.method === 'GET' && given.query !== undefined && matches(given.query)) {
      return reply
        .header(
          'set-cookie',
          `${TOKEN_COOKIE}=${encodeURIComponent(given.query)}; HttpOnly; SameSite=Strict; Path=/`,
        )
        .redirect(sameSiteLocation(url.pathname), 303);
    }
    const presented = Object.values(given).some((token) => token !== undefined);
    if (presented) limiter.fail(request.ip);
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
}

/** The request's URL on a fixed origin; its path as sent (`//x` stays a path, not a host). */
function requestUrl(request: FastifyRequest): URL {
  return new URL(
    `http://censorwatch.invalid${request.url.startsWith('/') ? '' : '/'}${request.url}`,
  );
}

/**
 * What the request offers as a token: the Authorization header (any scheme counts as an
 * attempt; only Bearer can match), the cookie (one that does not decode is '', a wrong token)
 * and ?token.
 */
function presentedTokens(
  request: FastifyRequest,
  url: URL,
): { header?: string; cookie?: string; query?: string } {
  const header = request.headers.authorization;
  const cookie = cookieValue(request.headers.cookie, TOKEN_COOKIE);
  const query = url.searchParams.get('token');
  return {
    ...(header !== undefined
      ? { header: header.startsWith('Bearer ') ? header.slice(7).trim() : '' }
      : {}),
    ...(cookie !== undefined ? { cookie } : {}),
    ...(query !== null ? { query } : {}),
  };
}

/**
 * The value of cookie `name` in a Cookie header, percent-decoded; a value that does not decode
 * (`%E0%A4%A`) is '' (never a match), not an exception.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  const pair = header
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`));
  if (pair === undefined) return undefined;
  try {
    return decodeURIComponent(pair.slice(name.length + 1));
  } catch {
    return '';
  }
}

/**
 * A Location on this site for a request path: leading slashes and backslashes collapse to one,
 * so `//evil.example` (what `/.//evil.example` normalises to) cannot name another host.
 */
export function sameSiteLocation(pathname: string): string {
  const location = `/${pathname.replace(/^[/\\]+/, '')}`;
  const origin = 'http://censorwatch.invalid';
  return new URL(location, origin).origin === origin ? location : '/';
}

function tooManyAttempts(reply: FastifyReply, retryAfterMs: number): FastifyReply {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .send(
      apiError(
        'E_RATE_LIMIT',
        `too many wrong tokens from this address: try again in ${seconds} s`,
        'Authorization',
      ),
    );
}
