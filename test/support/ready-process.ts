// Test helper: a long-lived child (a farm, a device worker) started and waited for until its output says it is
// ready; its output is kept, and it fails at once, with that output, if it exits first. The caller stops it by id.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ReadyProcess {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr together. */
  output(): string;
}

export async function startReadyProcess(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; ready: string; started?: (child: ChildProcess) => void },
): Promise<ReadyProcess> {
  const child = spawn(command, [...args], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  options.started?.(child);
  let output = '';
  await new Promise<void>((ready, failed) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(options.ready)) ready();
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => failed(new Error(`${args.join(' ')} exited ${code}: ${output}`)));
  });
  return { child, output: () => output };
}
