// Test helper: a Chromium session with the lab flags through Debian's chromedriver (WebDriver classic), optionally with a firmware extension.
import { remote } from 'webdriverio';
import {
  CHROMEDRIVER_BINARY,
  CHROMIUM_BINARY,
  LAB_CHROMIUM_FLAGS,
} from '../../src/sessions/lab-capabilities.ts';

export interface LabChromiumOptions {
  /** A prepared firmware extension folder to load. */
  extensionDir?: string;
  /** Profile folder (needed with an extension). */
  profileDir?: string;
}

export function startLabChromium(options: LabChromiumOptions = {}): Promise<WebdriverIO.Browser> {
  const args = [...LAB_CHROMIUM_FLAGS];
  if (options.extensionDir) args.push(`--load-extension=${options.extensionDir}`);
  if (options.profileDir) args.push(`--user-data-dir=${options.profileDir}`);
  return remote({
    logLevel: 'error',
    capabilities: {
      browserName: 'chrome',
      'wdio:enforceWebDriverClassic': true,
      'goog:chromeOptions': { binary: CHROMIUM_BINARY, args },
      'wdio:chromedriverOptions': { binary: CHROMEDRIVER_BINARY },
    },
  });
}
