// The phones a schedule names: all, a list of ids, or every phone matching manufacturer / model / region.
import type { DeviceSelector } from '../config/load-config.ts';
import { InputError } from '../errors.ts';
import type { DeviceProfile } from './device-profile.ts';

/**
 * The phones `selector` picks, each narrowed to `targets` when given. Errors (an unknown id,
 * phones without those apps, a selector that picks nothing) name the field they come from.
 */
export function selectDevices(
  all: readonly DeviceProfile[],
  selector: DeviceSelector,
  targets: readonly string[] | undefined,
  fields: { devices: string; targets: string },
): DeviceProfile[] {
  const field = fields.devices;
  let chosen: DeviceProfile[];
  if (selector === 'all') chosen = [...all];
  else if (Array.isArray(selector)) {
    const unknown = selector.filter((id) => !all.some((d) => d.id === id));
    if (unknown.length > 0) {
      throw new InputError(
        'E_CONFIG',
        `${field} names unknown device(s): ${unknown.join(', ')}; known: ${all.map((d) => d.id).join(', ')}`,
        { field },
      );
    }
    chosen = all.filter((d) => selector.includes(d.id));
  } else {
    chosen = all.filter(
      (d) =>
        (selector.manufacturer === undefined || d.manufacturer === selector.manufacturer) &&
        (selector.model === undefined || d.model === selector.model) &&
        (selector.region === undefined || d.region === selector.region),
    );
  }
  if (chosen.length === 0) {
    throw new InputError('E_CONFIG', `${field} picks no phone`, { field });
  }
  if (targets && targets.length > 0) {
    const narrowed = chosen
      .map((d) => ({ ...d, targets: d.targets.filter((t) => targets.includes(t.app)) }))
      .filter((d) => d.targets.length > 0);
    if (narrowed.length === 0) {
      const known = [...new Set(chosen.flatMap((d) => d.targets.map((t) => t.app)))];
      throw new InputError(
        'E_CONFIG',
        `${fields.targets}: none of the chosen phones has ${targets.join(', ')}; they have: ${known.join(', ')}`,
        { field: fields.targets },
      );
    }
    chosen = narrowed;
  }
  return chosen;
}
