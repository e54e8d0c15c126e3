// Starts a run: records it, then adds a flow whose parent compiles the reports and whose children are batches.
import { randomUUID } from 'node:crypto';
import { FlowProducer, type FlowJob } from 'bullmq';
import type { DeviceProfile } from '../src/devices/device-profile.ts';
import { DEFAULT_REPETITION, type RepetitionPolicy } from '../src/oracle/confirm-finding.ts';
import { batchIdOf, planBatch } from '../src/probe/plan-probes.ts';
import type { PlannedProbe } from '../src/store/planned-probe.ts';
import type { ResultStore } from '../src/store/result-store.ts';
import type { TermList } from '../src/terms/term.ts';
import type { CompileReportJobData, ProbeBatchJobData, RunKind } from './job-data.ts';
import { connectionOf, deviceQueueName, REPORT_QUEUE, type QueueContext } from './queue-context.ts';

/** BullMQ priority: lower runs first, so a targeted check jumps ahead of nightly work on the same phone. */
export const PRIORITY: Record<RunKind, number> = { check: 1, nightly: 10 };

export interface StartRunOptions {
  kind: RunKind;
  devices: DeviceProfile[];
  termList: TermList;
  /**
   * Terms per batch (a batch is one WDIO session on one device and target).
   * @defaultValue 50
   */
  batchSize?: number;
  /** @defaultValue a new UUID */
  runId?: string;
  /** @defaultValue 2 of 2 */
  repetition?: RepetitionPolicy;
  /** Who or what starts it, as the run records it: `schedule:<name>`, `token:<name>`, `cli:<user>`, `lab`. */
  startedBy?: string;
}

export interface StartedRun {
  runId: string;
  parentJobId: string;
  plannedProbes: number;
  batches: number;
}

const DEFAULT_BATCH_SIZE = 50;

/** The id of a run's report job, the parent of its batches: whoever knows the run id can wait for it. */
export function reportJobIdOf(runId: string): string {
  return `${runId}.report`;
}

export async function startRun(
  context: QueueContext,
  store: ResultStore,
  options: StartRunOptions,
): Promise<StartedRun> {
  const runId = options.runId ?? randomUUID();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const children: FlowJob[] = [];
  const plans: { batchId: string; probes: PlannedProbe[] }[] = [];
  let plannedProbes = 0;
  for (const device of options.devices) {
    for (const target of device.targets) {
      for (let start = 0; start < options.termList.terms.length; start += batchSize) {
        const terms = options.termList.terms.slice(start, start + batchSize);
        const batchId = batchIdOf(device.id, target.app, start / batchSize);
        const data: ProbeBatchJobData = {
          runId,
          batchId,
          device,
          target,
          terms,
          termList: { name: options.termList.name, sha256: options.termList.sha256 },
          repetition: options.repetition ?? DEFAULT_REPETITION,
        };
        // the plan is made here, once, and stored with the run: everyone else reads it
        const probes = planBatch(data);
        plans.push({ batchId, probes });
        plannedProbes += probes.length;
        children.push({
          name: 'probe-batch',
          queueName: deviceQueueName(device.id),
          data,
          opts: {
            jobId: `${runId}.${batchId}`,
            priority: PRIORITY[options.kind],
            // A failed batch must not hold back the report: its probes are already inconclusive.
            ignoreDependencyOnFailure: true,
            attempts: 1,
          },
        });
      }
    }
  }
  await store.saveRun({
    runId,
    kind: options.kind,
    createdAt: new Date().toISOString(),
    termListName: options.termList.name,
    termListSha256: options.termList.sha256,
    plannedProbes,
    status: 'running',
    finishedAt: null,
    startedBy: options.startedBy ?? null,
  });
  for (const plan of plans) await store.savePlan(runId, plan.batchId, plan.probes);
  const producer = new FlowProducer({ connection: connectionOf(context), prefix: context.prefix });
  try {
    const parentData: CompileReportJobData = { runId };
    const flow = await producer.add({
      name: 'compile-report',
      queueName: REPORT_QUEUE,
      data: parentData,
      opts: { jobId: reportJobIdOf(runId), priority: PRIORITY[options.kind] },
      children,
    });
    return { runId, parentJobId: flow.job.id!, plannedProbes, batches: children.length };
  } finally {
    await producer.close();
  }
}
