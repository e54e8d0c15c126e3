// `censorwatch farm`: this host's device workers, the report compiler and the schedules, until Ctrl-C.
import {
  labMessengerDevices,
  type LabMessengerEndpoints,
} from '../../lab/lab-messenger-service.ts';
import { settings } from '../../config/settings.ts';
import { AdbPhones } from '../../devices/adb-phones.ts';
import { adbSerialOf } from '../../devices/device-profile.ts';
import { loadConfig } from '../../config/load-config.ts';
import { loadServedProfiles } from '../../targets/served-profiles.ts';
import { InputError } from '../../errors.ts';
import { LabStack } from '../../lab/lab-stack.ts';
import { RedisService, redactUrl } from '../../services/redis-service.ts';
import { ResultStore } from '../../store/result-store.ts';
import { Farm } from '../../../queue/farm.ts';
import { applySchedules } from '../../../queue/schedules.ts';
import { formatSchedules } from './schedule.ts';
import { hostNameOf } from '../../registry/heartbeat.ts';
import type { QueueContext } from '../../../queue/queue-context.ts';
import { runBootstrap } from './doctor.ts';

export async function farmCommand(options: {
  config: string;
  devices?: string;
  lab?: boolean;
}): Promise<void> {
  const config = loadConfig(options.config);
  const host = hostNameOf(config.farm.host, config.file);
  const devices = loadServedProfiles(options.devices ?? settings().devicesDir);
  const stops: (() => Promise<void>)[] = [];
  try {
    let redisUrl: string;
    let canaryUrl = config.canaryUrl;
    let labAppiumUrl: string | undefined;
    let vendorUrl: string | undefined;
    let messenger: LabMessengerEndpoints | undefined;
    if (options.lab) {
      await runBootstrap();
      const lab = new LabStack({ messengerDevices: labMessengerDevices(devices) });
      const urls = await lab.start();
      stops.push(() => lab.stop());
      ({ redisUrl, appiumUrl: labAppiumUrl, vendorUrl, messenger } = urls);
      canaryUrl = urls.canaryUrl;
    } else {
      const redis = new RedisService();
      redisUrl = await redis.start();
      stops.push(() => redis.stop());
    }
    if (!canaryUrl) {
      throw new InputError(
        'E_CONFIG',
        `${options.config}: field \`canaryUrl\` is required for a farm without --lab`,
        {
          file: options.config,
          field: 'canaryUrl',
        },
      );
    }
    const context: QueueContext = { redisUrl, prefix: settings().queuePrefix };
    const store = await ResultStore.open(settings().database);
    stops.unshift(async () => await store.close());
    const adbPhones = devices.some((device) => adbSerialOf(device) !== null)
      ? new AdbPhones(settings().adbServer)
      : undefined;
    const farm = await Farm.start({
      context,
      devices,
      labAppiumUrl,
      canaryUrl,
      vendorUrl,
      messenger,
      reportsDir: settings().reportsDir,
      database: settings().database,
      batchSize: config.batchSize,
      scheduledTermLists: Object.values(config.schedules).map((schedule) => schedule.termList),
      repetition: config.repetition,
      store,
      webhook: config.webhook,
      // phones with a serial pass their health gate over this host's adb server before each batch
      adb: adbPhones ? { phones: adbPhones, health: config.health } : undefined,
      lockMs: config.farm.lockMs,
      sessionRetries: config.farm.sessionRetries,
      registry: {
        host,
        intervalMs: config.farm.heartbeatMs,
        adb: adbPhones,
      },
    });
    stops.unshift(() => farm.close());
    const applied = await applySchedules(context, config.schedules);
    process.stdout.write(
      `farm ${host}: ${devices.length} device worker(s) on ${redactUrl(redisUrl)}, heartbeat every ${config.farm.heartbeatMs / 1000} s\n${formatSchedules(applied.schedules)}Ctrl-C to stop\n`,
    );
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
  } finally {
    for (const stop of stops) await stop();
  }
}
