// Rewrites the Allure status of probes whose verdict changed after their spec ran (reference comparison).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProbeResult } from '../store/probe-result.ts';

interface AllureResultFile {
  status: string;
  statusDetails?: { message?: string; trace?: string };
  labels?: { name: string; value: string }[];
}

/** Returns how many result files were rewritten; results are found by their `probeId` label. */
export function restatusAllureResults(
  resultsDirs: readonly string[],
  changed: readonly ProbeResult[],
): number {
  const byProbe = new Map(changed.map((result) => [result.probeId, result]));
  let rewritten = 0;
  for (const dir of resultsDirs) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('-result.json'))) {
      const file = join(dir, name);
      const allure = JSON.parse(readFileSync(file, 'utf8')) as AllureResultFile;
      const probeId = allure.labels?.find((l) => l.name === 'probeId')?.value;
      const result = probeId ? byProbe.get(probeId) : undefined;
      if (!result || result.verdict !== 'inconclusive') continue;
      allure.status = 'broken';
      allure.statusDetails = { message: `inconclusive(${result.reason}): ${result.detail ?? ''}` };
      allure.labels = allure.labels?.map((l) =>
        l.name === 'verdict' ? { ...l, value: result.verdict } : l,
      );
      writeFileSync(file, JSON.stringify(allure));
      rewritten += 1;
    }
  }
  return rewritten;
}
