// Phones: Appium UiAutomator2 on the phone's own server, and for messengers a second phone as the peer (multiremote).
import { adbSerialOf } from '../devices/device-profile.ts';
import { ConfigError } from '../errors.ts';
import { freePort } from '../services/free-port.ts';
import { DevicePeer } from '../messenger/device-peer.ts';
import { createMessengerTarget } from '../targets/target-table.ts';
import type { PhoneSessionSetup } from './batch-file.ts';
import type { SessionProvider } from './session-provider.ts';

/** Multiremote instance names. */
export const PHONE_INSTANCE = 'phone';
export const PEER_INSTANCE = 'peer';

/**
 * The ports UiAutomator2 opens on the host for one session: phones sharing an Appium server
 * need their own, or the second session takes over the first one's forward.
 */
const SESSION_PORTS = [
  'appium:systemPort',
  'appium:chromedriverPort',
  'appium:mjpegServerPort',
] as const;

/**
 * A phone's session capabilities: the profile's, with its adb serial as `appium:udid` and a free
 * host port for each of {@link SESSION_PORTS} the profile does not fix.
 */
export async function phoneCapabilities(
  device: Parameters<typeof adbSerialOf>[0],
): Promise<Record<string, unknown>> {
  const capabilities: Record<string, unknown> = { ...device.appium.capabilities };
  const serial = adbSerialOf(device);
  if (serial !== null) capabilities['appium:udid'] = serial;
  for (const name of SESSION_PORTS) capabilities[name] ??= await freePort();
  return capabilities;
}

export const phoneSessionProvider: SessionProvider<PhoneSessionSetup> = {
  async prepare(request) {
    const { device, target } = request;
    if (device.appium.url === 'lab') {
      throw new ConfigError(`${device.file}: a phone needs appium.url (its own Appium server)`);
    }
    return {
      provider: 'phone',
      appiumUrl: device.appium.url,
      capabilities: {
        ...(await phoneCapabilities(device)),
        // typing on the phone's own keyboard needs its window in the page source
        ...(target.inputPath === 'ime' &&
        device.appium.capabilities['appium:enableMultiWindows'] === undefined
          ? { 'appium:enableMultiWindows': true }
          : {}),
      },
      peer: target.peer
        ? {
            appiumUrl: target.peer.appium.url,
            capabilities: await phoneCapabilities({ appium: target.peer.appium }),
          }
        : null,
    };
  },

  async verify() {},

  async openFarEnd(setup, batch, sessions) {
    if (!setup.peer) {
      throw new ConfigError(
        `${batch.device.file}: the ${batch.target.app} target needs a peer phone (peer.account, peer.appium)`,
      );
    }
    const peerTarget = createMessengerTarget(sessions.instance(PEER_INSTANCE), batch.target, {
      side: 'peer',
    });
    return { peer: new DevicePeer(peerTarget), context: { side: 'phone' } };
  },

  describeBrowser: () => 'per device',
};
