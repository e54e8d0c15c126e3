// The phones a schedule names: all, a list of ids, or every phone matching manufacturer / model / region.
import type { DeviceSelector } from '../config/load-config.ts';
import { InputError } from '../errors.ts';
import type { DeviceProfile } from './device-profile.ts';

/**
 * The phones `selector` picks, each narrowed to `targets` when given; `field` names the
 * schedule's field in errors (an unknown id, or a selector that picks nothing).
 */
export function selectDevices(
  all: readonly DeviceProfile[],
  selector: DeviceSelector,
  targets: readonly string[] | undefined,
  field: string,
): DeviceProfile[] {
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
  if (targets) {
    chosen = chosen
      .map((d) => ({ ...d, targets: d.targets.filter((t) => targets.includes(t.app)) }))
      .filter((d) => d.targets.length > 0);
  }
  if (chosen.length === 0) {
    throw new InputError(
      'E_CONFIG',
      `${field} picks no phone${targets ? ` with ${targets.join(', ')}` : ''}`,
      { field },
    );
  }
  return chosen;
}
