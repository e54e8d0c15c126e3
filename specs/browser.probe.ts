// Browser probes, data-driven from the batch file: the search page of the canary, typed into and submitted.
import { runBrowserProbe } from '../src/probe/run-browser-probe.ts';
import { createTarget } from '../src/targets/target-table.ts';
import type { Target } from '../src/targets/target.ts';
import { describeBatch } from './support/describe-batch.ts';

let target: Target;

describeBatch((batch, sessions) => ({
  async setUp() {
    target = createTarget(sessions.phone, batch.target);
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
}));
