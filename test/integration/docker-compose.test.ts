// Integration (Debian's docker-compose, no Docker engine): docker/compose.yaml is what a real Compose reads, with its
// mandatory secrets refused by name when unset.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { parse } from 'yaml';

const run = promisify(execFile);
const COMPOSE = ['-f', 'docker/compose.yaml', 'config'];
const SECRETS = { CENSORWATCH_DB_PASSWORD: 'db-secret', CENSORWATCH_API_TOKEN: 'a'.repeat(43) };
/** Only what Compose needs: the test's own values, never this machine's. */
const env = (extra: Record<string, string>) => ({ PATH: process.env['PATH'] ?? '', ...extra });

describe('docker/compose.yaml read by docker-compose', () => {
  test('is a valid Compose file: central services and a farm host, every secret from the environment', async () => {
    const { stdout } = await run('docker-compose', COMPOSE, { env: env(SECRETS) });
    const config = parse(stdout) as {
      services: Record<string, { environment?: Record<string, string>; network_mode?: string }>;
    };
    assert.deepEqual(Object.keys(config.services).sort(), [
      'api',
      'appium',
      'farm-host',
      'postgres',
      'redis',
      'reports',
    ]);
    assert.equal(config.services['farm-host']!.network_mode, 'host');
    assert.match(config.services['farm-host']!.environment!['DATABASE_URL']!, /:db-secret@/);
    assert.equal(
      config.services['api']!.environment!['CENSORWATCH_API_TOKEN'],
      SECRETS.CENSORWATCH_API_TOKEN,
    );
  });

  test('refuses to start without the database password, naming the variable', async () => {
    await assert.rejects(
      run('docker-compose', COMPOSE, {
        env: env({ CENSORWATCH_API_TOKEN: SECRETS.CENSORWATCH_API_TOKEN }),
      }),
      (error: { code?: number; stderr?: string }) =>
        error.code !== 0 && /set CENSORWATCH_DB_PASSWORD/.test(error.stderr ?? ''),
    );
  });
});
