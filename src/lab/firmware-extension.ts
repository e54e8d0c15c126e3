// Prepares a per-session copy of a lab firmware extension with its settings file written in.
import { cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

/** Name of the settings file the lab firmware reads from its own folder. */
export const FIRMWARE_SETTINGS_FILE = 'censorwatch-lab.json';

/** What the lab firmware needs to fetch its list; written as `censorwatch-lab.json`. */
export interface FirmwareSettings {
  /** Base URL of the lab vendor config server, e.g. `http://127.0.0.1:41234`. */
  vendorUrl: string;
  /** Vendor list to fetch, e.g. `MiAdBlacklistConfig`. */
  list: string;
  /** Firmware version the remote switch is looked up by, e.g. `V12.5.4.0.RJDEUXM`. */
  firmware: string;
  /** Region the phone reports, e.g. `EU`. */
  region: string;
}

export interface PrepareFirmwareOptions {
  /** The firmware extension folder (holds manifest.json). */
  extensionDir: string;
  /** Where the copy goes; created, and overwritten file by file if it exists. */
  outDir: string;
  settings: FirmwareSettings;
}

/** Copies the extension to `outDir`, writes its settings file, and returns `outDir`. */
export async function prepareFirmwareExtension(options: PrepareFirmwareOptions): Promise<string> {
  const { extensionDir, outDir, settings } = options;
  const manifest = join(extensionDir, 'manifest.json');
  const found = await stat(manifest).catch(() => null);
  if (!found?.isFile()) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `${extensionDir}: not a firmware extension (expected a manifest.json in it)`,
      { file: extensionDir, field: 'lab.firmware.extension' },
    );
  }
  await mkdir(outDir, { recursive: true });
  await cp(extensionDir, outDir, { recursive: true, force: true });
  await writeFile(join(outDir, FIRMWARE_SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`);
  return outDir;
}
