import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { waitForAppium } from '../../../src/services/appium-service.ts';
import { freePort } from '../../../src/services/free-port.ts';

describe('waitForAppium', () => {
  test('waits while Appium answers 503 (starting), and returns once it answers 200', async (t) => {
    let polls = 0;
    const server = createServer((request, response) => {
      assert.equal(request.url, '/wd/status');
      polls += 1;
      response.writeHead(polls < 3 ? 503 : 200).end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    t.after(() => server.close());
    const { port } = server.address() as AddressInfo;
    assert.equal(await waitForAppium(`http://127.0.0.1:${port}/wd`, 10_000), 'up');
    assert.equal(polls, 3);
  });

  test('gives up after its time, saying what the last poll saw', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const said = await waitForAppium(url, 600);
    assert.match(said, new RegExp(`^GET ${url}/status failed \\(.*ECONNREFUSED.*\\) for 0\\.6 s$`));
  });
});
