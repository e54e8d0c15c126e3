// `censorwatch devices`: the phones this host's adb server sees, read off them; `--write` makes their profiles.
import { settings } from '../../config/settings.ts';
import type { DeviceFacts } from '../../discovery/device-facts.ts';
import { listDevices } from '../../discovery/list-devices.ts';
import { startLabAdbPhones } from '../../lab/lab-adb-phones.ts';
// text off a phone may hold control characters that would move the terminal's cursor
import { printable } from '../../report/run-summary.ts';
import { EXIT } from '../exit-codes.ts';
import { textTable } from '../text-table.ts';
import { writeDeviceProfiles } from './write-device-profiles.ts';
import { formatRegistry, readFarmRegistry } from './farm-registry.ts';
import { InputError } from '../../errors.ts';

export interface DevicesOptions {
  json?: boolean;
  /** Folder of device profiles to create or update from what was read. */
  write?: string;
  /** Start the lab adb phones of the five vendors on a private adb server and list them. */
  lab?: boolean;
  /** The live registry of every farm host instead of this host's adb server. */
  farm?: boolean;
}

export async function devicesCommand(options: DevicesOptions): Promise<void> {
  if (options.farm) {
    if (options.lab || options.write) {
      throw new InputError(
        'E_CONFIG',
        '--farm reads the registry: it takes neither --lab nor --write',
        {
          field: '--farm',
        },
      );
    }
    const view = await readFarmRegistry();
    if (options.json) process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    else process.stdout.write(`${formatRegistry(view)}\n`);
    return;
  }
  let server = settings().adbServer;
  let stop = async () => {};
  if (options.lab) {
    const lab = await startLabAdbPhones();
    ({ server, stop } = lab);
  }
  try {
    const phones = await listDevices(server);
    if (options.json) process.stdout.write(`${JSON.stringify(phones, null, 2)}\n`);
    else process.stdout.write(`${formatDevices(phones)}\n`);
    if (options.write) {
      const written = writeDeviceProfiles(phones, options.write);
      for (const line of written.lines) process.stderr.write(`${printable(line)}\n`);
      if (written.refused > 0) process.exitCode = EXIT.error;
    }
  } finally {
    await stop();
  }
}

const HEADERS = ['serial', 'state', 'phone', 'vendor UI', 'build', 'battery', 'screen'] as const;

/** One line per phone; what could not be read shows as `?`, and the reasons follow the table. */
export function formatDevices(phones: readonly DeviceFacts[]): string {
  if (phones.length === 0) {
    return 'adb lists no phone: plug one in with USB debugging on (or `adb connect HOST:PORT`), or try `censorwatch devices --lab`';
  }
  const known = (value: string | null | undefined) => printable(value ?? '?');
  const rows = phones.map((p) => [
    known(p.serial),
    known(p.state),
    p.manufacturer || p.model ? known(`${p.manufacturer ?? '?'} ${p.model ?? '?'}`) : '?',
    p.vendorUi
      ? known(`${p.vendorUi.name} ${p.vendorUi.version}`)
      : p.errors['vendorUi']
        ? '?'
        : 'stock',
    known(p.incremental),
    p.battery ? `${p.battery.level} %${p.battery.charging ? ' charging' : ''}` : '?',
    p.screen ? (p.screen.on ? (p.screen.locked ? 'locked' : 'on') : 'off') : '?',
  ]);
  const reasons = phones.flatMap((p) => {
    const distinct = [...new Set(Object.values(p.errors))];
    return distinct.length > 0
      ? [`${printable(p.serial)}: ${distinct.map(printable).join('; ')}`]
      : [];
  });
  return [textTable(HEADERS, rows), ...(reasons.length > 0 ? ['', ...reasons] : [])].join('\n');
}
