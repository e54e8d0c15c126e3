import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { followRunProgress } from '../../../src/progress/follow-run.ts';

/** A store that answers with however many probes the test says are recorded. */
function fakeStore() {
  const state = { recorded: 0, reads: 0 };
  return {
    state,
    store: {
      runCounts: async (runId: string) => {
        assert.equal(runId, 'run-1');
        state.reads += 1;
        return { done: state.recorded, findings: 0, inconclusive: 0 };
      },
      batchEstimates: async () => [],
      plannedPerBatch: async () => [],
    } satisfies Parameters<typeof followRunProgress>[0],
  };
}

/** Lets the poll's store read and print settle after a timer tick. */
const settle = () => new Promise<void>((done) => setImmediate(done));

describe('following a run from the CLI', () => {
  test('into a log: reads the store every second, prints every 10 s or 5 %, and the last reading at the end', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      const { store, state } = fakeStore();
      const written: string[] = [];
      let now = 0;
      const stop = followRunProgress(store, 'run-1', 100, {
        output: { write: (text: string) => written.push(text), isTTY: false },
        now: () => now,
      });
      for (let second = 1; second <= 30; second += 1) {
        now = second * 1000;
        state.recorded = Math.min(100, Math.floor(second / 3)); // a probe every 3 s
        mock.timers.tick(1000);
        await settle();
      }
      assert.equal(state.reads, 30);
      assert.deepEqual(
        written.map((line) => /progress (\d+)\/100/.exec(line)![1]),
        ['0', '3', '5', '8', '10'],
        'the first reading, then 10 s or 5 % apart',
      );
      state.recorded = 11;
      await stop();
      assert.match(written.at(-1)!, /^progress 11\/100 probes \(11%\)/, 'the run as it ended');
      assert.ok(written.every((line) => !line.includes('\r') && !line.includes('\u001b')));
      const reads = state.reads;
      mock.timers.tick(5000);
      await settle();
      assert.equal(state.reads, reads, 'stopped polling');
    } finally {
      mock.timers.reset();
    }
  });

  test('on a terminal: a bar redrawn in place, its line ended when the run ends', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      const { store, state } = fakeStore();
      const written: string[] = [];
      const stop = followRunProgress(store, 'run-1', 4, {
        output: { write: (text: string) => written.push(text), isTTY: true },
        now: () => 0,
      });
      state.recorded = 2;
      mock.timers.tick(1000);
      await settle();
      await stop();
      assert.ok(written[0]!.startsWith('\r[') && written[0]!.endsWith('\u001b[K'), written[0]);
      assert.equal(written.at(-1), '\n');
    } finally {
      mock.timers.reset();
    }
  });
});
