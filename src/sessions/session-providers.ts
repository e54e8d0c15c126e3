// Which provider makes a device's sessions: the one place a lab phone and a phone are told apart.
import type { DeviceProfile } from '../devices/device-profile.ts';
import type { SessionSetup } from './batch-file.ts';
import { labSessionProvider } from './lab-session-provider.ts';
import { phoneSessionProvider } from './phone-session-provider.ts';
import type { SessionProvider } from './session-provider.ts';

const PROVIDERS: {
  [P in SessionSetup['provider']]: SessionProvider<SessionSetup & { provider: P }>;
} = {
  lab: labSessionProvider,
  phone: phoneSessionProvider,
};

/** A profile with a `lab` section is a lab phone; any other is a phone. */
export function sessionProviderOf(device: Pick<DeviceProfile, 'lab'>): SessionProvider {
  return (device.lab ? PROVIDERS.lab : PROVIDERS.phone) as SessionProvider;
}

/** The provider that prepared a batch's sessions (in the WDIO run). */
export function sessionProviderFor(setup: SessionSetup): SessionProvider {
  return PROVIDERS[setup.provider] as SessionProvider;
}
