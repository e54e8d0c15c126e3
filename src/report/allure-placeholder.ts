// Writes an Allure result for a probe the spec never reached, so the report shows it as broken.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProbeResult } from '../store/probe-result.ts';
import { allureLabelsOf } from './allure-labels.ts';

export function writeAllurePlaceholder(dir: string, result: ProbeResult, title: string): void {
  mkdirSync(dir, { recursive: true });
  const uuid = randomUUID();
  const fullName = `${result.firmwareKey} ${title}`;
  const now = Date.now();
  const labels = { ...allureLabelsOf(result), suite: result.firmwareKey };
  writeFileSync(
    join(dir, `${uuid}-result.json`),
    JSON.stringify({
      uuid,
      historyId: createHash('md5').update(`${fullName}#chrome`).digest('hex'),
      name: title,
      fullName,
      status: 'broken',
      statusDetails: { message: `inconclusive(${result.reason}): ${result.detail ?? ''}` },
      stage: 'finished',
      labels: Object.entries(labels).map(([name, value]) => ({ name, value })),
      parameters: [{ name: 'term', value: result.term }],
      start: now,
      stop: now,
    }),
  );
}
