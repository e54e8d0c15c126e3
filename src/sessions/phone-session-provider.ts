// Phones: Appium UiAutomator2 on the phone's own server, and for messengers a second phone as the peer (multiremote).
import { ConfigError } from '../errors.ts';
import { DevicePeer } from '../messenger/device-peer.ts';
import { createMessengerTarget } from '../targets/target-table.ts';
import type { PhoneSessionSetup } from './batch-file.ts';
import type { SessionProvider } from './session-provider.ts';

/** Multiremote instance names. */
export const PHONE_INSTANCE = 'phone';
export const PEER_INSTANCE = 'peer';

export const phoneSessionProvider: SessionProvider<PhoneSessionSetup> = {
  async prepare(request) {
    const { device, target } = request;
    if (device.appium.url === 'lab') {
      throw new ConfigError(`${device.file}: a phone needs appium.url (its own Appium server)`);
    }
    return {
      provider: 'phone',
      appiumUrl: device.appium.url,
      capabilities: { ...device.appium.capabilities },
      peer: target.peer
        ? { appiumUrl: target.peer.appium.url, capabilities: target.peer.appium.capabilities }
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
