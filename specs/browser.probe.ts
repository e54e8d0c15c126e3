// Browser probes, data-driven from the job: the search page of the canary, typed into and submitted.
import { browser } from '@wdio/globals';
import { settings } from '../src/config/settings.ts';
import { readProbeBatch } from '../src/probe/probe-batch.ts';
import { runBrowserProbe } from '../src/probe/run-browser-probe.ts';
import { createTarget } from '../src/targets/target-table.ts';
import type { Target } from '../src/targets/target.ts';
import { describeProbeBatch } from './support/probe-spec.ts';

const batch = readProbeBatch(settings().batchFile!);
let target: Target;

describeProbeBatch(batch, {
  async setUp() {
    target = createTarget(browser, batch.target);
    return target;
  },
  async tearDown() {},
  run: ({ payload, token, deadlines }) =>
    runBrowserProbe({
      target,
      canaryUrl: batch.canaryUrl,
      token,
      payload,
      inputPath: batch.target.inputPath,
      deadlines,
    }),
});
