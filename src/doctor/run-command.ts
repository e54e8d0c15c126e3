// Runs a short command to completion (argument array, no shell) and collects what it printed.
import { spawn } from 'node:child_process';

const RUN_TIMEOUT_MS = 60 * 1000;
const MAX_OUTPUT_CHARS = 256 * 1024;

export interface CommandResult {
  /** Exit code; null when killed by a signal or when it could not be started. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it could not be started or finished (e.g. ENOENT, timeout), when it could not. */
  error: Error | undefined;
}

export interface RunCommandOptions {
  /** Environment of the command. @defaultValue the parent's environment */
  env?: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) after this long. @defaultValue 60 s */
  timeoutMs?: number;
  /** Called with each chunk of stdout and stderr as it arrives, e.g. to show apt-get's progress. */
  onOutput?: (chunk: string) => void;
}

/** How a command's runner is called; checks take one so their tests can pass a fake. */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options?: RunCommandOptions,
) => Promise<CommandResult>;

/** Runs `command` with `args`; never rejects: failures are in the result. */
export const runCommand: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let error: Error | undefined;
    const child = spawn(command, [...args], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Our own timer, not spawn's `timeout`: Node leaves that one running when the spawn fails
    // (ENOENT), which kept the caller's process alive for the whole timeout.
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? RUN_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT_CHARS) stdout += chunk;
      options.onOutput?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT_CHARS) stderr += chunk;
      options.onOutput?.(chunk);
    });
    child.once('error', (cause) => {
      error = cause;
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (signal && !error) error = new Error(`\`${command}\` was killed by ${signal}`);
      resolve({ code, stdout, stderr, error });
    });
  });

/** A one-line account of a failed command for a diagnosis message. */
export function describeFailure(result: CommandResult): string {
  if (result.error) return result.error.message;
  const lastLine = (result.stderr.trim() || result.stdout.trim()).split('\n').at(-1) ?? '';
  return `exit code ${result.code}${lastLine ? `: ${lastLine}` : ''}`;
}
