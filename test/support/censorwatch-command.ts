// Test helper: the real `censorwatch` command as a child, run to its end without blocking this process (a farm's
// workers may run here meanwhile); killed by its id if it outlives its deadline.
import { spawn } from 'node:child_process';

export interface CommandOutcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCensorwatch(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<CommandOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/censorwatch.js', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
