// What the API's route plugins share: the farm's queues and store, the phones, the folders, a logger.
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { QueueContext } from '../../queue/queue-context.ts';
import type { DeviceProfile } from '../devices/device-profile.ts';
import type { RepetitionPolicy } from '../oracle/confirm-finding.ts';
import type { RegistryView } from '../registry/registry-view.ts';
import type { ResultStore } from '../store/result-store.ts';

export interface ApiContext {
  context: QueueContext;
  store: ResultStore;
  profiles: readonly DeviceProfile[];
  reportsDir: string;
  termsDir: string;
  batchSize: number;
  repetition: RepetitionPolicy;
  /** One Queue per name, shared by bull-board and the phone listing. */
  queue(name: string): Queue;
  /** The live device registry in the queues' Redis, as of now. */
  registry(): Promise<RegistryView>;
  log: Logger;
}
