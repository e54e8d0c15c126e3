// Lab phones: Chromium through Appium's Chromium driver in mobile emulation, lab firmware, and the lab messenger with a bot as the peer.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { labCapabilities } from './lab-capabilities.ts';
import { ConfigError, InputError } from '../errors.ts';
import { prepareFirmwareExtension } from '../lab/firmware-extension.ts';
import { messengerSettingsFor } from '../lab/lab-messenger-service.ts';
import { PeerBot } from '../messenger/peer-bot.ts';
import type { ProbeBatchRequest } from '../probe/probe-batch.ts';
import { freePort } from '../services/free-port.ts';
import type { LabSessionSetup } from './batch-file.ts';
import type { SessionContext, SessionProvider } from './session-provider.ts';
import { UnreachablePeer } from './unreachable-peer.ts';

/** How long the firmware check waits for Chromium to show the extension's manifest. */
const FIRMWARE_CHECK_MS = 5 * 1000;
const POLL_MS = 100;

export const labSessionProvider: SessionProvider<LabSessionSetup> = {
  async prepare(request: ProbeBatchRequest, context: SessionContext): Promise<LabSessionSetup> {
    const { device } = request;
    const lab = context.lab;
    if (!lab.appiumUrl)
      throw new ConfigError(`${device.id} is a lab phone but no lab Appium is running`);
    const appiumUrl = device.appium.url === 'lab' ? lab.appiumUrl : device.appium.url;
    const firmware = await prepareFirmware(request, context).catch((error: unknown) => {
      throw error instanceof InputError ? new ConfigError(error.message, { cause: error }) : error;
    });
    const chromiumLog = join(context.workDir, 'chromium.log');
    const capabilities = labCapabilities(device, {
      extensionDir: firmware,
      chromedriverPort: await freePort(),
      sessionMarker: `${device.id}.${request.runId}`,
      ...(firmware ? { logFile: chromiumLog } : {}),
    });
    let messenger = null;
    if (request.target.kind === 'messenger') {
      messenger = lab.messenger ? (messengerSettingsFor(lab.messenger, device.id) ?? null) : null;
      if (!messenger) {
        throw new ConfigError(
          `${device.id} has a lab messenger target but the lab messenger has no account for it`,
        );
      }
    }
    return {
      provider: 'lab',
      appiumUrl,
      capabilities,
      firmware: firmware ? { extensionDir: firmware, chromiumLog } : null,
      messenger,
    };
  },

  async verify(setup, phone) {
    if (setup.firmware) await verifyFirmwareLoaded(setup.firmware, phone);
  },

  async openFarEnd(setup) {
    const lab = setup.messenger;
    if (!lab) throw new ConfigError('a lab messenger batch was prepared without the lab messenger');
    // a peer that cannot log in leaves every probe inconclusive(canary-unreachable), not blocked
    const peer = await PeerBot.connect({
      service: lab.xmppUrl,
      domain: lab.domain,
      username: lab.peer.username,
      password: lab.peer.password,
    }).catch(
      (error: unknown) =>
        new UnreachablePeer(lab.peer.jid, error instanceof Error ? error.message : String(error)),
    );
    return {
      peer,
      context: {
        labMessenger: {
          appUrl: lab.appUrl,
          websocketUrl: lab.websocketUrl,
          jid: lab.phone.jid,
          password: lab.phone.password,
          peer: lab.peer.jid,
        },
      },
    };
  },

  describeBrowser: () => 'Chromium (lab, Debian package)',
};

/** The firmware extension this batch's Chromium loads: a copy with its vendor list settings written in. */
async function prepareFirmware(
  request: ProbeBatchRequest,
  context: SessionContext,
): Promise<string | null> {
  const { device } = request;
  const vendorList = device.lab?.firmware.vendorList;
  if (!device.extensionDir) return null;
  if (!vendorList || !context.lab.vendorUrl) return device.extensionDir;
  return prepareFirmwareExtension({
    extensionDir: device.extensionDir,
    outDir: join(context.workDir, 'firmware'),
    settings: {
      vendorUrl: context.lab.vendorUrl,
      list: vendorList,
      firmware: device.firmware.version,
      region: device.region,
    },
  });
}

/** Chromium's id of an unpacked extension: sha256 of its absolute path, the first 32 hex digits as a-p. */
export function unpackedExtensionId(absoluteDir: string): string {
  return createHash('sha256')
    .update(absoluteDir)
    .digest('hex')
    .slice(0, 32)
    .replace(/[0-9a-f]/g, (digit) => String.fromCharCode(97 + parseInt(digit, 16)));
}

/**
 * Chromium refuses a bad extension (a manifest without `version`, say) and runs without it: every
 * term would come back clean. Its manifest opens at `chrome-extension://<id>/manifest.json` only
 * when it is loaded; when it is not, the batch fails as a configuration fault with Chromium's reason.
 */
async function verifyFirmwareLoaded(
  firmware: { extensionDir: string; chromiumLog: string },
  phone: WebdriverIO.Browser,
): Promise<void> {
  const url = `chrome-extension://${unpackedExtensionId(firmware.extensionDir)}/manifest.json`;
  await phone.url(url).catch(() => undefined); // an unloaded extension's URL is blocked: read below
  const until = Date.now() + FIRMWARE_CHECK_MS;
  for (;;) {
    const shown = await phone
      .execute(() => `${location.href}\n${document.body?.innerText ?? ''}`)
      .catch(() => '');
    if (shown.startsWith(url) && shown.includes('"manifest_version"')) return;
    if (Date.now() >= until) break;
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
  const reason = await chromiumReason(firmware);
  throw new ConfigError(
    `lab firmware ${firmware.extensionDir} is not running: Chromium did not load it (${reason})`,
  );
}

/** Chromium's own words on why it did not load the extension, from its log. */
async function chromiumReason(firmware: {
  extensionDir: string;
  chromiumLog: string;
}): Promise<string> {
  const log = await readFile(firmware.chromiumLog, 'utf8').catch(() => '');
  const line = log
    .split('\n')
    .find((l) => l.includes('Failed to load extension') && l.includes(firmware.extensionDir));
  if (!line)
    return `its manifest did not open at chrome-extension://…/manifest.json; no reason in ${firmware.chromiumLog}`;
  return line.slice(line.indexOf('Failed to load extension')).trim();
}
