// A batch of terms to probe on one device and target: what a run asks of one device's queue.
import type { DeviceProfile, DeviceTarget } from '../devices/device-profile.ts';
import type { RepetitionPolicy } from '../oracle/confirm-finding.ts';
import type { Term } from '../terms/term.ts';

/** What a run asks of one device and target: the terms of one batch. */
export interface ProbeBatchRequest {
  runId: string;
  batchId: string;
  device: DeviceProfile;
  target: DeviceTarget;
  terms: Term[];
  termList: { name: string; sha256: string };
  /** How many attempts must agree before a filtered verdict is a finding. */
  repetition: RepetitionPolicy;
}
