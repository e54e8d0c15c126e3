// Prints the integration tier's files, slowest first: two run at a time, and the slow ones must not start last.
// Seconds measured on a fresh clone with two files at a time (`file-times-reporter.mjs` prints them); a file not
// listed here goes first, since a new file's cost is not known yet.
import { readdirSync } from 'node:fs';

/** Fresh clone, 2026-12-02, two files at a time (the storm, lab-device-lost, run-flow and the messenger probes since
 * re-measured alone, 2026-12-03). */
const SECONDS: Record<string, number> = {
  'lab-regression.test.ts': 70,
  'two-hosts.test.ts': 69,
  'fault-storm.test.ts': 95,
  'lab-run.test.ts': 68,
  'lab-run-checks.test.ts': 54,
  'worker-killed.test.ts': 39,
  'lab-fuzz.test.ts': 28,
  'web-page.test.ts': 25,
  'lab-adb-devices.test.ts': 24,
  'lab-messenger-probe.test.ts': 28,
  'lab-custom-firmware.test.ts': 21,
  'lab-firmware.test.ts': 20,
  'lab-config-faults.test.ts': 19,
  'run-flow.test.ts': 28,
  'phone-messenger-flow.test.ts': 17,
  'lab-device-lost.test.ts': 57,
  'uiautomator2-no-phone.test.ts': 15,
  'lab-far-end-faults.test.ts': 11,
  'cli-input-errors.test.ts': 8,
  'farm-registry.test.ts': 14,
  'lab-messenger-app.test.ts': 5,
  'services.test.ts': 5,
  'allure-report.test.ts': 4,
  'lab-messenger-server.test.ts': 3,
  'api.test.ts': 2,
  'cli-terms-import.test.ts': 1,
  'lab-adb-phone.test.ts': 1,
  'canary-server.test.ts': 1,
  'docker-compose.test.ts': 1,
  'result-store.test.ts': 1,
  'webhook-alerts.test.ts': 0,
};

const dir = 'test/integration';
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.test.ts'))
  .sort((a, b) => (SECONDS[b] ?? Infinity) - (SECONDS[a] ?? Infinity) || a.localeCompare(b));
process.stdout.write(files.map((name) => `${dir}/${name}`).join('\n'));
