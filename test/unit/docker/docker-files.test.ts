import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/load-config.ts';
import { loadDeviceProfile } from '../../../src/devices/load-device-profiles.ts';

// No Docker engine runs here: the files are checked as files.
const compose = parse(readFileSync('docker/compose.yaml', 'utf8')) as {
  services: Record<
    string,
    { build?: { context: string; dockerfile: string }; image?: string; volumes?: string[] }
  >;
};

describe('docker files', () => {
  test('every compose service has an image or a Dockerfile that exists', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build) {
        const dockerfile = resolve('docker', service.build.context, service.build.dockerfile);
        assert.ok(existsSync(dockerfile), `${name}: ${dockerfile}`);
      } else {
        assert.ok(service.image, `${name} has neither build nor image`);
      }
    }
  });

  test("every Dockerfile passes a Dockerfile parser's validation (dockerfile-utils), and the parser catches a broken one", () => {
    for (const file of readdirSync('docker').filter((f) => f.endsWith('.Dockerfile'))) {
      const problems = validate(readFileSync(join('docker', file), 'utf8'));
      assert.deepEqual(
        problems.map((p) => `${file}:${p.range.start.line + 1}: ${p.message}`),
        [],
        file,
      );
    }
    const broken = validate('FROM node:20-bookworm-slim\nRUNN npm ci\nCOPY package.json\n');
    assert.deepEqual(
      broken.map((p) => p.message),
      ['Unknown instruction: RUNN', 'COPY requires at least two arguments'],
    );
  });

  test('every Dockerfile starts FROM a base and copies only files that exist', () => {
    for (const file of readdirSync('docker').filter((f) => f.endsWith('.Dockerfile'))) {
      const lines = readFileSync(join('docker', file), 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'));
      assert.match(lines[0]!, /^FROM \S+/, file);
      for (const line of lines.filter((l) => l.startsWith('COPY '))) {
        const sources = line.split(/\s+/).slice(1, -1);
        for (const source of sources)
          assert.ok(source === '.' || existsSync(source), `${file}: COPY ${source}`);
      }
    }
  });

  test('the bind-mounted farm config and device profiles are valid', () => {
    const mounts = Object.values(compose.services)
      .flatMap((s) => s.volumes ?? [])
      .filter((v) => v.startsWith('./'));
    for (const mount of mounts)
      assert.ok(existsSync(resolve('docker', mount.split(':')[0]!)), mount);
    assert.equal(loadConfig('docker/farm/censorwatch.yaml').batchSize, 50);
    for (const file of readdirSync('docker/farm/devices')) {
      const device = loadDeviceProfile(join('docker/farm/devices', file));
      assert.notEqual(device.appium.url, 'lab', `${file} is a real phone`);
    }
  });
});
