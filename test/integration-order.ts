// Prints the integration tier's files, slowest first: two run at a time, and the slow ones must not start last.
// Seconds measured on a fresh clone with two files at a time (`file-times-reporter.mjs` prints them); a file not
// listed here goes first, since a new file's cost is not known yet.
import { readdirSync } from 'node:fs';

/** Fresh clone, 2026-12-03 (14:19, on 8733a5e), two files at a time. */
const SECONDS: Record<string, number> = {
  'fault-storm.test.ts': 112,
  'lab-regression.test.ts': 90,
  'lab-run.test.ts': 87,
  'two-hosts.test.ts': 85,
  'lab-device-lost.test.ts': 83,
  'worker-killed.test.ts': 77,
  'lab-run-checks.test.ts': 58,
  'phone-messenger-flow.test.ts': 51,
  'farm-registry.test.ts': 44,
  'lab-adb-devices.test.ts': 42,
  'web-page.test.ts': 42,
  'run-flow.test.ts': 34,
  'uiautomator2-no-phone.test.ts': 32,
  'lab-fuzz.test.ts': 31,
  'lab-messenger-probe.test.ts': 31,
  'lab-custom-firmware.test.ts': 18,
  'lab-firmware.test.ts': 18,
  'lab-config-faults.test.ts': 18,
  'lab-far-end-faults.test.ts': 11,
  'cli-input-errors.test.ts': 10,
  'lab-messenger-app.test.ts': 5,
  'allure-report.test.ts': 5,
  'lab-messenger-server.test.ts': 4,
  'services.test.ts': 4,
  'api.test.ts': 3,
  'docker-compose.test.ts': 3,
  'cli-terms-import.test.ts': 2,
  'canary-server.test.ts': 1,
  'lab-adb-phone.test.ts': 1,
  'result-store.test.ts': 0,
  'webhook-alerts.test.ts': 0,
};

const dir = 'test/integration';
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.test.ts'))
  .sort((a, b) => (SECONDS[b] ?? Infinity) - (SECONDS[a] ?? Infinity) || a.localeCompare(b));
process.stdout.write(files.map((name) => `${dir}/${name}`).join('\n'));
