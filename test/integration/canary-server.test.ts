// Integration (real HTTP server on loopback): the canary records probe queries and renders them as text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CanaryServer } from '../../src/canary/canary-server.ts';
import { readCanaryRecords, waitForCanaryRecord } from '../../src/canary/canary-client.ts';
import { ProbeFault } from '../../src/errors.ts';

const canary = new CanaryServer();
let url = '';

/** Submits `q` the way a browser's GET form does (application/x-www-form-urlencoded). */
async function search(
  q: string,
  token: string,
): Promise<{ status: number; html: string; rawQuery: string }> {
  const rawQuery = new URLSearchParams({ q, p: token }).toString();
  const response = await fetch(`${url}/search?${rawQuery}`);
  return { status: response.status, html: await response.text(), rawQuery };
}

describe('the canary server', () => {
  before(async () => {
    url = await canary.start();
  });
  after(() => canary.stop());

  test('serves a mobile search page carrying the probe token', async () => {
    const response = await fetch(`${url}/?p=40213377`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await response.text();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<meta name="viewport" content="width=device-width/);
    assert.match(html, /<form id="cw-search" action="\/search" method="get">/);
    assert.match(html, /<input id="cw-q" name="q" type="search" autocomplete="off"/);
    assert.match(html, /<input type="hidden" name="p" value="40213377">/);
    assert.match(html, /<button id="cw-submit" type="submit">Search<\/button>/);
    assert.match(html, /<p id="cw-token">40213377<\/p>/);
  });

  for (const [language, term] of [
    ['Simplified Chinese', '台湾独立万岁'],
    ['Lithuanian', 'Tegyvuoja Taivano nepriklausomybė'],
    ['English with form-encoded punctuation', 'Free Tibet & more + 100%'],
  ] as const) {
    test(`records a ${language} query exactly and echoes it on the results page`, async () => {
      const token = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
      const sent = await search(term, token);
      assert.equal(sent.status, 200);
      const shown = term.replace('&', '&amp;');
      assert.ok(sent.html.includes(`<title>${shown} - Search</title>`));
      assert.ok(sent.html.includes(`<q id="cw-echo">${shown}</q>`));

      const records = await readCanaryRecords(url, token);
      assert.equal(records.length, 1);
      const [record] = records;
      assert.equal(record!.q, term);
      assert.equal(record!.token, token);
      assert.equal(record!.rawQuery, sent.rawQuery);
      assert.equal(Buffer.from(record!.rawQueryHex!, 'hex').toString('latin1'), sent.rawQuery);
      assert.ok(Math.abs(record!.receivedAt - Date.now()) < 5000);
      assert.deepEqual(canary.records(token), records);
    });
  }

  test('renders an HTML-looking term as inert text everywhere it shows it', async () => {
    const term = '<img src=x onerror=alert(1)>';
    const sent = await search(term, '5550001');
    assert.ok(!sent.html.includes('<img'), 'no live <img> element in the page');
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';
    assert.ok(sent.html.includes(`<title>${escaped} - Search</title>`));
    assert.ok(sent.html.includes(`<q id="cw-echo">${escaped}</q>`));
    assert.ok(sent.html.includes(`About 3 results for ${escaped}.`));
    assert.match(
      sent.html,
      /<a id="cw-link" href="\/search\?q=%3Cimg%20src%3Dx%20onerror%3Dalert\(1\)%3E&amp;p=5550001">&lt;img/,
    );
    const [record] = await readCanaryRecords(url, '5550001');
    assert.equal(record!.q, term);
  });

  test('escapes a token that tries to break out of its attribute', async () => {
    const response = await fetch(`${url}/?p=${encodeURIComponent('1"><script>x</script>')}`);
    const html = await response.text();
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('value="1&quot;&gt;&lt;script&gt;x&lt;/script&gt;"'));
  });

  test('records a query that percent-encodes to more than 16 KiB (a refusal would look like blocking)', async () => {
    const long = '西藏 سلام ąžuolas '.repeat(600);
    const response = await search(long, '888');
    assert.equal(response.status, 200);
    const [record] = await readCanaryRecords(url, '888');
    assert.equal(record?.q, long);
    assert.ok(record!.rawQuery.length > 16 * 1024);
  });

  test('keeps every query of a token in order', async () => {
    await search('first', '777');
    await search('second', '777');
    const records = await readCanaryRecords(url, '777');
    assert.deepEqual(
      records.map((r) => r.q),
      ['first', 'second'],
    );
  });

  test('answers an unknown token with an empty list', async () => {
    const response = await fetch(`${url}/records/000999`);
    assert.deepEqual(await response.json(), { token: '000999', records: [] });
  });

  test('records nothing for a search without a probe token', async () => {
    const response = await fetch(`${url}/search?q=abc`);
    assert.equal(response.status, 400);
  });

  test('answers its health check', async () => {
    const response = await fetch(`${url}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'ok');
  });

  test('waitForCanaryRecord finds a record that arrives while it waits', async () => {
    const waiting = waitForCanaryRecord(url, '31337', 3000);
    setTimeout(() => void search('late arrival', '31337'), 200);
    const record = await waiting;
    assert.equal(record?.q, 'late arrival');
  });

  test('waitForCanaryRecord gives null once its deadline passes for an unknown token', async () => {
    const started = Date.now();
    const record = await waitForCanaryRecord(url, 'never-sent', 300);
    const elapsed = Date.now() - started;
    assert.equal(record, null);
    assert.ok(elapsed >= 300 && elapsed < 2000, `waited ${elapsed} ms`);
  });

  test('readCanaryRecords throws E_CANARY_UNREACHABLE when nothing listens', async () => {
    const gone = new CanaryServer();
    const goneUrl = await gone.start();
    await gone.stop();
    await assert.rejects(
      readCanaryRecords(goneUrl, '1'),
      (error: unknown) => error instanceof ProbeFault && error.code === 'E_CANARY_UNREACHABLE',
    );
  });
});
