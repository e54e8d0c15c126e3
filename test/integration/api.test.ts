// Integration (real Redis, SQLite, Fastify on loopback): the API's auth, validation, checks with deduplication, runs, phones, reports.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import pino from 'pino';
import { ApiServer, TOKEN_COOKIE, type ApiServerOptions } from '../../src/api/api-server.ts';
import { resolveApiToken } from '../../src/api/api-token.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { InputError } from '../../src/errors.ts';
import { RedisService } from '../../src/services/redis-service.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import { connectionOf, deviceQueueName, type QueueContext } from '../../queue/queue-context.ts';

const TOKEN = 'test-token-0123456789abcdefghijklmnop';
/** Starting the command through tsx takes a few seconds; refusing a token must not take longer. */
const CLI_DEADLINE_MS = 30 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cw-api-'));
const redis = new RedisService();
const profiles = loadDeviceProfiles('devices').map((d) => withTargetsOf(d, 'browser'));
let context: QueueContext;
let store: ResultStore;
let api: ApiServer;
let base: string;
/** What the API logged, parsed: a client's mistake must never show up here as an error. */
const logged: { level: number; msg: string }[] = [];
const log = pino(
  { level: 'info' },
  { write: (line: string) => void logged.push(JSON.parse(line)) },
);
const errorsLogged = () => logged.filter((line) => line.level >= 50);

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
/** Raw GET, path as written: fetch() would normalise `/./` and `..` before sending. */
function rawGet(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingMessage['headers'] }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = httpRequest({ hostname, port, path, headers }, (response) => {
      response.resume();
      response.on('end', () =>
        done({ status: response.statusCode ?? 0, headers: response.headers }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}
/** Opens an event stream from `localAddress` and resolves once its status is known; the caller closes it. */
function openStream(
  url: string,
  runId: string,
  localAddress = '127.0.0.1',
): Promise<{ status: number; headers: IncomingMessage['headers']; request: ClientRequest }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = httpRequest(
      { hostname, port, localAddress, path: `/api/runs/${runId}/events`, headers: authed },
      (response) => {
        response.resume();
        done({ status: response.statusCode ?? 0, headers: response.headers, request: req });
      },
    );
    req.on('error', (error) => {
      if (!req.destroyed) fail(error);
    });
    req.end();
  });
}
/** A second API on the same farm, with its own limits, stopped by the test that made it. */
async function apiWith(
  extra: Partial<ApiServerOptions>,
): Promise<{ url: string; server: ApiServer }> {
  const server = new ApiServer({
    context,
    store,
    profiles,
    reportsDir: join(dir, 'reports'),
    termsDir: 'terms',
    batchSize: 50,
    repetition: { required: 2, attempts: 2 },
    auth: { token: TOKEN },
    log,
    ...extra,
  });
  return { url: await server.start(), server };
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
  writeFileSync(join(dir, 'reports', 'cw.db.bak'), 'database');
  writeFileSync(join(dir, 'reports', '.api-token'), TOKEN);
  writeFileSync(join(dir, 'reports', 'evidence', 'notes.bin'), 'bin');
  symlinkSync(join(dir, 'reports', 'cw.db'), join(dir, 'reports', 'evidence', 'db.png'));
  symlinkSync(join(dir, 'reports', '.api-token'), join(dir, 'reports', 'evidence', 'token.txt'));
  api = new ApiServer({
    context,
    store,
    profiles,
    reportsDir: join(dir, 'reports'),
    termsDir: 'terms',
    batchSize: 50,
    repetition: { required: 2, attempts: 2 },
    auth: { token: TOKEN },
    log,
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
    const given = 'g'.repeat(32);
    assert.equal(resolveApiToken(reports, { CENSORWATCH_API_TOKEN: given }).token, given);
  });

  test('a configured token shorter than 32 characters is refused, naming the variable, never the token', () => {
    assert.throws(
      () => resolveApiToken(join(dir, 'short-reports'), { CENSORWATCH_API_TOKEN: 'short-secret' }),
      (error: unknown) =>
        error instanceof InputError &&
        error.field === 'CENSORWATCH_API_TOKEN' &&
        /CENSORWATCH_API_TOKEN: expected a token of at least 32 characters, got 12/.test(
          error.message,
        ) &&
        !error.message.includes('short-secret'),
    );
    const kept = join(dir, 'kept-reports');
    mkdirSync(kept);
    writeFileSync(join(kept, '.api-token'), 'tiny\n');
    assert.throws(
      () => resolveApiToken(kept, {}),
      (error: unknown) => error instanceof InputError && error.file === join(kept, '.api-token'),
    );
  });

  test('`censorwatch api` with a short CENSORWATCH_API_TOKEN stops at startup with exit 2', async () => {
    const child = spawn(process.execPath, ['bin/censorwatch.js', 'api', '--port', '0'], {
      env: {
        ...process.env,
        CENSORWATCH_API_TOKEN: 'short-secret',
        CENSORWATCH_REPORTS: join(dir, 'cli-reports'),
        CENSORWATCH_DB: join(dir, 'cli.db'),
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // a command that started listening instead would wait for Ctrl-C: stop it and fail
    const deadline = setTimeout(() => child.kill('SIGTERM'), CLI_DEADLINE_MS);
    const code = await new Promise((done) => child.once('exit', done)).finally(() =>
      clearTimeout(deadline),
    );
    assert.equal(code, 2, stderr);
    assert.match(stderr, /CENSORWATCH_API_TOKEN: expected a token of at least 32 characters/);
    assert.doesNotMatch(stderr, /short-secret/);
  });

  test('a malformed token cookie is a wrong token (401 JSON), not a fault in the log', async () => {
    const before = errorsLogged().length;
    for (const cookie of [`${TOKEN_COOKIE}=%E0%A4%A`, `other=1; ${TOKEN_COOKIE}=%`]) {
      const { status, body } = await call('/api/devices', { headers: { cookie } });
      assert.equal(status, 401, cookie);
      assert.deepEqual(Object.keys(body.error).sort(), ['code', 'field', 'message']);
      assert.equal(body.error.code, 'E_AUTH');
    }
    assert.equal(
      (await call('/', { headers: { cookie: `${TOKEN_COOKIE}=%E0%A4%A` } })).status,
      401,
    );
    assert.deepEqual(errorsLogged().slice(before), []);
  });

  test('the token redirect never leaves the site, whatever the path', async () => {
    for (const path of [
      '/.//evil.example',
      '//evil.example',
      '/./\\evil.example',
      '/\\/evil.example',
      '/%2e//evil.example',
    ]) {
      const { status, headers } = await rawGet(base, `${path}?token=${TOKEN}`);
      assert.equal(status, 303, path);
      const location = new URL(String(headers.location), base);
      assert.equal(location.origin, base, `${path} → ${headers.location}`);
      assert.match(String(headers.location), /^\/(?![/\\])/, `${path} → ${headers.location}`);
    }
  });

  test('wrong tokens from one address: 10 a minute, then 429 with Retry-After, the right token too', async () => {
    const { url, server } = await apiWith({});
    try {
      for (let i = 0; i < 20; i++) {
        const { status } = await rawGet(url, '/api/devices');
        assert.equal(status, 401, 'no token at all is not a guess');
      }
      for (let i = 1; i <= 10; i++) {
        const { status } = await rawGet(url, '/api/devices', {
          authorization: `Bearer guess-${i}`,
        });
        assert.equal(status, 401, `guess ${i}`);
      }
      const refused = await rawGet(url, '/api/devices', { authorization: 'Bearer guess-11' });
      assert.equal(refused.status, 429);
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(
        (await rawGet(url, '/api/devices', authed)).status,
        429,
        'while locked out even the right token gets no answer that would confirm a guess',
      );
      assert.equal((await rawGet(url, '/health')).status, 200);
      assert.equal(
        (await rawGet(base, '/api/devices', authed)).status,
        200,
        'other servers unaffected',
      );
    } finally {
      await server.stop();
    }
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
      [{ termList: '/etc/passwd' }, 'termList', /no term list/],
      [{ terms: [] }, 'terms', /fewer than 1|at least/],
      [{ terms: 'Free Tibet' }, 'terms', /array/],
      [{ terms: [{ text: 'x'.repeat(5000) }] }, 'terms[0].text', /longer|more than|1 to/],
      [{ terms: [{ text: '   ' }] }, 'terms[0].text', /1 to/],
      [{ terms: [{ text: 'x', control: 42 }] }, 'terms[0].control', /string/],
      [{ terms: [{ text: 'x', colour: 'red' }] }, 'terms[0]', /additional/],
      [{ terms: [{ text: 'a' }, { text: 'a ' }] }, 'terms[1].text', /same term as terms\[0\]/],
      [{ devices: 'lab-pixel5', terms: [{ text: 'x' }] }, 'devices', /array/],
      [{ devices: [''], terms: [{ text: 'x' }] }, 'devices[0]', /fewer than 1|at least/],
      [
        { devices: Array(101).fill('lab-pixel5'), terms: [{ text: 'x' }] },
        'devices',
        /more than 100/,
      ],
      [
        { terms: [{ text: 'x' }], termList: 'xiaomi-2021.yaml' },
        'terms',
        /either terms or termList/,
      ],
      [[{ text: 'x' }], 'body', /object/],
    ];
    const runsBefore = await store.latestRun();
    for (const [body, field, message] of cases) {
      const { status, body: answer } = await post(body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(answer.error.field, field, JSON.stringify(answer));
      assert.match(answer.error.message, message);
      assert.doesNotMatch(JSON.stringify(answer), /\n\s+at /, 'no stack trace');
    }
    // nothing was written: no run, no job on any phone's queue
    assert.deepEqual(await store.latestRun(), runsBefore);
    for (const device of profiles) {
      const queue = new Queue(deviceQueueName(device.id), {
        connection: connectionOf(context),
        prefix: context.prefix,
      });
      const jobs = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      await queue.close();
      assert.deepEqual(Object.values(jobs), [0, 0, 0, 0], device.id);
    }
    // query strings and paths that do not decode are a client's mistake, never a fault
    const before = errorsLogged().length;
    for (const path of ['/api/devices?token=%E0%A4%A', '/api/runs/%E0%A4%A', '/api/runs/a%00b']) {
      const answer = await call(path, { headers: path.includes('token') ? {} : authed });
      assert.ok([400, 401, 404].includes(answer.status), `${path}: ${answer.status}`);
      assert.equal(
        typeof answer.body.error?.code,
        'string',
        `${path}: ${JSON.stringify(answer.body)}`,
      );
    }
    assert.deepEqual(errorsLogged().slice(before), []);
    const notJson = await call('/api/checks', {
      method: 'POST',
      headers: { ...authed, 'content-type': 'application/json' },
      body: '{',
    });
    assert.equal(notJson.status, 400);
    assert.equal(typeof notJson.body.error.code, 'string');
  });

  test('a lone surrogate in a term is a 400 naming the field, not a fault in the log', async () => {
    const before = errorsLogged().length;
    const cases: [unknown, string][] = [
      [{ terms: [{ text: 'a\ud800' }] }, 'terms[0].text'],
      [{ terms: [{ text: 'ok' }, { text: 'x', control: '\udfffy' }] }, 'terms[1].control'],
      [{ devices: ['lab-pixel5\ud83d'], terms: [{ text: 'x' }] }, 'devices[0]'],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await post(body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.deepEqual(Object.keys(answer.error).sort(), ['code', 'field', 'message']);
      assert.equal(answer.error.field, field);
      assert.match(answer.error.message, /well-formed Unicode/);
    }
    assert.deepEqual(errorsLogged().slice(before), []);
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
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    controller.abort();
    const event = new TextDecoder().decode(value);
    assert.match(event, /^event: progress\ndata: /);
    const data = JSON.parse(event.split('data: ')[1]!);
    assert.deepEqual([data.done, data.planned, data.status], [0, body.plannedProbes, 'running']);
  });
});

describe('API event stream limits', () => {
  test('caps open event streams per address and in all: 429 beyond, a closed one frees its slot', async () => {
    const { url, server } = await apiWith({ limits: { streams: 3, streamsPerClient: 2 } });
    const open: ClientRequest[] = [];
    try {
      const { body } = await post({ devices: ['lab-pixel5'], termList: 'xiaomi-2021.yaml' });
      for (let i = 0; i < 2; i++) {
        const stream = await openStream(url, body.runId);
        open.push(stream.request);
        assert.equal(stream.status, 200);
      }
      const third = await openStream(url, body.runId);
      third.request.destroy();
      assert.equal(third.status, 429, 'a third from the same address');
      assert.equal(third.headers['cache-control'], 'no-store');
      const other = await openStream(url, body.runId, '127.0.0.2');
      open.push(other.request);
      assert.equal(other.status, 200, 'another address has its own share');
      const full = await openStream(url, body.runId, '127.0.0.3');
      full.request.destroy();
      assert.equal(full.status, 429, 'but not past the total');
      open.shift()!.destroy();
      const deadline = Date.now() + 5000;
      let again = await openStream(url, body.runId);
      while (again.status === 429 && Date.now() < deadline) {
        again.request.destroy();
        await new Promise((done) => setImmediate(done));
        again = await openStream(url, body.runId);
      }
      open.push(again.request);
      assert.equal(again.status, 200, 'a closed stream gives its slot back');
    } finally {
      for (const request of open) request.destroy();
      await server.stop();
    }
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

  test('serves a report file by what it resolves to: no database, backup, token, dot-file or unknown kind', async () => {
    for (const path of [
      '/reports/evidence/db.png',
      '/reports/evidence/token.txt',
      '/reports/cw.db.bak',
      '/reports/.api-token',
      '/reports/evidence/notes.bin',
    ]) {
      const { status, body } = await call(path, { headers: authed });
      assert.equal(status, 404, path);
      assert.doesNotMatch(String(body), /database|test-token/, path);
    }
  });

  test('every answer forbids framing and sniffing; API answers are not stored; each kind has its CSP', async () => {
    const answers = {
      page: await fetch(`${base}/`, { headers: authed }),
      json: await fetch(`${base}/api/devices`, { headers: authed }),
      refused: await fetch(`${base}/api/devices`),
      report: await fetch(`${base}/reports/evidence/shot.png`, { headers: authed }),
      missingReport: await fetch(`${base}/reports/nope.html`, { headers: authed }),
      board: await fetch(`${base}/admin/queues`, { headers: authed }),
    };
    for (const [kind, response] of Object.entries(answers)) {
      await response.arrayBuffer();
      assert.equal(response.headers.get('x-frame-options'), 'DENY', kind);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', kind);
      assert.match(
        response.headers.get('content-security-policy') ?? '',
        /frame-ancestors 'none'/,
        kind,
      );
    }
    for (const kind of ['page', 'json', 'refused', 'board'] as const)
      assert.equal(answers[kind].headers.get('cache-control'), 'no-store', kind);
    const csp = (kind: keyof typeof answers) =>
      answers[kind].headers.get('content-security-policy')!;
    assert.match(csp('json'), /^default-src 'none'/);
    assert.match(csp('page'), /script-src 'self';/);
    assert.match(csp('report'), /script-src 'self' 'sha256-/, "Allure's inline loader runs");
    assert.doesNotMatch(csp('report'), /script-src[^;]*unsafe/);
    assert.match(csp('board'), /script-src 'self';/);
    for (const kind of Object.keys(answers) as (keyof typeof answers)[])
      assert.doesNotMatch(csp(kind), /https?:|\*/, `${kind}: nothing from elsewhere`);
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

  test('named tokens per person: a viewer reads, a tester starts checks, an admin manages tokens and bull-board; a revoked token is refused at once', async () => {
    const made: Record<string, string> = {};
    for (const [name, role] of [
      ['vera', 'viewer'],
      ['tom', 'tester'],
      ['ada', 'admin'],
    ] as const) {
      const answer = await call('/api/tokens', {
        method: 'POST',
        headers: { ...authed, 'content-type': 'application/json' },
        body: JSON.stringify({ name, role }),
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.equal(answer.body.role, role);
      assert.ok(answer.body.token.length >= 32);
      made[name] = answer.body.token;
    }
    const as = (name: string) => ({ authorization: `Bearer ${made[name]}` });
    const check = {
      devices: ['lab-pixel5'],
      terms: [{ text: 'Warm bread tokens', language: 'en' }],
    };

    // a viewer reads and is told why it may not start a check
    assert.deepEqual((await call('/api/whoami', { headers: as('vera') })).body, {
      name: 'vera',
      role: 'viewer',
    });
    assert.equal((await call('/api/devices', { headers: as('vera') })).status, 200);
    const refused = await post(check, as('vera'));
    assert.equal(refused.status, 403);
    assert.match(
      refused.body.error.message,
      /start-check needs a token of role tester; token "vera" is a viewer/,
    );
    assert.equal((await call('/admin/queues', { headers: as('vera') })).status, 403);

    // a tester starts one, and the run records who
    const started = await post(check, as('tom'));
    assert.equal(started.status, 202);
    const run = await call(`/api/runs/${started.body.runId}`, { headers: as('vera') });
    assert.equal(run.body.run.startedBy, 'token:tom');
    assert.equal((await call('/api/tokens', { headers: as('tom') })).status, 403);
    // bull-board can retry and remove jobs: not for a tester, whatever the method
    const board = await call('/admin/queues/api/queues/runs/clean/failed', {
      method: 'PUT',
      headers: as('tom'),
    });
    assert.equal(board.status, 403);
    assert.equal((await call('/admin/queues', { headers: as('ada') })).status, 200);

    // the admin lists tokens (never their values) and revokes the tester's: refused from the next request
    const listed = await call('/api/tokens', { headers: as('ada') });
    assert.deepEqual(
      listed.body.map((t: { name: string; role: string }) => [t.name, t.role]),
      [
        ['ada', 'admin'],
        ['tom', 'tester'],
        ['vera', 'viewer'],
      ],
    );
    assert.doesNotMatch(JSON.stringify(listed.body), new RegExp(Object.values(made).join('|')));
    assert.equal(
      (await call('/api/tokens/tom', { method: 'DELETE', headers: as('ada') })).status,
      204,
    );
    assert.equal((await call('/api/devices', { headers: as('tom') })).status, 401);
    assert.equal((await post(check, as('tom'))).status, 401);
    const again = await call('/api/tokens', {
      method: 'POST',
      headers: { ...as('ada'), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'tom', role: 'viewer' }),
    });
    assert.equal(again.status, 400);
    assert.equal(again.body.error.field, 'name');
    const badRole = await call('/api/tokens', {
      method: 'POST',
      headers: { ...as('ada'), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'eve', role: 'root' }),
    });
    assert.equal(badRole.status, 400);
    assert.equal(badRole.body.error.field, 'role');

    // no token value was ever logged, the farm's own token neither
    const everything = JSON.stringify(logged);
    for (const value of [...Object.values(made), TOKEN]) {
      assert.ok(!everything.includes(value), 'a token value in the log');
    }
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
