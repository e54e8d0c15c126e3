import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProgressPrinter } from '../../../src/progress/progress-printer.ts';
import { formatProgressLine, type RunProgress } from '../../../src/progress/progress.ts';

const at = (done: number, planned = 200, findings = 0): RunProgress => ({
  done,
  planned,
  findings,
  inconclusive: 0,
  etaMs: done === 0 ? null : 60_000,
});

/** A printer writing to an array, on a clock the test moves. */
function printer(tty: boolean) {
  const written: string[] = [];
  let now = 0;
  const progress = new ProgressPrinter({
    write: (text) => written.push(text),
    tty,
    now: () => now,
  });
  return {
    written,
    progress,
    /** One reading per second, like the CLI's poll: `done` at each second from the start. */
    readings(doneAt: (second: number) => number, seconds: number, planned = 200) {
      for (let second = 0; second < seconds; second += 1) {
        now = second * 1000;
        progress.update(at(doneAt(second), planned));
      }
    },
    set now(ms: number) {
      now = ms;
    },
  };
}

const NO_CONTROL_CODES = /^[^\r\u001b]*\n$/;

describe('progress where the output is not a terminal (CI, a log file, cron)', () => {
  test('prints a plain line every 10 s while the run is slow, not one per probe', () => {
    const log = printer(false);
    // one probe every 2 s of 200: far below 5 % a minute
    log.readings((second) => Math.floor(second / 2), 60);
    assert.equal(log.written.length, 6, log.written.join(''));
    assert.deepEqual(
      log.written.map((line) => Number(/ (\d+)\/200 /.exec(line)![1])),
      [0, 5, 10, 15, 20, 25],
      'at 0 s, 10 s, 20 s, ...',
    );
    for (const line of log.written) assert.match(line, NO_CONTROL_CODES);
  });

  test('prints a line at every 5 % when the run moves faster than that, and none in between', () => {
    const log = printer(false);
    // 4 probes a second of 200: 5 % = 10 probes every 2.5 s
    log.readings((second) => Math.min(200, second * 4), 51);
    const dones = log.written.map((line) => Number(/ (\d+)\/200 /.exec(line)![1]));
    assert.deepEqual(
      dones,
      [
        0, 12, 20, 32, 40, 52, 60, 72, 80, 92, 100, 112, 120, 132, 140, 152, 160, 172, 180, 192,
        200,
      ],
    );
    assert.equal(log.written.length, 21, 'one per 5 % step (and the start), not 51 per reading');
  });

  test('whichever comes first: a 5 % line restarts the 10 s wait', () => {
    const log = printer(false);
    log.now = 0;
    log.progress.update(at(0));
    log.now = 8_000;
    log.progress.update(at(10)); // 5 %: printed
    log.now = 17_000;
    log.progress.update(at(11)); // 9 s after the last line: not yet
    log.now = 18_000;
    log.progress.update(at(12)); // 10 s: printed
    assert.equal(log.written.length, 3);
    assert.match(
      log.written[2]!,
      /^progress 12\/200 probes \(6%\) · findings 0 · inconclusive 0 · ETA 1m 0s\n$/,
    );
  });

  test('ends with the last reading when it had not been printed, once', () => {
    const log = printer(false);
    log.readings((second) => second, 3); // 0, 1, 2 of 200: only the first printed
    log.progress.finish();
    assert.equal(log.written.length, 2);
    assert.match(log.written[1]!, /^progress 2\/200 /);
    log.progress.finish();
    assert.equal(log.written.length, 2, 'nothing new to say');
  });

  test('a run with nothing planned still gets its lines every 10 s', () => {
    const log = printer(false);
    log.readings(() => 0, 25, 0);
    assert.equal(log.written.length, 3);
    assert.match(log.written[0]!, /^progress 0\/0 probes \(100%\)/);
  });
});

describe('progress on a terminal', () => {
  test('redraws one bar in place when it changes, and ends its line when the run ends', () => {
    const tty = printer(true);
    tty.readings((second) => Math.floor(second / 2), 4);
    assert.deepEqual(tty.written, [
      '\r[------------------------] 0/200 · findings 0 · inconclusive 0 · ETA …\u001b[K',
      '\r[------------------------] 0/200 · findings 0 · inconclusive 0 · ETA 1m 0s\u001b[K'.replace(
        '0/200',
        '1/200',
      ),
    ]);
    tty.progress.finish();
    assert.equal(tty.written.at(-1), '\n');
  });

  test('writes nothing at the end when it drew nothing', () => {
    const tty = printer(true);
    tty.progress.finish();
    assert.deepEqual(tty.written, []);
  });
});

test('a log line has the counts, the share done and the ETA, without a bar', () => {
  assert.equal(
    formatProgressLine({ done: 3, planned: 12, findings: 1, inconclusive: 2, etaMs: 80_000 }),
    'progress 3/12 probes (25%) · findings 1 · inconclusive 2 · ETA 1m 20s',
  );
});
