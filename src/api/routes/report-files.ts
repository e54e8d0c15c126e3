// GET /reports/*: the reports folder behind the token, with the report server's rules and headers.
import type { FastifyPluginAsync } from 'fastify';
import { REPORT_FILES, REPORT_HEADERS } from '../../report/report-server.ts';
import { sendText, serveStaticFile } from '../../services/static-files.ts';
import type { ApiContext } from '../api-context.ts';

export const reportFileRoutes: FastifyPluginAsync<ApiContext> = async (app, api) => {
  app.get('/reports/*', { schema: { hide: true } }, async (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    for (const [name, value] of Object.entries(REPORT_HEADERS)) raw.setHeader(name, value);
    const pathname = request.url.split(/[?#]/, 1)[0]!.slice('/reports'.length) || '/';
    try {
      await serveStaticFile(api.reportsDir, pathname, request.raw, raw, {
        ...REPORT_FILES,
        mount: '/reports',
        // behind the token: no shared cache may keep a copy
        cacheControl: 'private, no-cache',
      });
    } catch (error) {
      api.log.error({ err: error, url: request.url }, 'serving a report file failed');
      if (!raw.headersSent) sendText(raw, 500, 'internal error');
      else raw.destroy();
    }
  });
};
