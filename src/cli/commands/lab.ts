// `censorwatch lab`: the whole pipeline on this machine, with lab phones instead of phones.
import { dirname, relative, resolve } from 'node:path';
import { ApiServer } from '../../api/api-server.ts';
import { loadConfig } from '../../config/load-config.ts';
import { PROJECT_ROOT, settings } from '../../config/settings.ts';
import { isLabPhone } from '../../devices/device-profile.ts';
import { loadServedProfiles } from '../../targets/served-profiles.ts';
import { InputError } from '../../errors.ts';
import { formatSummaryTable, summariseByFirmware } from '../../report/run-summary.ts';
import { loadTermList } from '../../terms/load-term-list.ts';
import { startRun } from '../../../queue/run-producer.ts';
import { waitForRun } from '../../../queue/wait-for-run.ts';
import { startEmbeddedLab } from '../embedded-lab.ts';
import { followRunProgress } from '../../progress/follow-run.ts';
import { runBootstrap } from './doctor.ts';

const RUN_TIMEOUT_MS = 60 * 60 * 1000;

export interface LabOptions {
  terms: string;
  devices?: string;
  serve?: boolean;
}

export async function labCommand(options: LabOptions): Promise<void> {
  const devices = loadServedProfiles(options.devices ?? settings().devicesDir).filter(isLabPhone);
  if (devices.length === 0) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `no lab phone (profile with a \`lab\` section) in ${options.devices ?? settings().devicesDir}`,
    );
  }
  const termList = loadTermList(options.terms);
  const config = loadConfig(resolve(PROJECT_ROOT, 'censorwatch.yaml'));
  await runBootstrap();
  process.stdout.write(
    `censorwatch lab: ${termList.terms.length} terms (${termList.name}, sha256 ${termList.sha256.slice(0, 12)}) on ${devices.length} lab phones\n`,
  );
  const lab = await startEmbeddedLab(devices, config.batchSize, { webhook: config.webhook });
  const { reportsDir } = settings();
  // the testers' page and API, without a token: it listens on loopback only
  const api = new ApiServer({
    context: lab.context,
    store: lab.store,
    profiles: devices,
    reportsDir,
    termsDir: dirname(resolve(options.terms)),
    batchSize: config.batchSize,
    repetition: config.repetition,
    auth: 'off',
  });
  try {
    const apiUrl = await api.start();
    process.stdout.write(`page and API: ${apiUrl}/ (no token: loopback only)\n`);
    const run = await startRun(lab.context, lab.store, {
      kind: 'nightly',
      devices,
      termList,
      batchSize: config.batchSize,
      repetition: config.repetition,
      startedBy: 'lab',
    });
    process.stdout.write(
      `run ${run.runId}: ${run.plannedProbes} probes in ${run.batches} batches\n`,
    );
    const stopProgress = followRunProgress(lab.store, run.runId, run.plannedProbes);
    const compiled = await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS).finally(
      stopProgress,
    );
    const results = await lab.store.probesOfRun(run.runId);
    if (options.serve) {
      const url = `${apiUrl}/reports`;
      const links = Object.fromEntries(
        compiled.reports.map((r) => [r.firmwareKey, `${url}/${relative(reportsDir, r.indexFile)}`]),
      );
      process.stdout.write(
        `\n${formatSummaryTable(summariseByFirmware(results), links, compiled.firmwareUpdates)}\n`,
      );
      process.stdout.write(
        `index: ${url}/index.html — page: ${apiUrl}/ — the lab and its phones stay up for checks until Ctrl-C\n`,
      );
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
    } else {
      const links = Object.fromEntries(
        compiled.reports.map((r) => [r.firmwareKey, relative(process.cwd(), r.indexFile)]),
      );
      process.stdout.write(
        `\n${formatSummaryTable(summariseByFirmware(results), links, compiled.firmwareUpdates)}\n`,
      );
      process.stdout.write(
        `index: ${relative(process.cwd(), compiled.indexFile)}\nAllure reports need HTTP: run \`npx censorwatch serve\` and open the URL it prints.\n`,
      );
    }
  } finally {
    await api.stop();
    await lab.stop();
  }
}
