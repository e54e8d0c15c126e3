// WebdriverIO testrunner config for one probe batch: sessions and the spec come from the batch file the device's worker wrote.
import { settings } from './src/config/settings.ts';
import { readProbeBatch } from './src/sessions/batch-file.ts';
import { wdioSessions } from './src/sessions/wdio-sessions.ts';

const batchFile = settings().batchFile;
if (!batchFile) {
  throw new Error(
    'wdio.conf.ts runs one probe batch: set CENSORWATCH_BATCH to a batch file (the device worker does)',
  );
}
const batch = readProbeBatch(batchFile);
const sessions = wdioSessions(batch.session);

const SPEC_BY_KIND = {
  browser: './specs/browser.probe.ts',
  messenger: './specs/messenger.probe.ts',
} as const;

/** Beyond any batch's own deadline (the worker's); mocha's and WDIO's timers must never decide first. */
const BATCH_TEST_TIMEOUT_MS = 24 * 60 * 60 * 1000;

export const config: WebdriverIO.Config = {
  runner: 'local',
  specs: [SPEC_BY_KIND[batch.target.kind]],
  maxInstances: 1,
  // the phone's session, and beside it the peer phone's when it has one (multiremote)
  ...sessions,
  // WebdriverIO.Config types capabilities as a list only; the testrunner takes the multiremote object too
  capabilities: sessions.capabilities as WebdriverIO.Config['capabilities'],
  logLevel: 'error',
  bail: 0,
  waitforTimeout: 10 * 1000,
  // Typing a long payload key by key is one WebDriver request: allow it two minutes.
  connectionRetryTimeout: 2 * 60 * 1000,
  // No blind retries: webdriver re-sends any failed command, and a re-sent addValue or click
  // would type or submit twice (a made-up difference); a page-load timeout would also double.
  // A failed command is a fault of that probe (inconclusive), decided once.
  connectionRetryCount: 0,
  framework: 'mocha',
  // the whole batch is one test; the device's worker holds its deadline and stops the run when it passes
  mochaOpts: { ui: 'bdd', timeout: BATCH_TEST_TIMEOUT_MS },
  // results go to the store only; the report stage renders Allure from it
  reporters: [],
};
