// After a run: drift on each firmware against its previous run, regressions of a new firmware against the model's previous one; pages, index links, alerts.
import { join, relative } from 'node:path';
import { sendAlert, type AlertEvent, type WebhookSettings } from '../alerts/webhook.ts';
import { logger } from '../log/logger.ts';
import type { IndexChange } from '../report/report-index.ts';
import type { ResultStore } from '../store/result-store.ts';
import { findingsDiffer, type RunComparison } from './compare-runs.ts';
import {
  driftOf,
  regressionOf,
  writeComparisonPages,
  type ComparisonPages,
} from './firmware-diff.ts';
import {
  firmwareUpdatesOf,
  formatFirmwareUpdate,
  type FirmwareUpdate,
} from './firmware-updates.ts';

const log = logger('detect-changes');

/** Where every alert and its delivery are logged, under the reports folder. */
const ALERT_LOG = 'alerts.jsonl';

export interface DetectedChange {
  event: Extract<AlertEvent, 'regression' | 'drift'>;
  firmwareKey: string;
  comparison: RunComparison;
  pages: ComparisonPages;
}

/**
 * For each firmware key of `runId`: drift when its findings differ from its previous run (a
 * filter switched remotely); on a firmware's first run, regressions against the model's
 * firmware run most recently before. Writes the pages and sends an alert for each; and a
 * `firmware-updated` alert for each phone that runs another firmware than before.
 */
export async function detectChanges(options: {
  store: ResultStore;
  runId: string;
  firmwareKeys: readonly string[];
  reportsDir: string;
  webhook?: WebhookSettings | undefined;
}): Promise<{
  changes: DetectedChange[];
  indexLinks: Map<string, IndexChange[]>;
  firmwareUpdates: FirmwareUpdate[];
}> {
  const { store, runId, reportsDir } = options;
  const changes: DetectedChange[] = [];
  for (const firmwareKey of options.firmwareKeys) {
    const drift = await driftOf(store, firmwareKey, runId);
    if (drift && findingsDiffer(drift)) {
      changes.push({
        event: 'drift',
        firmwareKey,
        comparison: drift,
        pages: writeComparisonPages(reportsDir, 'drift', drift),
      });
    }
    // the run has probes on this firmware, so no previous run to drift from = its first run
    const regression = drift === null ? await regressionOf(store, firmwareKey, runId) : null;
    if (regression) {
      const pages = writeComparisonPages(reportsDir, 'diff', regression);
      if (regression.newFindings.length > 0) {
        changes.push({ event: 'regression', firmwareKey, comparison: regression, pages });
      }
    }
  }
  const indexLinks = new Map<string, IndexChange[]>();
  for (const change of changes) {
    const links = indexLinks.get(change.firmwareKey) ?? [];
    links.push({
      kind: change.event,
      href: relative(reportsDir, change.pages.html).split('\\').join('/'),
      label: labelOf(change),
    });
    indexLinks.set(change.firmwareKey, links);
  }
  if (options.webhook) {
    for (const change of changes) {
      await sendAlert(
        options.webhook,
        {
          event: change.event,
          text: `censorwatch: ${labelOf(change)} (${change.comparison.after.firmwareKey}, run ${runId})`,
          details: {
            firmwareKey: change.firmwareKey,
            runId,
            pages: {
              html: relative(reportsDir, change.pages.html),
              markdown: relative(reportsDir, change.pages.markdown),
              json: relative(reportsDir, change.pages.json),
            },
            comparison: change.comparison,
          },
        },
        join(reportsDir, ALERT_LOG),
      );
    }
  }
  const firmwareUpdates = await firmwareUpdatesOf(store, runId);
  for (const update of firmwareUpdates) {
    log.warn({ runId, ...update }, 'firmware updated');
    if (!options.webhook) continue;
    await sendAlert(
      options.webhook,
      {
        event: 'firmware-updated',
        text: `censorwatch: ${formatFirmwareUpdate(update)} (run ${runId})`,
        details: { runId, ...update },
      },
      join(reportsDir, ALERT_LOG),
    );
  }
  if (changes.length > 0) {
    log.warn(
      { runId, changes: changes.map((c) => `${c.event} ${c.firmwareKey}`) },
      'changes detected',
    );
  }
  return { changes, indexLinks, firmwareUpdates };
}

function labelOf(change: DetectedChange): string {
  const c = change.comparison;
  if (change.event === 'regression') {
    return `regression: ${c.newFindings.length} new finding${c.newFindings.length === 1 ? '' : 's'} since ${c.before.firmwareKey}`;
  }
  return `drift, remote switch suspected: ${c.newFindings.length} new, ${c.goneFindings.length} gone, ${c.classChanged.length} changed class since run ${c.before.runId}`;
}
