// How a device's sessions and far ends are made: one provider per kind of device (lab phone, phone).
import type { DeviceProfile } from '../devices/device-profile.ts';
import type { LabMessengerEndpoints } from '../lab/lab-messenger-service.ts';
import type { MessengerPeer } from '../messenger/peer.ts';
import type { ProbeBatchRequest } from '../probe/probe-batch.ts';
import type { TargetContext } from '../targets/target-table.ts';
import type { ProbeBatch, SessionSetup } from './batch-file.ts';

/** What a host offers the batches of its devices. */
export interface SessionContext {
  /** A folder of this batch's own, removed when it ends. */
  workDir: string;
  /** The lab on this host, when it runs one. */
  lab: {
    /** Appium of the lab phones (profiles with `appium.url: lab`). */
    appiumUrl: string | undefined;
    /** Lab vendor config server the lab firmware fetches its list from. */
    vendorUrl: string | undefined;
    /** The lab messenger, when lab phones have messenger targets. */
    messenger: LabMessengerEndpoints | undefined;
  };
}

/** The sessions the WDIO run opened: the phone's, and by name any other (the peer phone's). */
export interface OpenSessions {
  phone: WebdriverIO.Browser;
  instance(name: string): WebdriverIO.Browser;
}

/** A messenger's far end and what its adapter needs. */
export interface MessengerFarEnd {
  peer: MessengerPeer;
  context: TargetContext;
}

export interface SessionProvider<Setup extends SessionSetup = SessionSetup> {
  /**
   * Worker side, before the WDIO run: the sessions of a batch (server, capabilities) and its
   * far ends. Throws ConfigError when the profile or the host cannot make them.
   */
  prepare(request: ProbeBatchRequest, context: SessionContext): Promise<Setup>;
  /**
   * In the WDIO run, before the first probe: checks the session is what the profile says (lab
   * firmware loaded and running). Throws ConfigError when it is not.
   */
  verify(setup: Setup, phone: WebdriverIO.Browser): Promise<void>;
  /** In the WDIO run: the far end of a messenger batch; throws ConfigError when it cannot be made. */
  openFarEnd(setup: Setup, batch: ProbeBatch, sessions: OpenSessions): Promise<MessengerFarEnd>;
  /** What the report's environment says of the browser the probes ran in. */
  describeBrowser(device: DeviceProfile): string;
}
