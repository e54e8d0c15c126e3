// POST /api/checks: start a targeted check (deduplicated while an identical one is queued).
import type { FastifyPluginAsync } from 'fastify';
import { chooseDevices, pastedTermList, startCheck } from '../../../queue/targeted-check.ts';
import { InputError } from '../../errors.ts';
import type { ApiContext } from '../api-context.ts';
import { CHECK_BODY_SCHEMA, ERROR_SCHEMA } from '../api-schemas.ts';
import { shippedTermList } from '../term-list-files.ts';
import { refuseUnless } from '../token-auth.ts';

interface CheckBody {
  devices?: string[];
  targets?: string[];
  terms?: { text: string; language?: string; control?: string }[];
  termList?: string;
}

export const checkRoutes: FastifyPluginAsync<ApiContext> = async (app, api) => {
  app.post(
    '/api/checks',
    {
      schema: {
        summary: 'Start a targeted check (deduplicated while an identical one is queued)',
        body: CHECK_BODY_SCHEMA,
        response: {
          '2xx': { type: 'object', additionalProperties: true },
          '4xx': ERROR_SCHEMA,
        },
      },
    },
    async (request, reply) => {
      const refused = refuseUnless(request, reply, 'start-check');
      if (refused) return refused;
      const body = request.body as CheckBody;
      if ((body.terms === undefined) === (body.termList === undefined)) {
        throw new InputError('E_TERM_LIST', 'give either terms or termList', { field: 'terms' });
      }
      const chosen = chooseDevices(api.profiles, body.devices, body.targets, {
        devices: 'devices',
        targets: 'targets',
      });
      const termList = body.terms
        ? pastedTermList(body.terms, 'API check', 'terms')
        : shippedTermList(api.termsDir, body.termList!);
      const run = await startCheck(api.context, api.store, {
        chosen,
        profiles: api.profiles,
        termList,
        batchSize: api.batchSize,
        repetition: api.repetition,
        startedBy: `token:${request.principal!.name}`,
      });
      return reply.code(run.deduplicated ? 200 : 202).send({
        runId: run.runId,
        plannedProbes: run.plannedProbes,
        batches: run.batches,
        devices: run.deviceIds,
        deduplicated: run.deduplicated,
        links: { run: `/api/runs/${run.runId}`, events: `/api/runs/${run.runId}/events` },
      });
    },
  );
};
