// Test helper: a clean lab phone of its own id (the lab Pixel 5, its browser and optionally its messenger, set as
// text), written as a device profile file, for tests that run several hosts or workers each with a phone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';

/** Writes `<dir>/<id>.yaml` and returns its path. */
export function writeLabPixelProfile(
  dir: string,
  id: string,
  options: { messenger?: boolean } = {},
): string {
  const pixel = loadDeviceProfiles('devices').find((d) => d.id === 'lab-pixel5')!;
  const file = join(dir, `${id}.yaml`);
  writeFileSync(
    file,
    stringify({
      id,
      manufacturer: pixel.manufacturer,
      model: pixel.model,
      firmware: pixel.firmware,
      region: pixel.region,
      locale: pixel.locale,
      lab: { viewport: pixel.lab!.viewport, userAgent: pixel.lab!.userAgent, firmware: {} },
      targets: [
        { app: 'lab-browser', kind: 'browser', inputPath: 'set-text' },
        ...(options.messenger
          ? [{ app: 'lab-messenger', kind: 'messenger', inputPath: 'set-text' }]
          : []),
      ],
    }),
  );
  return file;
}
