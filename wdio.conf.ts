// WebdriverIO testrunner config for one probe batch: capabilities, Appium server and results dir come from the job.
import { settings } from './src/config/settings.ts';
import { readProbeBatch } from './src/probe/probe-batch.ts';
import { wdioSessions } from './src/probe/wdio-sessions.ts';

const batchFile = settings().batchFile;
if (!batchFile) {
  throw new Error(
    'wdio.conf.ts runs one probe batch: set CENSORWATCH_BATCH to a batch file (the device worker does)',
  );
}
const batch = readProbeBatch(batchFile);
const sessions = wdioSessions(batch);

const SPEC_BY_KIND = {
  browser: './specs/browser.probe.ts',
  messenger: './specs/messenger.probe.ts',
} as const;

/** A whole batch may take a while; each probe has its own deadlines inside. */
const TEST_TIMEOUT_MS = 3 * 60 * 1000;

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
  mochaOpts: { ui: 'bdd', timeout: TEST_TIMEOUT_MS },
  reporters: [
    [
      'allure',
      {
        outputDir: batch.allureResultsDir,
        disableWebdriverStepsReporting: true,
        disableWebdriverScreenshotsReporting: true,
        disableMochaHooks: true,
        addConsoleLogs: false,
      },
    ],
  ],
};
