// The lab messenger: Prosody with an account per lab phone and one peer account for each, and the Converse.js app the phones open.
import type { DeviceProfile } from '../devices/device-profile.ts';
import { ProsodyService, type XmppAccount } from '../services/prosody-service.ts';
import { MessengerAppServer } from './messenger-app-server.ts';

/** Adapter name of the lab phone's messenger app. */
export const LAB_MESSENGER_APP = 'lab-messenger';

/** What a lab phone's messenger batch needs to log in and reach its peer. */
export interface LabMessengerSettings {
  /** Base URL of the lab messenger app. */
  appUrl: string;
  /** The app's XMPP websocket. */
  websocketUrl: string;
  /** The peer bot's TCP endpoint. */
  xmppUrl: string;
  domain: string;
  phone: XmppAccount;
  peer: XmppAccount;
}

export interface LabMessengerEndpoints {
  appUrl: string;
  websocketUrl: string;
  xmppUrl: string;
  domain: string;
  /** Per lab phone id: its own account and its peer's. */
  accounts: Record<string, { phone: XmppAccount; peer: XmppAccount }>;
}

/** Lab phones with a messenger target: each needs an account in the lab messenger. */
export function labMessengerDevices(devices: readonly DeviceProfile[]): string[] {
  return devices
    .filter((d) => d.lab && d.targets.some((t) => t.app === LAB_MESSENGER_APP))
    .map((d) => d.id);
}

/** The peer account of a lab phone. */
const peerOf = (deviceId: string): string => `peer-${deviceId}`;

export class LabMessengerService {
  readonly #deviceIds: readonly string[];
  readonly #prosody: ProsodyService;
  readonly #app = new MessengerAppServer();

  /** @param deviceIds lab phones with a messenger target (each gets an account and a peer) */
  constructor(deviceIds: readonly string[]) {
    this.#deviceIds = deviceIds;
    this.#prosody = new ProsodyService({
      accounts: deviceIds.flatMap((id) => [id, peerOf(id)]),
    });
  }

  async start(): Promise<LabMessengerEndpoints> {
    try {
      const [server, appUrl] = await Promise.all([this.#prosody.start(), this.#app.start()]);
      const accounts = Object.fromEntries(
        this.#deviceIds.map((id) => [
          id,
          { phone: this.#prosody.account(id), peer: this.#prosody.account(peerOf(id)) },
        ]),
      );
      return {
        appUrl,
        websocketUrl: server.websocketUrl,
        xmppUrl: server.xmppUrl,
        domain: server.domain,
        accounts,
      };
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Restarts the XMPP server on the same ports and accounts (the fault storm's Prosody restart). */
  restartServer(): Promise<void> {
    return this.#prosody.restart();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.#app.stop(), this.#prosody.stop()]);
  }
}

/** The settings one lab phone's messenger batch gets; undefined when the phone has no account. */
export function messengerSettingsFor(
  endpoints: LabMessengerEndpoints,
  deviceId: string,
): LabMessengerSettings | undefined {
  const accounts = endpoints.accounts[deviceId];
  if (!accounts) return undefined;
  return {
    appUrl: endpoints.appUrl,
    websocketUrl: endpoints.websocketUrl,
    xmppUrl: endpoints.xmppUrl,
    domain: endpoints.domain,
    ...accounts,
  };
}
