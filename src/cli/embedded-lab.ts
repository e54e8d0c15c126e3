// The whole lab in this process: services, workers on throw-away queues, and the results store.
import { randomBytes } from 'node:crypto';
import type { WebhookSettings } from '../alerts/webhook.ts';
import type { DeviceProfile } from '../devices/device-profile.ts';
import { labMessengerDevices } from '../lab/lab-messenger-service.ts';
import { LabStack, type LabUrls } from '../lab/lab-stack.ts';
import { settings } from '../config/settings.ts';
import { ResultStore } from '../store/result-store.ts';
import { Farm } from '../../queue/farm.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import type { QueueContext } from '../../queue/queue-context.ts';

export interface EmbeddedLab {
  urls: LabUrls;
  context: QueueContext;
  store: ResultStore;
  lab: LabStack;
  stop(): Promise<void>;
}

export interface EmbeddedLabOptions {
  /** @defaultValue settings().reportsDir */
  reportsDir?: string;
  /** @defaultValue settings().database */
  database?: string;
  /** Start a private redis-server even when one answers on 6379. @defaultValue false */
  privateRedis?: boolean;
  /** Vendor lists the lab vendor config server serves. @defaultValue `devices/lab/vendor` */
  vendorListDir?: string;
  /** Where drift and regression alerts go. */
  webhook?: WebhookSettings | undefined;
  /** New sessions a batch gets when its session dies under its probes. @defaultValue 2 */
  sessionRetries?: number | undefined;
}

export async function startEmbeddedLab(
  devices: DeviceProfile[],
  batchSize: number,
  options: EmbeddedLabOptions = {},
): Promise<EmbeddedLab> {
  const lab = new LabStack({
    privateRedis: options.privateRedis ?? false,
    messengerDevices: labMessengerDevices(devices),
    ...(options.vendorListDir ? { vendorListDir: options.vendorListDir } : {}),
  });
  const urls = await lab.start();
  const context: QueueContext = {
    redisUrl: urls.redisUrl,
    prefix: `censorwatch-lab-${randomBytes(4).toString('hex')}`,
  };
  const reportsDir = options.reportsDir ?? settings().reportsDir;
  const database = options.database ?? settings().database;
  const store = await ResultStore.open(database);
  let farm: Farm | undefined;
  try {
    farm = await Farm.start({
      context,
      devices,
      labAppiumUrl: urls.appiumUrl,
      canaryUrl: urls.canaryUrl,
      vendorUrl: urls.vendorUrl,
      messenger: urls.messenger,
      reportsDir,
      database,
      batchSize,
      store,
      webhook: options.webhook,
      sessionRetries: options.sessionRetries,
    });
  } catch (error) {
    await store.close();
    await lab.stop();
    throw error;
  }
  return {
    urls,
    context,
    store,
    lab,
    async stop() {
      await farm?.close();
      await purgePrefix(context).catch(() => 0);
      await store.close();
      await lab.stop();
    },
  };
}
