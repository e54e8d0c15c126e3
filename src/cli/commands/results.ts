// `censorwatch results`: a run's probe results, as JSON, CSV or a table.
import { settings } from '../../config/settings.ts';
import { InputError } from '../../errors.ts';
import { toCsv } from '../../report/export-csv.ts';
import { formatSummaryTable, summariseByFirmware } from '../../report/run-summary.ts';
import { ResultStore } from '../../store/result-store.ts';

export async function resultsCommand(options: {
  run?: string;
  json?: boolean;
  csv?: boolean;
}): Promise<void> {
  if (options.json && options.csv) {
    throw new InputError('E_CONFIG', '--json and --csv: choose one format', { field: '--csv' });
  }
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
    } else if (options.csv) {
      process.stdout.write(toCsv(results));
    } else {
      process.stdout.write(
        `run ${runId}\n${formatSummaryTable(summariseByFirmware(results), {})}\n`,
      );
    }
  } finally {
    await store.close();
  }
}
