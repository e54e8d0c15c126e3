// Adds the reference devices the chosen devices name, so a finding can be compared in the same run.
import type { DeviceProfile } from './device-profile.ts';

export function withReferences(
  chosen: readonly DeviceProfile[],
  all: readonly DeviceProfile[],
): DeviceProfile[] {
  const out = [...chosen];
  for (const device of chosen) {
    const reference = device.reference ? all.find((d) => d.id === device.reference) : undefined;
    if (reference && !out.some((d) => d.id === reference.id)) out.push(reference);
  }
  return out;
}
