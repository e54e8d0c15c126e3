// GET /api/devices, /api/term-lists and /api/reports: phones with their health, shipped term lists, firmware reports and comparisons.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { deviceQueueName } from '../../../queue/queue-context.ts';
import type { PhoneView, RegistryView } from '../../registry/registry-view.ts';
import { firmwareKeyOf, type DeviceProfile } from '../../devices/device-profile.ts';
import { COMPARISONS_DIR } from '../../regress/firmware-diff.ts';
import { firmwareReportHref, readStoredEntries } from '../../report/report-index.ts';
import { loadTermList } from '../../terms/load-term-list.ts';
import type { ApiContext } from '../api-context.ts';
import { termListFiles } from '../term-list-files.ts';

export const listingRoutes: FastifyPluginAsync<ApiContext> = async (app, api) => {
  app.get(
    '/api/devices',
    { schema: { summary: 'Phones with their targets, health and current job' } },
    async () => {
      const registry = await api.registry();
      return Promise.all(api.profiles.map((device) => deviceStatus(api, device, registry)));
    },
  );

  app.get(
    '/api/registry',
    {
      schema: {
        summary:
          "The live device registry: every farm host's last heartbeat, its phones' state, battery and batch",
      },
    },
    async () => api.registry(),
  );

  app.get('/api/term-lists', { schema: { summary: 'Term lists a check may name' } }, async () =>
    termListFiles(api.termsDir).map((file) => {
      const list = loadTermList(join(api.termsDir, file));
      return { file, name: list.name, terms: list.terms.length, sha256: list.sha256 };
    }),
  );

  app.get(
    '/api/reports',
    { schema: { summary: 'Firmware reports (with their latest counts) and comparison pages' } },
    async () => ({
      firmwares: reportIndex(api.reportsDir),
      comparisons: comparisons(api.reportsDir),
    }),
  );
};

/**
 * A phone's health comes from its host's heartbeat when the registry has it: a host killed
 * mid-batch leaves its job "active" in the queue until it stalls, but the phone is offline.
 */
async function deviceStatus(api: ApiContext, device: DeviceProfile, registry: RegistryView) {
  const queue = api.queue(deviceQueueName(device.id));
  const [counts, workers, active] = await Promise.all([
    queue.getJobCounts('waiting', 'prioritized', 'active', 'failed', 'completed'),
    queue.getWorkersCount(),
    queue.getActive(0, 0),
  ]);
  const seen = registry.phones.find((phone) => phone.deviceId === device.id);
  const job = seen ? undefined : active[0];
  const data = job?.data as
    { runId?: string; batchId?: string; target?: { app?: string } } | undefined;
  return {
    id: device.id,
    firmwareKey: firmwareKeyOf(device),
    lab: device.lab !== undefined,
    reference: device.reference ?? null,
    targets: device.targets.map((t) => ({ app: t.app, kind: t.kind })),
    health: seen ? seen.status : workers === 0 ? 'no-worker' : job ? 'busy' : 'idle',
    registry: seen ? registryEntry(seen) : null,
    workers,
    queued: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0),
    failed: counts['failed'] ?? 0,
    currentJob: seen
      ? seen.currentJob && {
          runId: seen.currentJob.runId,
          batchId: seen.currentJob.batchId,
          target: seen.currentJob.target,
        }
      : job
        ? {
            runId: data?.runId ?? null,
            batchId: data?.batchId ?? null,
            target: data?.target?.app ?? null,
          }
        : null,
  };
}

function registryEntry(phone: PhoneView) {
  return {
    host: phone.host,
    serial: phone.serial,
    why: phone.why,
    battery: phone.battery,
    lastSeen: phone.lastSeen,
  };
}

function reportIndex(reportsDir: string): unknown[] {
  return readStoredEntries(reportsDir).map((entry) => ({
    ...entry,
    report: `/reports/${firmwareReportHref(entry.slug)}`,
    changes: (entry.changes ?? []).map((change) => ({
      ...change,
      href: `/reports/${change.href}`,
    })),
  }));
}

function comparisons(reportsDir: string): unknown[] {
  const dir = join(reportsDir, COMPARISONS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const page = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        kind: string;
        before: unknown;
        after: unknown;
        newFindings: unknown[];
        goneFindings: unknown[];
        classChanged: unknown[];
        newlyInconclusive: unknown[];
      };
      const base = `/reports/${COMPARISONS_DIR}/${encodeURIComponent(file.replace(/\.json$/, ''))}`;
      return {
        kind: page.kind,
        before: page.before,
        after: page.after,
        counts: {
          newFindings: page.newFindings.length,
          goneFindings: page.goneFindings.length,
          classChanged: page.classChanged.length,
          newlyInconclusive: page.newlyInconclusive.length,
        },
        html: `${base}.html`,
        markdown: `${base}.md`,
        json: `${base}.json`,
      };
    });
}
