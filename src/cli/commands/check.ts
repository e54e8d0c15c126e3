// `censorwatch check`: a targeted check that jumps ahead of nightly work and waits for its verdicts.
import { createHash } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { PROJECT_ROOT, settings } from '../../config/settings.ts';
import { loadConfig } from '../../config/load-config.ts';
import type { DeviceProfile } from '../../devices/device-profile.ts';
import { loadDeviceProfiles } from '../../devices/load-device-profiles.ts';
import { withReferences } from '../../devices/with-references.ts';
import { InputError } from '../../errors.ts';
import { isFinding } from '../../oracle/finding.ts';
import { formatSummaryTable, summariseByFirmware } from '../../report/run-summary.ts';
import { ResultStore } from '../../store/result-store.ts';
import { loadTermList } from '../../terms/load-term-list.ts';
import { chooseControl } from '../../terms/controls/choose-control.ts';
import type { TermList } from '../../terms/term.ts';
import { DEFAULT_PREFIX, type QueueContext } from '../../../queue/queue-context.ts';
import { startRun } from '../../../queue/run-producer.ts';
import { waitForRun } from '../../../queue/wait-for-run.ts';
import { startEmbeddedLab } from '../embedded-lab.ts';
import { EXIT } from '../exit-codes.ts';
import { followRunProgress } from '../run-progress.ts';
import { runBootstrap } from './doctor.ts';

export interface CheckOptions {
  device?: string[];
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
  const profiles = loadDeviceProfiles(options.devices ?? settings().devicesDir);
  // A device's reference device runs beside it, so its findings can be compared.
  const devices = withReferences(chooseDevices(profiles, options.device), profiles);
  const termList = chooseTerms(options);
  const config = loadConfig(resolve(PROJECT_ROOT, 'censorwatch.yaml'));

  let context: QueueContext;
  let store: ResultStore;
  let stop: () => Promise<void>;
  if (options.lab) {
    await runBootstrap();
    const lab = await startEmbeddedLab(devices, config.batchSize);
    ({ context, store } = lab);
    stop = () => lab.stop();
  } else {
    context = { redisUrl: settings().redisUrl ?? 'redis://127.0.0.1:6379', prefix: DEFAULT_PREFIX };
    store = await ResultStore.open(settings().database);
    stop = async () => await store.close();
  }
  try {
    const run = await startRun(context, store, {
      kind: 'check',
      devices,
      termList,
      batchSize: config.batchSize,
      repetition: config.repetition,
    });
    process.stderr.write(
      `check ${run.runId}: ${run.plannedProbes} probes on ${devices.length} device(s)\n`,
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
      process.stdout.write(`${formatSummaryTable(summariseByFirmware(results), links)}\n`);
    }
    const findings = results.filter(isFinding).length;
    process.exitCode = findings > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    await stop();
  }
}

function chooseDevices(all: DeviceProfile[], ids: string[] | undefined): DeviceProfile[] {
  if (!ids || ids.length === 0) return all;
  const unknown = ids.filter((id) => !all.some((d) => d.id === id));
  if (unknown.length > 0) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `--device names unknown device(s): ${unknown.join(', ')}; known: ${all.map((d) => d.id).join(', ')}`,
      { field: '--device' },
    );
  }
  return all.filter((d) => ids.includes(d.id));
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
  const text = options.term;
  const control = options.control ?? chooseControl(text, options.language);
  return {
    name: 'command line',
    file: '(command line)',
    sha256: createHash('sha256').update(`${text}\u0000${control}`).digest('hex'),
    terms: [
      {
        id: 'cli-term',
        text,
        language: options.language,
        category: 'targeted-check',
        source: 'command line',
        licence: 'unspecified',
        control,
        controlSource: options.control ? 'list' : 'chosen',
      },
    ],
  };
}
