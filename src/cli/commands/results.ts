// `censorwatch results`: a run's probe results, as JSON or a table.
import { settings } from '../../config/settings.ts';
import { InputError } from '../../errors.ts';
import { formatSummaryTable, summariseByFirmware } from '../../report/run-summary.ts';
import { ResultStore } from '../../store/result-store.ts';

export async function resultsCommand(options: { run?: string; json?: boolean }): Promise<void> {
  const store = await ResultStore.open(settings().database);
  try {
    const runId = options.run ?? (await store.latestRun())?.runId;
    if (!runId)
      throw new InputError('E_CONFIG', `no run recorded yet in ${store.location}`, {
        field: '--run',
      });
    if (!(await store.run(runId)))
      throw new InputError('E_CONFIG', `--run: no run with id "${runId}"`, { field: '--run' });
    const results = await store.probesOfRun(runId);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      process.stdout.write(
        `run ${runId}\n${formatSummaryTable(summariseByFirmware(results), {})}\n`,
      );
    }
  } finally {
    await store.close();
  }
}
