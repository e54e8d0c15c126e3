// The API's JSON errors `{ error: { code, message, field } }` and the handler that turns every failure into one.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { CensorwatchError, InputError } from '../errors.ts';

/** A JSON error: a stable code, a message and the failing field when there is one. */
export interface ApiError {
  error: { code: string; message: string; field?: string };
}

export function apiError(code: string, message: string, field?: string): ApiError {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

/** `['terms', 0, 'text']` → `terms[0].text`, as every error names fields; empty → `body`. */
export function fieldName(path: readonly (string | number)[]): string {
  return (
    path
      .map((part, index) =>
        typeof part === 'number' || /^\d+$/.test(part)
          ? `[${part}]`
          : index === 0
            ? part
            : `.${part}`,
      )
      .join('') || 'body'
  );
}

/**
 * Answers failures as JSON: schema errors and InputError 400 naming the field, other censorwatch
 * errors 503, Fastify's client errors with their status; only a real fault (500) is logged,
 * with its stack, and its message stays in the log.
 */
export function installErrorHandler(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const issue = error.validation[0];
      const missing =
        issue?.params && 'missingProperty' in issue.params
          ? `/${String(issue.params['missingProperty'])}`
          : '';
      const field = fieldName(
        `${issue?.instancePath ?? ''}${missing}`.split('/').filter((part) => part !== ''),
      );
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
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status < 500) return reply.code(status).send(apiError('E_BAD_REQUEST', error.message));
    // a page URL may carry ?token=: the log never gets a token
    log.error(
      { err: error, method: request.method, url: withoutToken(request.url) },
      'API request failed',
    );
    return reply.code(500).send(apiError('E_INTERNAL', 'internal error: see the API log'));
  });
}

/** The URL with any `token` query value hidden. */
export function withoutToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1***');
}
