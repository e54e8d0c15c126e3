// Prints a run's progress to fit its output: a bar redrawn in place on a terminal, a plain line every 10 s or 5 % in a log.
import { formatProgressBar, formatProgressLine, type RunProgress } from './progress.ts';

/** In a log, a line at least this often while the run goes on. */
export const LOG_INTERVAL_MS = 10 * 1000;
/** In a log, a line each time the run passes another this many percent of its planned probes. */
export const LOG_STEP_PERCENT = 5;

export interface ProgressPrinterOptions {
  /** Where the progress goes (the CLI passes standard error's write). */
  write: (text: string) => void;
  /**
   * Whether `write` goes to a terminal. A terminal gets one bar redrawn in place (`\r`, erase to
   * the end of the line); anything else (CI, a log file, cron) gets plain lines, no control codes.
   */
  tty: boolean;
  /** The clock. @defaultValue `Date.now` */
  now?: () => number;
  /** Not a terminal: the longest time between two lines. @defaultValue {@link LOG_INTERVAL_MS} */
  intervalMs?: number;
  /** Not a terminal: a line each time this many percent more probes are done. @defaultValue {@link LOG_STEP_PERCENT} */
  stepPercent?: number;
}

/** Takes each new reading of a run's progress and decides what, if anything, to print. */
export class ProgressPrinter {
  readonly #write: (text: string) => void;
  readonly #tty: boolean;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #stepPercent: number;
  /** The latest reading, and whether it has been printed. */
  #latest: { progress: RunProgress; printed: boolean } | null = null;
  /** Terminal: the bar on screen. */
  #drawn = '';
  /** Log: when the last line was printed and which step it was in. */
  #lastLine: { at: number; step: number } | null = null;

  constructor(options: ProgressPrinterOptions) {
    this.#write = options.write;
    this.#tty = options.tty;
    this.#now = options.now ?? Date.now;
    this.#intervalMs = options.intervalMs ?? LOG_INTERVAL_MS;
    this.#stepPercent = options.stepPercent ?? LOG_STEP_PERCENT;
  }

  /** A new reading: a terminal's bar is redrawn when it changed; a log gets a line when one is due. */
  update(progress: RunProgress): void {
    this.#latest = { progress, printed: false };
    if (this.#tty) {
      const bar = formatProgressBar(progress);
      if (bar !== this.#drawn) this.#write(`\r${bar}\u001b[K`);
      this.#drawn = bar;
      this.#latest.printed = true;
      return;
    }
    const now = this.#now();
    const step = this.#stepOf(progress);
    const last = this.#lastLine;
    if (last === null || now - last.at >= this.#intervalMs || step > last.step)
      this.#printLine(now);
  }

  /** The run ended: a terminal's bar gets its line ended; a log gets the latest reading if it has not had it. */
  finish(): void {
    if (this.#tty) {
      if (this.#drawn !== '') this.#write('\n');
      this.#drawn = '';
      return;
    }
    if (this.#latest && !this.#latest.printed) this.#printLine(this.#now());
  }

  #printLine(now: number): void {
    const latest = this.#latest!;
    this.#write(`${formatProgressLine(latest.progress)}\n`);
    latest.printed = true;
    this.#lastLine = { at: now, step: this.#stepOf(latest.progress) };
  }

  /** How many whole steps of the planned probes are done (0 while nothing is planned). */
  #stepOf(progress: RunProgress): number {
    if (progress.planned <= 0) return 0;
    return Math.floor((progress.done * 100) / (progress.planned * this.#stepPercent));
  }
}
