// `censorwatch api`: the REST API and the testers' page for a farm, until Ctrl-C.
import { resolve } from 'node:path';
import { ApiServer } from '../../api/api-server.ts';
import { resolveApiToken } from '../../api/api-token.ts';
import { loadConfig } from '../../config/load-config.ts';
import { PROJECT_ROOT, settings } from '../../config/settings.ts';
import { loadServedProfiles } from '../../targets/served-profiles.ts';
import { InputError } from '../../errors.ts';
import { ResultStore } from '../../store/result-store.ts';
import { farmRedis } from '../farm-redis.ts';

export async function apiCommand(options: {
  config: string;
  devices?: string;
  host: string;
  port: string;
  termsDir?: string;
}): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError('E_CONFIG', `--port must be a port number, got "${options.port}"`, {
      field: '--port',
    });
  }
  const config = loadConfig(options.config);
  const profiles = loadServedProfiles(options.devices ?? settings().devicesDir);
  const { reportsDir } = settings();
  const { token, generated, file } = resolveApiToken(reportsDir);
  const redis = farmRedis();
  const store = await ResultStore.open(settings().database);
  const api = new ApiServer({
    context: { redisUrl: await redis.start(), prefix: settings().queuePrefix },
    store,
    profiles,
    reportsDir,
    termsDir: resolve(options.termsDir ?? resolve(PROJECT_ROOT, 'terms')),
    batchSize: config.batchSize,
    repetition: config.repetition,
    auth: { token },
    host: options.host,
  });
  try {
    const url = await api.start(port);
    process.stdout.write(`page and API: ${url}/ (OpenAPI: ${url}/openapi.json)\n`);
    if (generated) {
      process.stdout.write(
        `a new API token was generated and kept in ${file}:\n  ${token}\nopen ${url}/?token=${token} once, or send "Authorization: Bearer <token>"\n`,
      );
    }
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
  } finally {
    await api.stop();
    await store.close();
    await redis.stop();
  }
}
