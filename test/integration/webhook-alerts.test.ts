// Integration (a real HTTP receiver on loopback): alerts are signed, retried on 5xx and no answer, not on 4xx, and always logged.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  DELIVERY_HEADER,
  sendAlert,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../src/alerts/webhook.ts';
import { freePort } from '../../src/services/free-port.ts';

const SECRET = 'lab-webhook-secret';
const dir = mkdtempSync(join(tmpdir(), 'cw-alerts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers each request with the next status of `statuses` (the last one repeats). */
async function receiver(
  statuses: number[],
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/T000/B000/secret-token`, received, server };
}

/** What a receiver does with the signature: recompute and compare in constant time. */
function verified({ headers, body }: Received): boolean {
  const timestamp = String(headers[TIMESTAMP_HEADER]);
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
  const got = String(headers[SIGNATURE_HEADER]);
  return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}

const ALERT = {
  event: 'drift' as const,
  text: 'censorwatch: drift, remote switch suspected on Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM',
  details: { firmwareKey: 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM', term: '自由西藏' },
};
const FAST = { attempts: 4, backoffMs: 10, timeoutMs: 2000 };
const logLines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('webhook alerts', () => {
  test('a signed Slack-compatible JSON POST, retried on 5xx until it is taken, with one delivery id', async () => {
    const { url, received, server } = await receiver([503, 502, 200]);
    const log = join(dir, 'retry.jsonl');
    try {
      const result = await sendAlert({ url, secret: SECRET, ...FAST }, ALERT, log);
      assert.equal(result?.delivered, true);
      assert.equal(result?.attempts, 3);
      assert.equal(received.length, 3);
      assert.ok(received.every(verified), 'every try is signed');
      assert.equal(new Set(received.map((r) => r.headers[DELIVERY_HEADER])).size, 1);
      const payload = JSON.parse(received[2]!.body);
      assert.equal(payload.text, ALERT.text);
      assert.equal(payload.event, 'drift');
      assert.equal(payload.term, '自由西藏');
      const [line] = logLines(log);
      assert.equal(line.delivered, true);
      assert.ok(
        !JSON.stringify(line).includes('secret-token'),
        'the hook URL token stays out of the log',
      );
    } finally {
      server.close();
    }
  });

  test('a signature made with another secret does not verify', async () => {
    const { url, received, server } = await receiver([200]);
    try {
      await sendAlert({ url, secret: 'not-the-secret', ...FAST }, ALERT, join(dir, 'wrong.jsonl'));
      assert.equal(verified(received[0]!), false);
    } finally {
      server.close();
    }
  });

  test('a 4xx is not retried; the failure is logged, not lost', async () => {
    const { url, received, server } = await receiver([400]);
    const log = join(dir, 'refused.jsonl');
    try {
      const result = await sendAlert({ url, secret: SECRET, ...FAST }, ALERT, log);
      assert.deepEqual([result?.delivered, result?.attempts, result?.status], [false, 1, 400]);
      assert.equal(received.length, 1);
      assert.equal(logLines(log)[0].error, 'HTTP 400');
    } finally {
      server.close();
    }
  });

  test('no receiver at all: every try is made, then the alert is logged as not delivered', async () => {
    const log = join(dir, 'unreachable.jsonl');
    const url = `http://127.0.0.1:${await freePort()}/hook`;
    const result = await sendAlert({ url, secret: SECRET, ...FAST }, ALERT, log);
    assert.deepEqual([result?.delivered, result?.attempts, result?.status], [false, 4, null]);
    assert.equal(logLines(log)[0].delivered, false);
  });

  test('an event the settings leave out is not sent', async () => {
    const { url, received, server } = await receiver([200]);
    try {
      const result = await sendAlert(
        { url, secret: SECRET, events: ['regression'], ...FAST },
        ALERT,
        join(dir, 'filtered.jsonl'),
      );
      assert.equal(result, null);
      assert.equal(received.length, 0);
    } finally {
      server.close();
    }
  });
});
