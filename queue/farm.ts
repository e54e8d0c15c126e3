// A farm host's workers: one per device queue, the report compiler and the run starter.
import type { WebhookSettings } from '../src/alerts/webhook.ts';
import type { LabMessengerEndpoints } from '../src/lab/lab-messenger-service.ts';
import type { DeviceProfile } from '../src/devices/device-profile.ts';
import type { HealthPolicy } from '../src/devices/device-health.ts';
import type { PhonesOverAdb } from '../src/devices/health-gate.ts';
import { DEFAULT_REPETITION, type RepetitionPolicy } from '../src/oracle/confirm-finding.ts';
import { adbSerialOf } from '../src/devices/device-profile.ts';
import { Heartbeat, type PhonesAtAGlance } from '../src/registry/heartbeat.ts';
import { sessionProviderOf } from '../src/sessions/session-providers.ts';
import type { ResultStore } from '../src/store/result-store.ts';
import { DeviceWorker } from './device-worker.ts';
import type { QueueContext } from './queue-context.ts';
import { ReportWorker } from './report-worker.ts';
import { RunStarter } from './run-starter.ts';

export interface FarmOptions {
  context: QueueContext;
  devices: DeviceProfile[];
  /** Appium of the lab phones (profiles with `appium.url: lab`). */
  labAppiumUrl: string | undefined;
  canaryUrl: string;
  vendorUrl: string | undefined;
  /** The lab messenger, when lab phones have messenger targets. */
  messenger?: LabMessengerEndpoints | undefined;
  reportsDir: string;
  database: string;
  batchSize: number;
  /** Repetition policy of scheduled runs. @defaultValue 2 of 2 */
  repetition?: RepetitionPolicy;
  /** Term list files of this host's schedules: the only ones a start-run job may name. @defaultValue none */
  scheduledTermLists?: readonly string[];
  /** The store the run starter records new runs in. */
  store: ResultStore;
  /** Where drift and regression alerts go. */
  webhook?: WebhookSettings | undefined;
  /** The host's adb server: phones with a serial pass their health gate through it before each batch. */
  adb?: { phones: PhonesOverAdb; health: HealthPolicy } | undefined;
  /** A dead worker's batch is taken again once its lock lapses, this long after. @defaultValue 60 s */
  lockMs?: number | undefined;
  /** New sessions a batch gets when its session dies under its probes. @defaultValue 2 */
  sessionRetries?: number | undefined;
  /** Tell the live device registry this host's phones every `intervalMs`. Absent: no heartbeat. */
  registry?: { host: string; intervalMs: number; adb?: PhonesAtAGlance | undefined } | undefined;
}

export class Farm {
  readonly #deviceWorkers: DeviceWorker[];
  readonly #reportWorker: ReportWorker;
  readonly #runStarter: RunStarter;
  #heartbeat: Heartbeat | undefined;

  private constructor(
    deviceWorkers: DeviceWorker[],
    reportWorker: ReportWorker,
    runStarter: RunStarter,
  ) {
    this.#deviceWorkers = deviceWorkers;
    this.#reportWorker = reportWorker;
    this.#runStarter = runStarter;
  }

  static async start(options: FarmOptions): Promise<Farm> {
    const deviceWorkers = await Promise.all(
      options.devices.map((device) =>
        DeviceWorker.start({
          context: options.context,
          device,
          labAppiumUrl: options.labAppiumUrl,
          canaryUrl: options.canaryUrl,
          vendorUrl: options.vendorUrl,
          messenger: options.messenger,
          reportsDir: options.reportsDir,
          database: options.database,
          adb: options.adb,
          lockMs: options.lockMs,
          sessionRetries: options.sessionRetries,
        }),
      ),
    );
    const reportWorker = new ReportWorker({
      context: options.context,
      devices: options.devices,
      reportsDir: options.reportsDir,
      database: options.database,
      webhook: options.webhook,
      describeBrowser: (device) => sessionProviderOf(device).describeBrowser(device),
    });
    const runStarter = new RunStarter(options.context, options.store, options.devices, {
      batchSize: options.batchSize,
      repetition: options.repetition ?? DEFAULT_REPETITION,
      termListFiles: options.scheduledTermLists ?? [],
    });
    await Promise.all([reportWorker.waitUntilReady(), runStarter.waitUntilReady()]);
    const farm = new Farm(deviceWorkers, reportWorker, runStarter);
    if (options.registry) {
      farm.#heartbeat = await Heartbeat.start({
        redisUrl: options.context.redisUrl,
        prefix: options.context.prefix,
        host: options.registry.host,
        intervalMs: options.registry.intervalMs,
        adb: options.registry.adb,
        phones: options.devices.map((device, i) => ({
          deviceId: device.id,
          serial: adbSerialOf(device),
          current: () => deviceWorkers[i]!.current,
        })),
      });
    }
    return farm;
  }

  /** Closes the workers (a running batch ends first) while the heartbeat goes on, then says the farm stopped. */
  async close(): Promise<void> {
    await Promise.all([
      ...this.#deviceWorkers.map((worker) => worker.close()),
      this.#reportWorker.close(),
      this.#runStarter.close(),
    ]);
    await this.#heartbeat?.stop();
  }
}
