// Test helper: one lab phone's device worker as a process of its own, a host the test can SIGKILL mid-batch.
// argv[2]: JSON { context, deviceId, devicesDir?, labAppiumUrl, canaryUrl, vendorUrl, messenger?, reportsDir, database,
// lockMs }.
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import type { LabMessengerEndpoints } from '../../src/lab/lab-messenger-service.ts';
import { DeviceWorker } from '../../queue/device-worker.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  context: { redisUrl: string; prefix: string };
  deviceId: string;
  /** @defaultValue the project's `devices` */
  devicesDir?: string;
  labAppiumUrl: string;
  canaryUrl: string;
  vendorUrl: string;
  /** The lab messenger: given, the phone serves its messenger targets too; else its browsers only. */
  messenger?: LabMessengerEndpoints;
  reportsDir: string;
  database: string;
  lockMs: number;
};
const device = loadDeviceProfiles(options.devicesDir ?? 'devices').find(
  (d) => d.id === options.deviceId,
);
if (!device) throw new Error(`no lab phone ${options.deviceId}`);
const worker = await DeviceWorker.start({
  context: options.context,
  device: options.messenger ? device : withTargetsOf(device, 'browser'),
  labAppiumUrl: options.labAppiumUrl,
  canaryUrl: options.canaryUrl,
  vendorUrl: options.vendorUrl,
  messenger: options.messenger,
  reportsDir: options.reportsDir,
  database: options.database,
  lockMs: options.lockMs,
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
