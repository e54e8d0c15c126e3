// Preflight: the Debian packages the lab needs, installed with apt-get when running as root.
import { describeFailure, runCommand, type CommandRunner } from '../run-command.ts';
import type { Diagnosis, PreflightCheck } from '../preflight-check.ts';
import { MissingDependencyError } from '../../errors.ts';

const PROBE_TIMEOUT_MS = 20 * 1000;
const APT_TIMEOUT_MS = 20 * 60 * 1000;

export interface DebianPackage {
  /** Debian package name, e.g. `chromium`. */
  name: string;
  /**
   * A command (argument array) whose success shows that what the package provides already works,
   * e.g. `['java', '-version']` when Java came from another package. @defaultValue none: dpkg only
   */
  probe?: readonly [string, ...string[]];
}

export interface DebianPackagesCheckOptions {
  packages: readonly DebianPackage[];
  /** @defaultValue false */
  isOptional?: boolean;
  /** Whether apt-get may be run (only root may). @defaultValue `process.getuid() === 0` */
  isRoot?: boolean;
  /** Runs dpkg-query, the probes and apt-get. @defaultValue runCommand */
  run?: CommandRunner;
  /** Receives apt-get's output while fixing. @defaultValue dropped */
  onOutput?: (chunk: string) => void;
}

/** The line a person runs to install `packages` (`sudo` unless already root). */
export function aptInstallLine(packages: readonly string[], isRoot = false): string {
  return `${isRoot ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
}

/** Package name → dpkg's `db:Status-Status` (e.g. `installed`, `not-installed`, `config-files`). */
export function parseDpkgStatus(output: string): Map<string, string> {
  const statuses = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [name, status] = line.split('\t');
    if (name && status) statuses.set(name.replace(/:[a-z0-9]+$/, ''), status.trim());
  }
  return statuses;
}

/** apt-get update runs once per process, however many checks fix. */
let aptUpdate: Promise<void> | undefined;

export class DebianPackagesCheck implements PreflightCheck {
  readonly name = 'Debian packages';
  readonly isOptional: boolean;
  readonly fix?: () => Promise<void>;
  readonly #packages: readonly DebianPackage[];
  readonly #isRoot: boolean;
  readonly #run: CommandRunner;
  readonly #onOutput: ((chunk: string) => void) | undefined;
  #missing: string[] | undefined;

  constructor(options: DebianPackagesCheckOptions) {
    this.#packages = options.packages;
    this.isOptional = options.isOptional ?? false;
    this.#isRoot = options.isRoot ?? process.getuid?.() === 0;
    this.#run = options.run ?? runCommand;
    this.#onOutput = options.onOutput;
    if (this.#isRoot) this.fix = () => this.#install();
  }

  async diagnose(): Promise<Diagnosis> {
    const names = this.#packages.map((pkg) => pkg.name);
    const query = await this.#run('dpkg-query', [
      '-W',
      '-f=${Package}\t${db:Status-Status}\n',
      ...names,
    ]);
    // dpkg-query exits 1 when a package is unknown, yet still prints the others.
    const statuses = parseDpkgStatus(query.stdout);
    const viaProbe: string[] = [];
    const absent = await Promise.all(
      this.#packages.map(async (pkg) => {
        if (statuses.get(pkg.name) === 'installed') return undefined;
        if (pkg.probe) {
          const [command, ...args] = pkg.probe;
          const probe = await this.#run(command, args, { timeoutMs: PROBE_TIMEOUT_MS });
          if (probe.code === 0) {
            viaProbe.push(`${pkg.name} (\`${pkg.probe.join(' ')}\` works)`);
            return undefined;
          }
        }
        return pkg.name;
      }),
    );
    const missing = absent.filter((name): name is string => name !== undefined);
    this.#missing = missing;
    if (missing.length === 0) {
      const installed = names.filter((name) => statuses.get(name) === 'installed');
      const also = viaProbe.length > 0 ? `; not installed but usable: ${viaProbe.join(', ')}` : '';
      return { ok: true, message: `installed: ${installed.join(', ')}${also}` };
    }
    const why = query.error ? ` (dpkg-query: ${query.error.message})` : '';
    return { ok: false, message: `not installed: ${missing.join(', ')}${why}` };
  }

  fixHint(): string {
    const packages = this.#missing ?? this.#packages.map((pkg) => pkg.name);
    return aptInstallLine(packages, this.#isRoot);
  }

  async #install(): Promise<void> {
    const missing = this.#missing ?? this.#packages.map((pkg) => pkg.name);
    if (missing.length === 0) return;
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = { env, timeoutMs: APT_TIMEOUT_MS, onOutput: this.#onOutput };
    aptUpdate ??= this.#run('apt-get', ['update'], apt).then((result) => {
      if (result.code !== 0) {
        aptUpdate = undefined;
        throw new MissingDependencyError(`apt-get update failed: ${describeFailure(result)}`);
      }
    });
    await aptUpdate;
    const args = ['install', '-y', '--no-install-recommends', ...missing];
    const result = await this.#run('apt-get', args, apt);
    if (result.code !== 0) {
      throw new MissingDependencyError(
        `apt-get install of ${missing.join(', ')} failed: ${describeFailure(result)}`,
      );
    }
  }
}
