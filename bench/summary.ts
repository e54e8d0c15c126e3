// The last step of `npm run bench`: the five figures of reports/bench/bench.json as one table, each against its goal.
import { readBench } from './bench-file.ts';

type Figures = Record<string, Record<string, unknown> | undefined>;
const bench = readBench() as Figures & { measuredAt?: string; machine?: string };
const num = (section: string, field: string, sub?: string): number | null => {
  const holder = sub
    ? (bench[section]?.[sub] as Record<string, unknown> | undefined)
    : bench[section];
  const value = holder?.[field];
  return typeof value === 'number' ? value : null;
};
const show = (value: number | null, digits = 3) =>
  value === null ? 'not measured' : value.toFixed(digits);

/** [figure, measured, goal, met] */
const rows: [string, string, string, boolean | null][] = [];
for (const variant of ['mask', 'block', 'combination']) {
  const perTerm = num('screening', 'probesPerTerm', variant);
  const recall = num('screening', 'recall', variant);
  const falseFindings = num('screening', 'falseFindings', variant);
  const where = (bench.screening?.[variant] as { firmware?: string } | undefined)?.firmware;
  const goal = variant === 'mask' ? 0.05 : variant === 'block' ? 0.2 : null;
  rows.push([
    `screening ${variant}: probes per term${where ? ` (${where})` : ''}`,
    show(perTerm),
    goal === null ? '-' : `≤ ${goal}`,
    perTerm === null || goal === null ? null : perTerm <= goal,
  ]);
  rows.push([
    `screening ${variant}: recall, false findings`,
    recall === null ? 'not measured' : `${(recall * 100).toFixed(0)} %, ${falseFindings}`,
    '100 %, 0',
    recall === null ? null : recall === 1 && falseFindings === 0,
  ]);
  const wall = num('screening', 'wallRatio', variant);
  if (wall !== null)
    rows.push([`screening ${variant}: wall time against one by one`, show(wall), '-', null]);
}
const ratioRow = (label: string, value: number | null, goal: string, met: (v: number) => boolean) =>
  rows.push([label, show(value), goal, value === null ? null : met(value)]);
ratioRow(
  'harness per probe against a raw WebdriverIO loop',
  num('perProbe', 'ratio'),
  '≤ 1.10',
  (v) => v <= 1.1,
);
ratioRow('throughput of 2 lab phones against 1', num('phones', 'ratio'), '≥ 1.7', (v) => v >= 1.7);
ratioRow(
  'report compile against bare allure generate',
  num('report', 'ratio'),
  '≤ 1.2',
  (v) => v <= 1.2,
);
ratioRow(
  'worker RSS growth over 10,000 probes',
  num('memory', 'growth'),
  '≤ 0.10',
  (v) => v <= 0.1,
);

const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(
  [
    '',
    `npm run bench — reports/bench/bench.json (${bench.machine ?? 'machine unknown'})`,
    ...rows.map(
      ([label, value, goal, met]) =>
        `${label.padEnd(width)}  ${value.padStart(12)}  ${goal.padEnd(8)}  ${met === null ? '' : met ? 'met' : 'NOT met'}`,
    ),
    '',
  ].join('\n'),
);
