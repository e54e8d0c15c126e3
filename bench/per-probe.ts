// `npm run bench:per-probe`: the harness's time per probe against a raw WebdriverIO loop doing the same actions on the same lab phone.
//
// The harness is the probe engine with its lab browser target and a real result store: plan,
// deadlines, every channel read, the decision, the record. The raw loop is the driver's floor:
// open the canary page, type with key events, submit, wait for the results page, read the canary's
// record and the shown text, then the same settle wait for late filtering. Both type the same
// payloads on one Chromium session with the lab firmware on; rounds alternate so drift hits both.
// Usage: `npm run bench:per-probe -- [--terms 20] [--rounds 2]`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benignTerms, round, runBenchBatch, typedProbes } from './bench-batch.ts';
import { writeBenchFigures } from './bench-file.ts';
import { startLabPhone } from './lab-phone.ts';
import type { ProbeDriver } from '../src/probe/probe-driver.ts';
import { ResultStore } from '../src/store/result-store.ts';
import { LAB_BROWSER_SELECTORS as SELECTORS } from '../src/targets/selectors/lab-browser.ts';

const { values } = parseArgs({
  options: {
    terms: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
  },
});
const TERMS = Number(values.terms);
const ROUNDS = Number(values.rounds);
for (const [name, value] of [
  ['--terms', TERMS],
  ['--rounds', ROUNDS],
] as const) {
  if (!(Number.isInteger(value) && value >= 1)) {
    process.stderr.write(`bench:per-probe: ${name} must be a whole number >= 1\n`);
    process.exit(2);
  }
}

/** One payload as the harness typed it, with the settle window its deadlines gave. */
interface Typed {
  payload: string;
  settleMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The same actions as a browser probe, in plain WebdriverIO: nothing decided, nothing recorded. */
async function rawProbe(browser: WebdriverIO.Browser, canaryUrl: string, typed: Typed) {
  const token = randomBytes(8).toString('hex');
  await browser.url(`${canaryUrl}/?p=${token}`);
  const input = await browser.$(SELECTORS.input);
  await input.waitForExist({ interval: 50 });
  await input.click();
  await input.addValue(typed.payload);
  const before = await browser.getUrl();
  await browser.$(SELECTORS.submit).click();
  await browser.waitUntil(
    async () =>
      (await browser.execute(() => location.href)) !== before &&
      (await browser.execute(() => document.readyState)) !== 'loading',
    { interval: 50 },
  );
  for (let asked = 0; asked < 300; asked += 1) {
    const response = await fetch(`${canaryUrl}/records/${token}`);
    const { records } = (await response.json()) as { records: unknown[] };
    if (records.length > 0) break;
    await sleep(50);
  }
  const shown = () =>
    browser.execute(
      (selector: string) => document.querySelector(selector)?.textContent ?? null,
      SELECTORS.echo,
    );
  const first = await shown();
  const until = Date.now() + typed.settleMs;
  while (Date.now() < until) {
    await sleep(100);
    if ((await shown()) !== first) break;
  }
}

/** Records every payload the engine types and the settle window it was given. */
function recording(driver: ProbeDriver, typed: Typed[]): ProbeDriver {
  return {
    ...driver,
    run: (probe) => {
      typed.push({ payload: probe.payload, settleMs: probe.deadlines.settleMs });
      return driver.run(probe);
    },
  };
}

const work = mkdtempSync(join(tmpdir(), 'cw-bench-per-probe-'));
const lab = await startLabPhone(work);
const store = await ResultStore.open(join(work, 'bench.db'));
let harnessS = 0;
let harnessProbes = 0;
let rawS = 0;
let rawProbes = 0;
let settleTotalMs = 0;
let failed = false;
try {
  const driver = lab.driver([]);
  // warm-up: the first pages of a session load slower than the rest
  await runBenchBatch(benignTerms(2, 'w'), driver, { batchId: 'warm-up' });
  for (let round_ = 0; round_ < ROUNDS; round_ += 1) {
    const typed: Typed[] = [];
    const harness = await runBenchBatch(
      benignTerms(TERMS, `r${round_}-`),
      recording(driver, typed),
      {
        sink: { record: (result) => store.saveProbe(result) },
        batchId: `round-${round_}`,
      },
    );
    const notIntact = harness.results.filter((r) => r.verdict !== 'intact');
    if (notIntact.length > 0) {
      failed = true;
      process.stderr.write(
        `bench:per-probe: ${notIntact.length} probes were not intact (${notIntact[0]!.verdict} ${notIntact[0]!.reason ?? ''})\n`,
      );
    }
    harnessS += harness.seconds;
    harnessProbes += typedProbes(harness.results);
    const started = performance.now();
    for (const one of typed) await rawProbe(lab.browser, lab.canaryUrl, one);
    rawS += (performance.now() - started) / 1000;
    rawProbes += typed.length;
    settleTotalMs += typed.reduce((sum, one) => sum + one.settleMs, 0);
    process.stderr.write(
      `bench:per-probe: round ${round_ + 1} of ${ROUNDS}: harness ${harness.seconds.toFixed(1)} s, raw ${((performance.now() - started) / 1000).toFixed(1)} s for ${typed.length} payloads\n`,
    );
  }
} finally {
  await store.close();
  await lab.stop();
  rmSync(work, { recursive: true, force: true });
}

const harnessMs = (harnessS * 1000) / harnessProbes;
const rawMs = (rawS * 1000) / rawProbes;
const settleMs = settleTotalMs / rawProbes;
const perProbe = {
  probes: harnessProbes,
  harnessMs: Math.round(harnessMs),
  rawMs: Math.round(rawMs),
  ratio: round(harnessMs / rawMs),
  settleMs: Math.round(settleMs),
  settleShare: round(settleMs / harnessMs),
};
process.stdout.write(
  [
    `per probe on a lab phone, ${harnessProbes} payloads each way (${ROUNDS} rounds of ${TERMS} terms with their controls and a truism)`,
    `harness ${perProbe.harnessMs} ms · raw WebdriverIO loop ${perProbe.rawMs} ms · ratio ${perProbe.ratio.toFixed(3)}`,
    `settle window ${perProbe.settleMs} ms a probe: ${(perProbe.settleShare * 100).toFixed(0)} % of the harness's probe`,
    '',
  ].join('\n'),
);
writeBenchFigures({ perProbe });
process.exitCode = failed ? 1 : 0;
