// `censorwatch bootstrap` and `censorwatch doctor`: preflight checks, with and without fixing.
import { labChecks } from '../../doctor/lab-checks.ts';
import { runChecks } from '../../doctor/run-checks.ts';

/** Installs what is missing (Debian packages only as root), or throws naming what to install. */
export async function runBootstrap(): Promise<void> {
  await runChecks(labChecks(), { fix: true, log: (line) => process.stderr.write(`${line}\n`) });
}

export async function bootstrapCommand(): Promise<void> {
  await runBootstrap();
  process.stdout.write('bootstrap: everything the lab needs is in place\n');
}

export async function doctorCommand(): Promise<void> {
  await runChecks(labChecks(), { fix: false, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write('doctor: all checks passed\n');
}
