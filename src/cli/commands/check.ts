// `censorwatch check`: a targeted check that jumps ahead of nightly work and waits for its verdicts.
import { userInfo } from 'node:os';
import { relative, resolve } from 'node:path';
import { PROJECT_ROOT, settings } from '../../config/settings.ts';
import { loadConfig } from '../../config/load-config.ts';
import { loadServedProfiles } from '../../targets/served-profiles.ts';
import { withReferences } from '../../devices/with-references.ts';
import { InputError } from '../../errors.ts';
import { isFinding } from '../../oracle/finding.ts';
import { chooseDevices, pastedTermList, startCheck } from '../../../queue/targeted-check.ts';
import { formatSummaryTable, summariseByFirmware } from '../../report/run-summary.ts';
import { ResultStore } from '../../store/result-store.ts';
import { loadTermList } from '../../terms/load-term-list.ts';
import type { TermList } from '../../terms/term.ts';
import type { QueueContext } from '../../../queue/queue-context.ts';
import { waitForRun } from '../../../queue/wait-for-run.ts';
import { startEmbeddedLab } from '../embedded-lab.ts';
import { EXIT } from '../exit-codes.ts';
import { followRunProgress } from '../../progress/follow-run.ts';
import { runBootstrap } from './doctor.ts';

export interface CheckOptions {
  device?: string[];
  /** Target apps to check on the chosen phones (default: all of theirs). */
  target?: string[];
  terms?: string;
  term?: string;
  control?: string;
  language: string;
  devices?: string;
  lab?: boolean;
  json?: boolean;
  timeout: string;
}

export async function checkCommand(options: CheckOptions): Promise<void> {
  const timeoutMinutes = Number(options.timeout);
  if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0) {
    throw new InputError(
      'E_CONFIG',
      `--timeout must be a number of minutes > 0, got "${options.timeout}"`,
      { field: '--timeout' },
    );
  }
  const profiles = loadServedProfiles(options.devices ?? settings().devicesDir);
  const chosen = chooseDevices(profiles, options.device, options.target, {
    devices: '--device',
    targets: '--target',
  });
  const termList = chooseTerms(options);
  const config = loadConfig(resolve(PROJECT_ROOT, 'censorwatch.yaml'));

  let context: QueueContext;
  let store: ResultStore;
  let stop: () => Promise<void>;
  if (options.lab) {
    await runBootstrap();
    const lab = await startEmbeddedLab(withReferences(chosen, profiles), config.batchSize);
    ({ context, store } = lab);
    stop = () => lab.stop();
  } else {
    context = {
      redisUrl: settings().redisUrl ?? 'redis://127.0.0.1:6379',
      prefix: settings().queuePrefix,
    };
    store = await ResultStore.open(settings().database);
    stop = async () => await store.close();
  }
  try {
    const run = await startCheck(context, store, {
      chosen,
      profiles,
      termList,
      batchSize: config.batchSize,
      repetition: config.repetition,
      startedBy: `cli:${userName()}`,
    });
    process.stderr.write(
      `check ${run.runId}: ${run.plannedProbes} probes on ${run.deviceIds.join(', ')}${run.deduplicated ? ' (an identical check was already queued: following it)' : ''}\n`,
    );
    const stopProgress = followRunProgress(store, run.runId, run.plannedProbes);
    const compiled = await waitForRun(context, run.parentJobId, timeoutMinutes * 60 * 1000).finally(
      stopProgress,
    );
    const results = await store.probesOfRun(run.runId);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      const links = Object.fromEntries(
        compiled.reports.map((r) => [r.firmwareKey, relative(process.cwd(), r.indexFile)]),
      );
      process.stdout.write(
        `${formatSummaryTable(summariseByFirmware(results), links, compiled.firmwareUpdates)}\n`,
      );
    }
    const findings = results.filter(isFinding).length;
    process.exitCode = findings > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    await stop();
  }
}

function chooseTerms(options: CheckOptions): TermList {
  if (options.terms && options.term) {
    throw new InputError('E_TERM_LIST', 'give either --terms <file> or --term <text>, not both', {
      field: '--term',
    });
  }
  if (options.terms) return loadTermList(options.terms);
  if (!options.term) {
    throw new InputError('E_TERM_LIST', 'a check needs --terms <file> or --term <text>', {
      field: '--term',
    });
  }
  return pastedTermList(
    [
      {
        text: options.term,
        language: options.language,
        ...(options.control ? { control: options.control } : {}),
      },
    ],
    'command line',
    '--term',
  );
}

/** The user running the command, as the run records it; a user with no passwd entry (a container) by $USER. */
function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}
