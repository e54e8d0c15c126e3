// The lab's services on one machine: Redis, Appium, the canary and the vendor config server.
import { resolve } from 'node:path';
import { CanaryServer } from '../canary/canary-server.ts';
import { PROJECT_ROOT } from '../config/settings.ts';
import { logger } from '../log/logger.ts';
import { AppiumService } from '../services/appium-service.ts';
import { RedisService } from '../services/redis-service.ts';
import { LabMessengerService, type LabMessengerEndpoints } from './lab-messenger-service.ts';
import { VendorConfigServer } from './vendor-server.ts';

const log = logger('lab');

export interface LabUrls {
  redisUrl: string;
  appiumUrl: string;
  canaryUrl: string;
  vendorUrl: string;
  /** The lab messenger, when some lab phone has a messenger target. */
  messenger?: LabMessengerEndpoints;
}

export interface LabStackOptions {
  /** Folder of vendor lists the lab vendor config server serves. @defaultValue `devices/lab/vendor` */
  vendorListDir?: string;
  /** Start a private redis-server even when one answers on 6379 (tests). @defaultValue false */
  privateRedis?: boolean;
  /** A Redis the caller runs (the fault storm restarts its own). @defaultValue REDIS_URL, 6379 or a private one */
  redisUrl?: string;
  /** Lab phones with a messenger target: the lab messenger starts with an account for each. @defaultValue none */
  messengerDevices?: readonly string[];
}

export class LabStack {
  readonly #redis: RedisService;
  readonly #appium = new AppiumService();
  readonly #canary = new CanaryServer();
  readonly #vendor: VendorConfigServer;
  readonly #messenger: LabMessengerService | undefined;
  #urls: LabUrls | undefined;

  constructor(options: LabStackOptions = {}) {
    this.#redis = new RedisService({
      preferPrivate: options.privateRedis ?? false,
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    });
    this.#vendor = new VendorConfigServer(
      options.vendorListDir ?? resolve(PROJECT_ROOT, 'devices/lab/vendor'),
    );
    const messengerDevices = options.messengerDevices ?? [];
    this.#messenger =
      messengerDevices.length > 0 ? new LabMessengerService(messengerDevices) : undefined;
  }

  get urls(): LabUrls {
    if (!this.#urls) throw new Error('the lab stack is not started');
    return this.#urls;
  }

  get vendor(): VendorConfigServer {
    return this.#vendor;
  }

  /** The lab's Appium (the fault storm restarts it). */
  get appium(): AppiumService {
    return this.#appium;
  }

  /** The lab messenger, when some lab phone has a messenger target (the fault storm restarts its server). */
  get messenger(): LabMessengerService | undefined {
    return this.#messenger;
  }

  /** The far end of the lab's browser probes (tests set its condition). */
  get canary(): CanaryServer {
    return this.#canary;
  }

  async start(): Promise<LabUrls> {
    try {
      const [redisUrl, appiumUrl, canaryUrl, vendorUrl, messenger] = await Promise.all([
        this.#redis.start(),
        this.#appium.start(),
        this.#canary.start(),
        this.#vendor.start(),
        this.#messenger?.start(),
      ]);
      this.#urls = {
        redisUrl,
        appiumUrl,
        canaryUrl,
        vendorUrl,
        ...(messenger ? { messenger } : {}),
      };
      const { messenger: started, ...urls } = this.#urls;
      log.info({ ...urls, messenger: started?.appUrl }, 'lab stack started');
      return this.#urls;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled([
      this.#appium.stop(),
      this.#canary.stop(),
      this.#vendor.stop(),
      this.#messenger?.stop(),
    ]);
    await this.#redis.stop();
  }
}
