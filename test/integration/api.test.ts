// Integration (real Redis, SQLite, Fastify on loopback): the API's auth, validation, checks with deduplication, runs, phones, reports.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApiServer, TOKEN_COOKIE } from '../../src/api/api-server.ts';
import { resolveApiToken } from '../../src/api/api-token.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { InputError } from '../../src/errors.ts';
import { RedisService } from '../../src/services/redis-service.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import type { QueueContext } from '../../queue/queue-context.ts';

const TOKEN = 'test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'cw-api-'));
const redis = new RedisService();
const profiles = loadDeviceProfiles('devices').map((d) => withTargetsOf(d, 'browser'));
let context: QueueContext;
let store: ResultStore;
let api: ApiServer;
let base: string;

const authed = { authorization: `Bearer ${TOKEN}` };
async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a page)
  }
  return { status: response.status, body };
}
const post = (body: unknown, headers: Record<string, string> = authed) =>
  call('/api/checks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

before(async () => {
  context = { redisUrl: await redis.start(), prefix: `cw-test-${randomBytes(4).toString('hex')}` };
  store = await ResultStore.open(join(dir, 'cw.db'));
  mkdirSync(join(dir, 'reports', 'evidence'), { recursive: true });
  writeFileSync(join(dir, 'reports', 'evidence', 'shot.png'), 'png');
  writeFileSync(join(dir, 'reports', 'cw.db'), 'database');
  api = new ApiServer({
    context,
    store,
    profiles,
    reportsDir: join(dir, 'reports'),
    termsDir: 'terms',
    batchSize: 50,
    repetition: { required: 2, attempts: 2 },
    auth: { token: TOKEN },
  });
  base = await api.start();
});
after(async () => {
  await api?.stop();
  await purgePrefix(context).catch(() => 0);
  await store?.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('API auth', () => {
  test('refuses a request without a token, or with a wrong one, with a JSON error', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const { status, body } = await call('/api/devices', { headers });
      assert.equal(status, 401);
      assert.deepEqual(Object.keys(body.error).sort(), ['code', 'field', 'message']);
      assert.equal(body.error.code, 'E_AUTH');
    }
    assert.equal((await call('/')).status, 401, 'the page too');
    assert.equal((await call('/admin/queues')).status, 401, 'bull-board too');
    assert.equal((await call('/reports/index.html')).status, 401, 'reports too');
    assert.equal((await post({ terms: [{ text: 'x' }] }, {})).status, 401);
  });

  test('a bearer token opens the API; ?token on the page sets a cookie and drops the token from the URL', async () => {
    assert.equal((await call('/api/devices', { headers: authed })).status, 200);
    const response = await fetch(`${base}/?token=${TOKEN}`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/');
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^${TOKEN_COOKIE}=${TOKEN}; HttpOnly; SameSite=Strict`));
    const page = await call('/', { headers: { cookie: cookie.split(';')[0]! } });
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>censorwatch/);
    assert.equal((await call('/?token=wrong')).status, 401);
  });

  test('health answers without a token; the API refuses to run open on a public address', () => {
    assert.throws(
      () =>
        new ApiServer({
          context,
          store,
          profiles,
          reportsDir: dir,
          termsDir: 'terms',
          batchSize: 50,
          repetition: { required: 2, attempts: 2 },
          auth: 'off',
          host: '0.0.0.0',
        }),
      (error: unknown) => error instanceof InputError && /loopback/.test(error.message),
    );
    return call('/health').then(({ status }) => assert.equal(status, 200));
  });

  test('a token is generated once, kept out of served files, and reused', () => {
    const reports = join(dir, 'token-reports');
    const first = resolveApiToken(reports, {});
    assert.equal(first.generated, true);
    assert.ok(first.token.length >= 32);
    assert.deepEqual(resolveApiToken(reports, {}), { ...first, generated: false });
    assert.equal(resolveApiToken(reports, { CENSORWATCH_API_TOKEN: 'given' }).token, 'given');
  });
});

describe('API checks', () => {
  test('validates the body and names the failing field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ terms: [{}] }, 'terms[0].text', /text/],
      [{ terms: [{ text: 'x' }], extra: 1 }, 'body', /additional/],
      [{ terms: [{ text: 'x', language: 'English' }] }, 'terms[0].language', /BCP 47/],
      [{ devices: ['no-such-phone'], terms: [{ text: 'x' }] }, 'devices', /known: .*lab-pixel5/],
      [{ targets: ['telegram'], terms: [{ text: 'x' }] }, 'targets', /none of the chosen phones/],
      [{}, 'terms', /either terms or termList/],
      [{ termList: '../censorwatch.yaml' }, 'termList', /no term list/],
    ];
    for (const [body, field, message] of cases) {
      const { status, body: answer } = await post(body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(answer.error.field, field, JSON.stringify(answer));
      assert.match(answer.error.message, message);
    }
    const notJson = await call('/api/checks', {
      method: 'POST',
      headers: { ...authed, 'content-type': 'application/json' },
      body: '{',
    });
    assert.equal(notJson.status, 400);
    assert.equal(typeof notJson.body.error.code, 'string');
  });

  test('queues a check once: an identical one while it runs is the same run', async () => {
    const body = {
      devices: ['lab-mi10t-eu-v12-5-4'],
      targets: ['lab-browser'],
      terms: [{ text: '<img src=x onerror=alert(1)>', language: 'en' }, { text: 'Free Tibet' }],
    };
    const first = await post(body);
    assert.equal(first.status, 202);
    assert.deepEqual(
      first.body.devices,
      ['lab-mi10t-eu-v12-5-4', 'lab-pixel5'],
      'the reference phone comes along',
    );
    const again = await post(body);
    assert.equal(again.status, 200);
    assert.equal(again.body.deduplicated, true);
    assert.equal(again.body.runId, first.body.runId);
    const other = await post({ ...body, terms: [{ text: 'Free Tibet' }] });
    assert.notEqual(other.body.runId, first.body.runId);

    const run = await call(`/api/runs/${first.body.runId}`, { headers: authed });
    assert.equal(run.status, 200);
    assert.equal(run.body.run.kind, 'check');
    assert.equal(run.body.run.status, 'running');
    assert.deepEqual(
      [run.body.progress.done, run.body.progress.planned],
      [0, first.body.plannedProbes],
    );
    assert.equal((await call('/api/runs/nope', { headers: authed })).status, 404);
  });

  test('streams progress as server-sent events', async () => {
    const { body } = await post({ devices: ['lab-pixel5'], termList: 'xiaomi-2021.yaml' });
    const controller = new AbortController();
    const response = await fetch(`${base}/api/runs/${body.runId}/events`, {
      headers: authed,
      signal: controller.signal,
    });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    controller.abort();
    const event = new TextDecoder().decode(value);
    assert.match(event, /^event: progress\ndata: /);
    const data = JSON.parse(event.split('data: ')[1]!);
    assert.deepEqual([data.done, data.planned, data.status], [0, body.plannedProbes, 'running']);
  });
});

describe('API listings', () => {
  test('lists phones with their targets, health and current job', async () => {
    const { body } = await call('/api/devices', { headers: authed });
    const mi = body.find((d: { id: string }) => d.id === 'lab-mi10t-eu-v12-5-4');
    assert.equal(mi.firmwareKey, 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM');
    assert.deepEqual(mi.targets, [{ app: 'lab-browser', kind: 'browser' }]);
    assert.equal(mi.health, 'no-worker', 'no farm runs in this test');
    assert.ok(mi.queued >= 1, 'the checks above wait on its queue');
    assert.equal(mi.currentJob, null);
  });

  test('lists term lists, reports and comparisons; serves report files but not the database', async () => {
    const lists = await call('/api/term-lists', { headers: authed });
    assert.equal(lists.body[0].file, 'xiaomi-2021.yaml');
    const reports = await call('/api/reports', { headers: authed });
    assert.deepEqual(reports.body, { firmwares: [], comparisons: [] });
    assert.equal((await call('/reports/evidence/shot.png', { headers: authed })).status, 200);
    assert.equal((await call('/reports/cw.db', { headers: authed })).status, 404);
    assert.equal((await call('/reports/../package.json', { headers: authed })).status, 404);
  });

  test('mounts bull-board for operators, with every queue of the farm', async () => {
    const page = await call('/admin/queues', { headers: authed });
    assert.equal(page.status, 200);
    assert.match(page.body, /<html/i);
    const { body } = await call('/admin/queues/api/queues', { headers: authed });
    const names = (body.queues as { name: string }[]).map((q) => q.name);
    for (const name of ['runs', 'reports', 'device-lab-mi10t-eu-v12-5-4'])
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  });

  test('publishes its OpenAPI document', async () => {
    const { body } = await call('/openapi.json', { headers: authed });
    assert.equal(body.openapi, '3.0.3');
    for (const path of [
      '/api/checks',
      '/api/runs/{runId}',
      '/api/runs/{runId}/events',
      '/api/devices',
      '/api/reports',
    ]) {
      assert.ok(path in body.paths, path);
    }
    assert.ok(body.paths['/api/checks'].post.requestBody, 'the check body is documented');
  });
});
