// A phone's firmware changing is an event of its own: what each phone of a run ran, against what it ran before.
import type { BatchFirmwareRecord, ResultStore } from '../store/result-store.ts';

export interface FirmwareUpdate {
  deviceId: string;
  /** The key the phone's results were filed under before: its previous run's, else its profile's. */
  from: string;
  /** The key it runs now, read off it. */
  to: string;
  fingerprint: string;
  /** When it was read. */
  readAt: string;
}

/**
 * The phones of `runId` whose firmware, read off them when their batches started, differs from
 * the one their previous run was filed under — or, on a phone's first run, from its profile's
 * (the profile was written before an update).
 */
export async function firmwareUpdatesOf(
  store: Pick<ResultStore, 'batchFirmware' | 'previousFirmwareOf'>,
  runId: string,
): Promise<FirmwareUpdate[]> {
  const latest = new Map<string, BatchFirmwareRecord>();
  for (const read of await store.batchFirmware(runId)) {
    const seen = latest.get(read.deviceId);
    if (!seen || seen.readAt < read.readAt) latest.set(read.deviceId, read);
  }
  const updates: FirmwareUpdate[] = [];
  for (const [deviceId, read] of [...latest].sort(([a], [b]) => a.localeCompare(b))) {
    const from = (await store.previousFirmwareOf(deviceId, runId)) ?? read.profileKey;
    if (from === read.firmwareKey) continue;
    updates.push({
      deviceId,
      from,
      to: read.firmwareKey,
      fingerprint: read.fingerprint,
      readAt: read.readAt,
    });
  }
  return updates;
}

/** `firmware updated: mi10t Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM → … / V12.5.5.0.RJDEUXM` */
export function formatFirmwareUpdate(update: FirmwareUpdate): string {
  return `firmware updated: ${update.deviceId} ${update.from} → ${update.to}`;
}
