// The API's token check on every request: a bearer header, the page's cookie, or ?token once on a page; wrong tokens are
// rate-limited per client address. The token names who asks (a named token and its role, or the farm's own token).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiError } from './api-errors.ts';
import { may, NEEDED_ROLE, tokenDigest, type Action, type Principal } from './api-roles.ts';
import type { AttemptLimiter } from './attempt-limiter.ts';
import { BULL_BOARD_PREFIX } from './security-headers.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request comes from, once its token was checked. */
    principal: Principal | null;
  }
}

/** The farm's own token (CENSORWATCH_API_TOKEN or the kept one) acts as an admin of this name. */
export const FARM_TOKEN_NAME = 'api-token';
/** With auth off (loopback only), every request is this admin. */
const LOCAL = { name: 'local', role: 'admin' } as const satisfies Principal;

/** Cookie the page's requests carry once the token was given in the page URL. */
export const TOKEN_COOKIE = 'censorwatch_token';

/** Routes open without a token. */
const OPEN_PATHS = new Set(['/health']);

export interface TokenAuthOptions {
  /** The farm's own token (an admin), or `off` (the server checked it listens on loopback). */
  auth: { token: string } | 'off';
  /** The named token with this SHA-256, if one is active: read for every request, so a revoked one fails at once. */
  namedToken: (digest: string) => Promise<Principal | undefined>;
  /** Counts wrong tokens per client address; past its limit the address gets 429. */
  limiter: AttemptLimiter;
}

/**
 * Refuses every request without the token (401) before any route runs. A client address that
 * gave too many wrong tokens gets 429 with Retry-After for every request, the right token
 * included: otherwise guessing could go on, the 429s only telling the wrong ones apart.
 */
export function installTokenAuth(app: FastifyInstance, options: TokenAuthOptions): void {
  const { auth, limiter, namedToken } = options;
  app.decorateRequest('principal', null);
  if (auth === 'off') {
    app.addHook('onRequest', async (request, reply) => {
      request.principal = LOCAL;
      return refuseBullBoard(request, reply);
    });
    return;
  }
  const expected = Buffer.from(auth.token);
  const whoseToken = async (given: string | undefined): Promise<Principal | undefined> => {
    if (given === undefined || given === '') return undefined;
    const buffer = Buffer.from(given);
    if (buffer.length === expected.length && timingSafeEqual(buffer, expected)) {
      return { name: FARM_TOKEN_NAME, role: 'admin' };
    }
    return await namedToken(tokenDigest(given));
  };

  app.addHook('onRequest', async (request, reply) => {
    const url = requestUrl(request);
    if (OPEN_PATHS.has(url.pathname)) return;
    const retryAfterMs = limiter.retryAfterMs(request.ip);
    if (retryAfterMs > 0) return tooManyAttempts(reply, retryAfterMs);
    const given = presentedTokens(request, url);
    const principal = (await whoseToken(given.header)) ?? (await whoseToken(given.cookie));
    if (principal) {
      request.principal = principal;
      return refuseBullBoard(request, reply);
    }
    // the page's own URL may carry the token once: keep it in a cookie, drop it from the URL
    if (request.method === 'GET' && (await whoseToken(given.query))) {
      return reply
        .header(
          'set-cookie',
          `${TOKEN_COOKIE}=${encodeURIComponent(given.query!)}; HttpOnly; SameSite=Strict; Path=/`,
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

/** bull-board can retry, remove and add jobs: admins only. */
async function refuseBullBoard(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0]!;
  if (path !== BULL_BOARD_PREFIX && !path.startsWith(`${BULL_BOARD_PREFIX}/`)) return;
  return refuseUnless(request, reply, 'open-bull-board');
}

/**
 * Answers 403 naming the role needed when the request's principal may not do `action`; returns
 * undefined (go on) when it may. Routes call it first.
 */
export function refuseUnless(
  request: FastifyRequest,
  reply: FastifyReply,
  action: Action,
): FastifyReply | undefined {
  const principal = request.principal;
  if (principal && may(principal, action)) return undefined;
  return reply
    .code(403)
    .send(
      apiError(
        'E_FORBIDDEN',
        `${action} needs a token of role ${NEEDED_ROLE[action]}; token "${principal?.name ?? '?'}" is a ${principal?.role ?? 'stranger'}`,
        'Authorization',
      ),
    );
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
