// GET / and /app.js: the testers' page.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { PAGE_CSP } from '../security-headers.ts';

const PAGE_DIR = resolve(import.meta.dirname, '..', 'page');
const PAGE_FILES = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
} as const;

export const pageRoutes: FastifyPluginAsync = async (app) => {
  for (const [path, { file, type }] of Object.entries(PAGE_FILES)) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('content-type', type)
        .header('content-security-policy', PAGE_CSP)
        .send(readFileSync(join(PAGE_DIR, file), 'utf8')),
    );
  }
};
