// Preflight: a Java runtime on PATH (the Allure command line runs on it).
import { describeFailure, runCommand, type CommandRunner } from '../run-command.ts';
import type { Diagnosis, PreflightCheck } from '../preflight-check.ts';
import { aptInstallLine } from './debian-packages-check.ts';

const JAVA_TIMEOUT_MS = 20 * 1000;

export interface JavaCheckOptions {
  /** @defaultValue false */
  isOptional?: boolean;
  /** @defaultValue runCommand */
  run?: CommandRunner;
}

export class JavaCheck implements PreflightCheck {
  readonly name = 'Java on PATH';
  readonly isOptional: boolean;
  readonly #run: CommandRunner;

  constructor(options: JavaCheckOptions = {}) {
    this.isOptional = options.isOptional ?? false;
    this.#run = options.run ?? runCommand;
  }

  async diagnose(): Promise<Diagnosis> {
    const result = await this.#run('java', ['-version'], { timeoutMs: JAVA_TIMEOUT_MS });
    if (result.code !== 0)
      return { ok: false, message: `\`java -version\` failed: ${describeFailure(result)}` };
    // java prints its version on stderr.
    const version = (result.stderr.trim() || result.stdout.trim()).split('\n')[0] ?? 'java';
    return { ok: true, message: version };
  }

  fixHint(): string {
    return aptInstallLine(['default-jre-headless'], process.getuid?.() === 0);
  }
}
