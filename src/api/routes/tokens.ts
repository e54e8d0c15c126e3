// GET /api/whoami (anyone with a token), and the admins' /api/tokens: list, make (the value shown once) and revoke named tokens.
import type { FastifyPluginAsync } from 'fastify';
import { makeApiToken, revokeApiToken } from '../api-tokens.ts';
import type { ApiContext } from '../api-context.ts';
import { ERROR_SCHEMA } from '../api-schemas.ts';
import { ROLES, TOKEN_NAME } from '../api-roles.ts';
import { refuseUnless } from '../token-auth.ts';

const TOKEN_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'role'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 63, pattern: TOKEN_NAME.source },
    role: { type: 'string', enum: [...ROLES] },
  },
} as const;

export const tokenRoutes: FastifyPluginAsync<ApiContext> = async (app, api) => {
  app.get('/api/whoami', { schema: { summary: "The token's name and role" } }, async (request) => ({
    name: request.principal?.name ?? null,
    role: request.principal?.role ?? null,
  }));

  app.get(
    '/api/tokens',
    { schema: { summary: 'Named tokens with their roles (admins; never a token value)' } },
    async (request, reply) =>
      refuseUnless(request, reply, 'manage-tokens') ?? api.store.apiTokens(),
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        summary: 'Make a named token (admins); its value is in this answer only',
        body: TOKEN_BODY_SCHEMA,
        response: { '4xx': ERROR_SCHEMA },
      },
    },
    async (request, reply) => {
      const refused = refuseUnless(request, reply, 'manage-tokens');
      if (refused) return refused;
      const body = request.body as { name: string; role: string };
      const made = await makeApiToken(api.store, body.name, body.role, {
        name: 'name',
        role: 'role',
      });
      api.log.info(
        { token: made.record.name, role: made.record.role, by: request.principal!.name },
        'token made',
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...made.record, token: made.token });
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/api/tokens/:name',
    { schema: { summary: 'Revoke a named token (admins): refused from the next request on' } },
    async (request, reply) => {
      const refused = refuseUnless(request, reply, 'manage-tokens');
      if (refused) return refused;
      await revokeApiToken(api.store, request.params.name, 'name');
      api.log.info({ token: request.params.name, by: request.principal!.name }, 'token revoked');
      return reply.code(204).send();
    },
  );
};
