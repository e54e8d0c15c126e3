import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectionOf, wdioSessions } from '../../../src/sessions/wdio-sessions.ts';

const PHONE_CAPS = { platformName: 'Android', 'appium:udid': 'A1' };
const PEER_CAPS = { platformName: 'Android', 'appium:udid': 'B2' };

describe('wdioSessions', () => {
  test("one phone: a one-element capability list on the phone's Appium", () => {
    const sessions = wdioSessions({
      provider: 'phone',
      appiumUrl: 'http://10.0.0.5:4723/',
      capabilities: PHONE_CAPS,
      peer: null,
    });
    assert.deepEqual(sessions, {
      protocol: 'http',
      hostname: '10.0.0.5',
      port: 4723,
      path: '/',
      capabilities: [PHONE_CAPS],
    });
  });

  test('a peer phone: multiremote instances "phone" and "peer", each on its own Appium host', () => {
    const sessions = wdioSessions({
      provider: 'phone',
      appiumUrl: 'http://10.0.0.5:4723/',
      capabilities: PHONE_CAPS,
      peer: { appiumUrl: 'https://farm-b.example:8443/wd/hub', capabilities: PEER_CAPS },
    });
    assert.deepEqual(sessions.capabilities, {
      phone: {
        protocol: 'http',
        hostname: '10.0.0.5',
        port: 4723,
        path: '/',
        capabilities: PHONE_CAPS,
      },
      peer: {
        protocol: 'https',
        hostname: 'farm-b.example',
        port: 8443,
        path: '/wd/hub',
        capabilities: PEER_CAPS,
      },
    });
  });

  test("a URL without a port gets the scheme's default", () => {
    assert.equal(connectionOf('https://appium.example/').port, 443);
    assert.equal(connectionOf('http://appium.example/').port, 80);
  });
});
