import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ReportServer } from '../../../src/report/report-server.ts';

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
    writeFileSync(join(base, 'secret.txt'), 'outside the reports folder');
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>index</title>');
    writeFileSync(join(root, 'censorwatch.db'), 'sqlite');
    writeFileSync(join(root, 'allure', 'mi', 'index.html'), '<!doctype html><title>mi</title>');
    const files: Record<string, string> = {
      'app.js': 'void 0;',
      'styles.css': 'body{}',
      'data/summary.json': '{}',
      'favicon.png': 'png',
      'logo.svg': '<svg/>',
      'font.woff': 'woff',
      'font.woff2': 'woff2',
      'unknown.bin': 'bin',
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
      'unknown.bin': /^application\/octet-stream$/,
    };
    for (const [name, type] of Object.entries(expected)) {
      const response = await fetch(`${baseUrl}/allure/mi/${name}`);
      assert.equal(response.status, 200, name);
      assert.match(response.headers.get('content-type') ?? '', type, name);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
    assert.equal(await (await fetch(`${baseUrl}/allure/mi/data/summary.json`)).text(), '{}');
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

  test('does not serve the results database, hidden files or malformed paths', async () => {
    assert.equal((await rawGet(baseUrl, '/censorwatch.db')).status, 404);
    assert.equal((await rawGet(baseUrl, '/.hidden')).status, 404);
    assert.equal((await rawGet(baseUrl, '/%E0%A4%A')).status, 400);
    assert.equal((await rawGet(baseUrl, '/missing.html')).status, 404);
  });

  test('does not turn a doubled slash into a redirect to another host', async () => {
    const response = await rawGet(baseUrl, '//allure/mi');
    assert.equal(response.status, 301);
    assert.equal(response.headers.location, '/allure/mi/');
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
