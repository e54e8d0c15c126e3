import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ALLURE_INLINE_SCRIPTS,
  REPORT_CSP,
  ReportServer,
} from '../../../src/report/report-server.ts';

/** Raw GET: fetch() would normalise `..` away before it reaches the server. */
function rawGet(
  baseUrl: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        done({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

describe('ReportServer', () => {
  let base: string;
  let root: string;
  let server: ReportServer;
  let baseUrl: string;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'censorwatch-serve-'));
    root = join(base, 'reports');
    mkdirSync(join(root, 'allure', 'mi', 'data'), { recursive: true });
    mkdirSync(join(root, 'allure', 'mi', 'export'));
    writeFileSync(join(base, 'secret.txt'), 'outside the reports folder');
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>index</title>');
    writeFileSync(join(root, 'censorwatch.db'), 'sqlite');
    for (const name of ['censorwatch.db.bak', 'censorwatch.db-wal', 'old.sqlite', 'notes.bak'])
      writeFileSync(join(root, name), 'sqlite');
    writeFileSync(join(root, '.api-token'), 'the-api-token');
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'config'), 'git config');
    mkdirSync(join(root, 'evidence', 'run-1'), { recursive: true });
    for (const name of ['p1.png', 'p1.html.txt', 'p1.peer.txt'])
      writeFileSync(join(root, 'evidence', 'run-1', name), 'evidence');
    // links inside the folder whose names look harmless
    symlinkSync(join(root, 'censorwatch.db'), join(root, 'evidence', 'run-1', 'p2.png'));
    symlinkSync(join(root, '.api-token'), join(root, 'evidence', 'run-1', 'p2.html.txt'));
    symlinkSync(join(root, '.git'), join(root, 'evidence', 'git'));
    symlinkSync('../censorwatch.db.bak', join(root, 'allure', 'backup.json'));
    writeFileSync(join(root, 'allure', 'mi', 'index.html'), '<!doctype html><title>mi</title>');
    const files: Record<string, string> = {
      'app.js': 'void 0;',
      'styles.css': 'body{}',
      'data/summary.json': '{}',
      'favicon.png': 'png',
      'logo.svg': '<svg/>',
      'font.woff': 'woff',
      'font.woff2': 'woff2',
      'favicon.ico': 'ico',
      'shot.jpg': 'jpg',
      'data/suites.csv': 'a,b',
      'export/influxDbData.txt': 'txt',
      'unknown.bin': 'bin',
      'script.sh': 'echo',
    };
    for (const [name, content] of Object.entries(files))
      writeFileSync(join(root, 'allure', 'mi', name), content);
    symlinkSync(join(base, 'secret.txt'), join(root, 'link-out.txt'));
    server = new ReportServer(root);
    baseUrl = await server.start();
  });

  after(async () => {
    await server.stop();
    rmSync(base, { recursive: true, force: true });
  });

  test('starts on a free loopback port and returns its base URL', () => {
    assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('serves files with the content type of their extension', async () => {
    const expected: Record<string, RegExp> = {
      'index.html': /^text\/html/,
      'app.js': /^text\/javascript/,
      'styles.css': /^text\/css/,
      'data/summary.json': /^application\/json/,
      'favicon.png': /^image\/png$/,
      'logo.svg': /^image\/svg\+xml$/,
      'font.woff': /^font\/woff$/,
      'font.woff2': /^font\/woff2$/,
      'favicon.ico': /^image\/x-icon$/,
      'shot.jpg': /^image\/jpeg$/,
      'data/suites.csv': /^text\/csv/,
      'export/influxDbData.txt': /^text\/plain/,
    };
    for (const [name, type] of Object.entries(expected)) {
      const response = await fetch(`${baseUrl}/allure/mi/${name}`);
      assert.equal(response.status, 200, name);
      assert.match(response.headers.get('content-type') ?? '', type, name);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
    assert.equal(await (await fetch(`${baseUrl}/allure/mi/data/summary.json`)).text(), '{}');
  });

  test('serves evidence files as text and images, never as pages', async () => {
    const expected: Record<string, RegExp> = {
      'p1.png': /^image\/png$/,
      'p1.html.txt': /^text\/plain/,
      'p1.peer.txt': /^text\/plain/,
    };
    for (const [name, type] of Object.entries(expected)) {
      const response = await fetch(`${baseUrl}/evidence/run-1/${name}`);
      assert.equal(response.status, 200, name);
      assert.match(response.headers.get('content-type') ?? '', type, name);
    }
  });

  test('serves only the kinds of file a report is made of', async () => {
    for (const name of ['unknown.bin', 'script.sh']) {
      assert.equal((await rawGet(baseUrl, `/allure/mi/${name}`)).status, 404, name);
    }
  });

  test('judges a file by what it resolves to: a link to the database, the token or a dot-folder is 404', async () => {
    for (const path of [
      '/evidence/run-1/p2.png',
      '/evidence/run-1/p2.html.txt',
      '/evidence/git/config',
      '/allure/backup.json',
    ]) {
      const response = await rawGet(baseUrl, path);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(response.body, /sqlite|the-api-token|git config/, path);
    }
  });

  test('serves a folder index and redirects a folder without a slash so relative links resolve', async () => {
    assert.match(await (await fetch(`${baseUrl}/`)).text(), /<title>index<\/title>/);
    const redirect = await fetch(`${baseUrl}/allure/mi`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/allure/mi/');
    assert.match(await (await fetch(`${baseUrl}/allure/mi/`)).text(), /<title>mi<\/title>/);
  });

  test('serves nothing outside its folder, whatever the path says', async () => {
    for (const path of [
      '/../secret.txt',
      '/allure/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/allure/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/allure/mi/..%2F..%2F..%2Fsecret.txt',
      '/index.html%00.png',
      '/link-out.txt',
    ]) {
      const response = await rawGet(baseUrl, path);
      assert.notEqual(response.status, 200, path);
      assert.doesNotMatch(response.body, /outside the reports folder/, path);
    }
  });

  test('does not serve the results database, its copies, hidden files or malformed paths', async () => {
    for (const path of [
      '/censorwatch.db',
      '/censorwatch.db.bak',
      '/CENSORWATCH.DB.BAK',
      '/censorwatch.db-wal',
      '/old.sqlite',
      '/notes.bak',
      '/.api-token',
      '/.git/config',
      '/%2Eapi-token',
      '/.hidden',
    ]) {
      assert.equal((await rawGet(baseUrl, path)).status, 404, path);
    }
    assert.equal((await rawGet(baseUrl, '/%E0%A4%A')).status, 400);
    assert.equal((await rawGet(baseUrl, '/missing.html')).status, 404);
  });

  test('does not turn a doubled slash into a redirect to another host', async () => {
    const response = await rawGet(baseUrl, '//allure/mi');
    assert.equal(response.status, 301);
    assert.equal(response.headers.location, '/allure/mi/');
  });

  test('every answer forbids framing and sniffing and carries the report CSP, errors too', async () => {
    for (const path of [
      '/allure/mi/index.html',
      '/allure/mi/app.js',
      '/missing.html',
      '/allure/mi',
    ]) {
      const response = await rawGet(baseUrl, path);
      assert.equal(response.headers['x-frame-options'], 'DENY', path);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(response.headers['content-security-policy'], REPORT_CSP, path);
    }
    assert.match(REPORT_CSP, /frame-ancestors 'none'/);
    assert.match(REPORT_CSP, /default-src 'none'/);
    assert.doesNotMatch(REPORT_CSP, /script-src[^;]*'unsafe-(inline|eval)'/);
    assert.doesNotMatch(
      REPORT_CSP,
      /https?:|\*/,
      "nothing from elsewhere (Allure's analytics stays out)",
    );
  });

  test("allows Allure's inline scripts by hash, for the allure-commandline installed", () => {
    const { version } = JSON.parse(
      readFileSync(
        createRequire(import.meta.url).resolve('allure-commandline/package.json'),
        'utf8',
      ),
    ) as { version: string };
    assert.equal(
      version,
      ALLURE_INLINE_SCRIPTS.allureVersion,
      'allure-commandline changed: recompute the hashes of the inline scripts of its index.html',
    );
  });

  test('answers only GET and HEAD', async () => {
    const response = await fetch(`${baseUrl}/index.html`, { method: 'POST', body: 'x' });
    assert.equal(response.status, 405);
    const head = await fetch(`${baseUrl}/index.html`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(
      head.headers.get('content-length'),
      String('<!doctype html><title>index</title>'.length),
    );
  });

  test('stops listening on stop()', async () => {
    const other = new ReportServer(root);
    const url = await other.start();
    await other.stop();
    await assert.rejects(fetch(`${url}/index.html`));
  });
});
