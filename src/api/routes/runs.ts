// GET /api/runs/:runId and its live progress as server-sent events (capped: each stream polls the store).
import type { FastifyPluginAsync } from 'fastify';
import { countsOf, progressOf } from '../../progress/progress.ts';
import { firmwareSlug } from '../../report/firmware-slug.ts';
import { firmwareReportHref } from '../../report/report-index.ts';
import { summariseByFirmware } from '../../report/run-summary.ts';
import type { ApiContext } from '../api-context.ts';
import { apiError } from '../api-errors.ts';
import { apiStreamHeaders } from '../security-headers.ts';
import type { StreamSlots } from '../stream-slots.ts';

const SSE_POLL_MS = 1000;

export interface RunRoutesOptions extends ApiContext {
  streams: StreamSlots;
}

export const runRoutes: FastifyPluginAsync<RunRoutesOptions> = async (app, api) => {
  const { store, streams } = api;
  /** What the run's batches say of themselves, for the ETA. */
  const batchesOf = async (runId: string) => ({
    planned: await store.plannedPerBatch(runId),
    estimates: await store.batchEstimates(runId),
    nowMs: Date.now(),
  });

  app.get(
    '/api/runs/:runId',
    { schema: { summary: 'A run with its progress, summary and probe results' } },
    async (request, reply) => {
      const { runId } = request.params as { runId: string };
      const run = await store.run(runId);
      if (!run) return reply.code(404).send(apiError('E_NOT_FOUND', `no run "${runId}"`, 'runId'));
      const results = await store.probesOfRun(runId);
      return {
        run,
        progress: progressOf(
          countsOf(results),
          run.plannedProbes,
          Date.now() - Date.parse(run.createdAt),
          await batchesOf(runId),
        ),
        summary: summariseByFirmware(results).map((row) => ({
          ...row,
          report: `/reports/${firmwareReportHref(firmwareSlug(row.firmwareKey))}`,
        })),
        results: results.map((result) => ({
          ...result,
          evidenceUrls: result.evidence.map((path) => `/reports/${encodePath(path)}`),
        })),
      };
    },
  );

  app.get(
    '/api/runs/:runId/events',
    { schema: { summary: "A run's progress as server-sent events until it finishes" } },
    async (request, reply) => {
      const { runId } = request.params as { runId: string };
      const run = await store.run(runId);
      if (!run) return reply.code(404).send(apiError('E_NOT_FOUND', `no run "${runId}"`, 'runId'));
      const slot = streams.acquire(request.ip);
      if (!slot) {
        return reply
          .code(429)
          .header('retry-after', String(SSE_POLL_MS / 1000))
          .send(
            apiError(
              'E_RATE_LIMIT',
              `too many open event streams (at most ${streams.perClient} per address, ${streams.total} in all): close one first`,
            ),
          );
      }
      reply.hijack();
      const raw = reply.raw;
      let open = true;
      raw.once('close', () => {
        open = false;
        slot.release();
      });
      raw.writeHead(200, {
        ...apiStreamHeaders(),
        'Content-Type': 'text/event-stream; charset=utf-8',
        Connection: 'keep-alive',
      });
      try {
        let last = '';
        while (open) {
          const now = await store.run(runId);
          // counted in the database: a stream of a run of thousands of terms polls every second
          const progress = progressOf(
            await store.runCounts(runId),
            run.plannedProbes,
            Date.now() - Date.parse(run.createdAt),
            await batchesOf(runId),
          );
          const data = JSON.stringify({ ...progress, status: now?.status ?? 'running' });
          if (data !== last) raw.write(`event: progress\ndata: ${data}\n\n`);
          else raw.write(': keep-alive\n\n');
          last = data;
          if (now?.status === 'finished') {
            raw.write(`event: finished\ndata: ${data}\n\n`);
            break;
          }
          await new Promise((done) => setTimeout(done, SSE_POLL_MS));
        }
      } catch (error) {
        api.log.error({ err: error, runId }, 'run event stream failed');
      } finally {
        slot.release();
        raw.end();
      }
    },
  );
};

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
