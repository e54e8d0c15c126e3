// One child process owned by one object: spawned from an argument array, ready on a condition, stopped with its whole process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { MissingDependencyError, ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';

const log = logger('owned-process');

const READY_TIMEOUT_MS = 30 * 1000;
const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5 * 1000;
const TAIL_LINES = 40;
const MAX_PARTIAL_LINE_CHARS = 8 * 1024;
/** Shell convention: 128 + signal number. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface OwnedProcessOptions {
  /** Name used in logs and error messages, e.g. `redis-server`. */
  name: string;
  /** Executable (looked up on PATH). Never run through a shell. */
  command: string;
  /** Arguments, passed as they are. @defaultValue `[]` */
  args?: readonly string[];
  /** Environment of the child. @defaultValue the parent's environment */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the child. @defaultValue the parent's */
  cwd?: string;
  /** Polled until it resolves true: the child is ready then. @defaultValue ready once spawned */
  isReady?: () => Promise<boolean>;
  /** How long the child has to become ready. @defaultValue 30 s */
  readyTimeoutMs?: number;
  /** Pause between two readiness polls. @defaultValue 100 ms */
  pollIntervalMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. @defaultValue 5 s */
  stopGraceMs?: number;
  /** How many last lines of output (stdout and stderr) are kept for error messages. @defaultValue 40 */
  tailLines?: number;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Every started, not yet stopped OwnedProcess: stopped on exit, SIGINT and SIGTERM. */
const live = new Set<OwnedProcess>();
let hooksInstalled = false;

export class OwnedProcess {
  readonly #options: Required<Omit<OwnedProcessOptions, 'env' | 'cwd'>> &
    Pick<OwnedProcessOptions, 'env' | 'cwd'>;
  #child: ChildProcess | undefined;
  #exited: Promise<ExitStatus> | undefined;
  #exit: ExitStatus | undefined;
  #stopping: Promise<void> | undefined;
  readonly #tail: string[] = [];
  readonly #partial = { stdout: '', stderr: '' };

  constructor(options: OwnedProcessOptions) {
    this.#options = {
      args: [],
      isReady: async () => true,
      readyTimeoutMs: READY_TIMEOUT_MS,
      pollIntervalMs: POLL_INTERVAL_MS,
      stopGraceMs: STOP_GRACE_MS,
      tailLines: TAIL_LINES,
      ...options,
    };
  }

  get name(): string {
    return this.#options.name;
  }

  /** Pid of the child (also its process group id), once spawned. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** True from a successful spawn until the child exits. */
  get isRunning(): boolean {
    return this.#child?.pid !== undefined && this.#exit === undefined;
  }

  /** Resolves with the exit code and signal once the child has exited (after `start()`). */
  get exited(): Promise<ExitStatus> {
    if (!this.#exited) throw new ServiceError(`${this.name} was never started`);
    return this.#exited;
  }

  /** The last lines the child wrote to stdout and stderr, for error messages. */
  get outputTail(): string {
    const pending = [this.#partial.stdout, this.#partial.stderr].filter((line) => line !== '');
    return [...this.#tail, ...pending].join('\n');
  }

  /**
   * Spawns the child in its own process group and waits until `isReady` says so.
   * @throws MissingDependencyError when the executable does not exist
   * @throws ServiceError (with the output tail) when the child exits early or is not ready in time
   */
  async start(): Promise<void> {
    if (this.#child) throw new ServiceError(`${this.name} was already started`);
    installExitHooks();
    const { command, args, env, cwd } = this.#options;
    const child = spawn(command, [...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
      cwd,
    });
    this.#child = child;
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        live.delete(this);
        log.debug({ name: this.name, pid: child.pid, code, signal }, 'exited');
        resolve(this.#exit);
      });
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.#record('stdout', chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.#record('stderr', chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new MissingDependencyError(
          `${this.name}: executable \`${command}\` not found (${reason})`,
          {
            cause: error,
          },
        );
      }
      throw new ServiceError(`${this.name}: could not start \`${command}\`: ${reason}`, {
        cause: error,
      });
    }
    child.on('error', (error) => log.warn({ name: this.name, err: error }, 'child process error'));
    live.add(this);
    log.debug({ name: this.name, pid: child.pid, command, args }, 'started');
    try {
      await this.#waitUntilReady();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** SIGTERM to the whole process group, SIGKILL after the grace period; idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#terminate();
    return this.#stopping;
  }

  /** SIGKILL to the whole process group, now and synchronously: the last resort on exit. */
  kill(): void {
    const pid = this.#child?.pid;
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    live.delete(this);
  }

  async #terminate(): Promise<void> {
    const pid = this.#child?.pid;
    const exited = this.#exited;
    if (pid === undefined || exited === undefined) return;
    if (this.#exit === undefined) {
      signalGroup(pid, 'SIGTERM');
      const abort = new AbortController();
      const inTime = await Promise.race([
        exited.then(() => true),
        delay(this.#options.stopGraceMs, false, { signal: abort.signal }),
      ]);
      abort.abort();
      if (!inTime) {
        log.warn(
          { name: this.name, pid },
          `no exit ${this.#options.stopGraceMs} ms after SIGTERM: SIGKILL`,
        );
        signalGroup(pid, 'SIGKILL');
        await exited;
      }
    }
    // The leader is gone; anything it left in its group (chromedriver, chromium) goes too.
    signalGroup(pid, 'SIGKILL');
    live.delete(this);
    log.debug({ name: this.name, pid }, 'stopped');
  }

  async #waitUntilReady(): Promise<void> {
    const { isReady, readyTimeoutMs, pollIntervalMs } = this.#options;
    const exited = this.#exited!.then(() => false);
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (this.#exit)
        throw this.#failure(`exited before it was ready (${describeExit(this.#exit)})`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw this.#failure(`was not ready within ${readyTimeoutMs} ms`);
      const tick = new AbortController();
      try {
        const ready = await Promise.race([
          isReady().catch(() => false),
          exited,
          delay(remaining, false, { signal: tick.signal }),
        ]);
        if (ready && !this.#exit) return;
        const pause = Math.min(pollIntervalMs, Math.max(0, deadline - Date.now()));
        await Promise.race([exited, delay(pause, false, { signal: tick.signal })]);
      } finally {
        tick.abort();
      }
    }
  }

  #failure(what: string): ServiceError {
    const tail = this.outputTail;
    return new ServiceError(`${this.name} ${what}; last output:\n${tail === '' ? '(none)' : tail}`);
  }

  #record(stream: 'stdout' | 'stderr', chunk: string): void {
    const lines = (this.#partial[stream] + chunk).split(/\r?\n/);
    let partial = lines.pop() ?? '';
    if (partial.length > MAX_PARTIAL_LINE_CHARS) {
      lines.push(partial);
      partial = '';
    }
    this.#partial[stream] = partial;
    for (const line of lines) {
      this.#tail.push(line);
      if (this.#tail.length > this.#options.tailLines) this.#tail.shift();
    }
  }
}

/** Stops every live OwnedProcess (all at once), e.g. before the process exits on a signal. */
export async function stopAllOwnedProcesses(): Promise<void> {
  await Promise.allSettled([...live].map((owned) => owned.stop()));
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function describeExit(exit: ExitStatus): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const owned of live) owned.kill();
  });
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) {
    // Prepended so that an application's own `once` handler still counts when we look.
    process.prependListener(signal, () => void onSignal(signal));
  }
}

async function onSignal(signal: HandledSignal): Promise<void> {
  // An application that listens for the signal owns its shutdown; 'exit' still kills what is left.
  if (process.listenerCount(signal) > 1) return;
  log.info({ signal, processes: live.size }, 'stopping owned processes');
  await stopAllOwnedProcesses();
  process.exit(SIGNAL_EXIT_CODES[signal]);
}
