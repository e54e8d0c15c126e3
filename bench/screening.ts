// `npm run bench:screening`: a generated list with 2 % planted, screened in groups against one term one probe, in three variants (masked per term, blocked all or nothing, two combinations).
//
// By default the firmware is the simulated censor of the unit tests (probe counts, recall, false
// findings at list scale in seconds); `--lab` types every payload on a lab phone (real Chromium
// and the lab firmware reading a vendor list made of the planted terms) and times it. Usage:
// `npm run bench:screening -- [--lab] [--terms 2000] [--variant mask|block|combination]...`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { round, runBenchBatch } from './bench-batch.ts';
import { readBench, writeBenchFigures } from './bench-file.ts';
import { startLabPhone } from './lab-phone.ts';
import type { VendorRule } from '../src/lab/vendor-list.ts';
import { isFinding } from '../src/oracle/finding.ts';
import type { ProbeDriver } from '../src/probe/probe-driver.ts';
import { percentEncodedBytes } from '../src/screening/payload-measure.ts';
import type { ScreenOptions } from '../src/screening/screen-terms.ts';
import type { ProbeResult } from '../src/store/probe-result.ts';
import type { Term } from '../src/terms/term.ts';
import {
  CensorDriver,
  SimulatedCensor,
  type CensorRule,
} from '../test/unit/screening/simulated-censor.ts';

const VARIANTS = ['mask', 'block', 'combination'] as const;
type Variant = (typeof VARIANTS)[number];

const { values } = parseArgs({
  options: {
    lab: { type: 'boolean', default: false },
    terms: { type: 'string', default: '2000' },
    variant: { type: 'string', multiple: true },
    'max-members': { type: 'string', default: '50' },
  },
});
const TERMS = Number(values.terms);
const MAX_MEMBERS = Number(values['max-members']);
const chosen = (values.variant ?? [...VARIANTS]) as Variant[];
for (const [name, value, min] of [
  ['--terms', TERMS, 100],
  ['--max-members', MAX_MEMBERS, 2],
] as const) {
  if (!(Number.isInteger(value) && value >= min)) {
    process.stderr.write(`bench:screening: ${name} must be a whole number >= ${min}\n`);
    process.exit(2);
  }
}
for (const variant of chosen) {
  if (!VARIANTS.includes(variant)) {
    process.stderr.write(
      `bench:screening: --variant must be one of ${VARIANTS.join(', ')}, got "${variant}"\n`,
    );
    process.exit(2);
  }
}

/** Share of the list planted, as the lists: 2 %. */
const PLANTED_SHARE = 0.02;
const SCREENING: ScreenOptions = {
  measure: percentEncodedBytes,
  limit: 8000,
  maxMembers: MAX_MEMBERS,
};

interface Scenario {
  terms: Term[];
  /** What a finding must be: term text → verdict. */
  expected: Map<string, string>;
  /** Planted singles and combinations. */
  planted: number;
  censor: CensorRule[];
  vendor: VendorRule[];
}

/** Benign generated terms with `planted` of them sensitive, spread over the list. */
function scenarioOf(variant: Variant, n: number): Scenario {
  const count = Math.round(n * PLANTED_SHARE);
  const step = Math.floor(n / count);
  const text = new Map<number, string>();
  for (let k = 0; k < count; k += 1) text.set(k * step + (k % step), `planted ${k} mark`);
  const expected = new Map<string, string>();
  const censor: CensorRule[] = [];
  const vendor: VendorRule[] = [];
  const singles = [...text.values()];
  if (variant === 'mask') {
    for (const keyword of singles) {
      censor.push({ keyword, action: 'mask' });
      expected.set(keyword, 'masked');
    }
    vendor.push({ action: 'mask', terms: singles });
  } else {
    for (const keyword of singles) {
      censor.push({ keyword, action: 'block' });
      expected.set(keyword, 'blocked');
    }
    vendor.push({ action: 'block', terms: singles });
  }
  if (variant === 'combination') {
    // two combinations, each of two terms that pass alone, in the same stretch of the list
    for (const [k, at] of [0.25, 0.7].entries()) {
      const first = Math.floor(n * at) + 1;
      const parts = [`alpha ${k} part`, `omega ${k} part`];
      text.set(first, parts[0]!);
      text.set(first + 7, parts[1]!);
      censor.push({ combination: parts, action: 'block' });
      vendor.push({ action: 'block', all: parts });
      expected.set(parts.join(' + '), 'blocked');
    }
  }
  const terms = Array.from({ length: n }, (_, i) => ({
    id: `g${String(i).padStart(5, '0')}`,
    text: text.get(i) ?? `calm lake ${i} shore`,
    language: 'en',
    category: 'generated',
    source: 'bench:screening',
    licence: 'CC0-1.0',
    control: `green hill ${i} path`,
  }));
  return { terms, expected, planted: expected.size, censor, vendor };
}

/** Probes a batch typed: a group beside its group control, a term beside its control per attempt, a run check. */
function probesOf(results: readonly ProbeResult[]): number {
  return results.reduce((n, r) => {
    if (r.clearedBy || r.role === 'control' || r.role === 'group-control') return n;
    return n + Math.max(1, r.attempts.length);
  }, 0);
}

interface Measured {
  results: ProbeResult[];
  probes: number;
  seconds: number;
}

async function measure(
  scenario: Scenario,
  screening: ScreenOptions | undefined,
  driver: ProbeDriver,
): Promise<Measured> {
  const { results, seconds } = await runBenchBatch(scenario.terms, driver, {
    ...(screening ? { screening } : {}),
  });
  return { results, probes: probesOf(results), seconds };
}

function score(scenario: Scenario, results: readonly ProbeResult[]) {
  const found = new Map(results.filter(isFinding).map((r) => [r.term, r.verdict] as const));
  const hits = [...scenario.expected].filter(([text, verdict]) => found.get(text) === verdict);
  const falseFindings = [...found.keys()].filter((text) => !scenario.expected.has(text));
  return {
    recall: hits.length / scenario.expected.size,
    falseFindings: falseFindings.length,
    missed: [...scenario.expected.keys()].filter((t) => !hits.some(([h]) => h === t)),
    falseTexts: falseFindings,
  };
}

const work = mkdtempSync(join(tmpdir(), 'cw-bench-screening-'));
const lab = values.lab ? await startLabPhone(work) : null;
const screening: Record<string, unknown> = {};
const lines: string[] = [];
let failed = false;
try {
  for (const variant of chosen) {
    const scenario = scenarioOf(variant, TERMS);
    const driverOf = () =>
      lab
        ? lab.driver(scenario.vendor)
        : new CensorDriver(new SimulatedCensor({ rules: scenario.censor }));
    process.stderr.write(
      `bench:screening: ${variant}, ${TERMS} terms, ${scenario.planted} planted…\n`,
    );
    const grouped = await measure(scenario, SCREENING, driverOf());
    // one term one probe: counted in simulation always (a lab phone would take hours); on the lab
    // its time is the measured time of a probe alone times its probes
    const naive = await measure(
      scenario,
      undefined,
      new CensorDriver(new SimulatedCensor({ rules: scenario.censor })),
    );
    const { recall, falseFindings, missed, falseTexts } = score(scenario, grouped.results);
    const alone = grouped.results.filter(
      (r) => (r.role === 'term' || r.role === 'control') && !r.clearedBy,
    );
    const perProbeS = lab && alone.length > 0 ? secondsPerProbe(alone) : null;
    const wallRatio =
      lab && perProbeS !== null ? grouped.seconds / (naive.probes * perProbeS) : null;
    screening[variant] = {
      terms: TERMS,
      planted: scenario.planted,
      probes: grouped.probes,
      probesPerTerm: round(grouped.probes / TERMS),
      naiveProbes: naive.probes,
      wallRatio: wallRatio === null ? null : round(wallRatio),
      recall: round(recall),
      falseFindings,
      maxMembers: MAX_MEMBERS,
      firmware: lab ? 'lab phone' : 'simulated censor',
      seconds: Math.round(grouped.seconds),
      measuredAt: new Date().toISOString(),
    };
    lines.push(
      `${variant.padEnd(11)} ${String(grouped.probes).padStart(6)} ${round(grouped.probes / TERMS)
        .toFixed(3)
        .padStart(
          8,
        )} ${String(naive.probes).padStart(7)} ${(wallRatio === null ? '-' : round(wallRatio).toFixed(3)).padStart(6)} ${(recall * 100).toFixed(0).padStart(5)} % ${String(falseFindings).padStart(6)}`,
      ...missed.map((t) => `  missed: ${t}`),
      ...falseTexts.map((t) => `  false finding: ${t}`),
    );
    if (recall < 1 || falseFindings > 0) failed = true;
  }
} finally {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
}

process.stdout.write(
  [
    `screening ${TERMS} terms, ${PLANTED_SHARE * 100} % planted, groups of up to ${MAX_MEMBERS} (${lab ? 'lab phone' : 'simulated censor'}); a probe is a payload beside its control`,
    'variant      probes  p/term   naive   wall  recall  false',
    ...lines,
    '',
  ].join('\n'),
);
// bench.json keeps the variants measured before: this run replaces the ones it measured
writeBenchFigures({
  screening: { ...(readBench().screening as object | undefined), ...screening },
});
process.exitCode = failed ? 1 : 0;

/** Mean wall seconds of a probe typed alone on the lab phone: a term's attempt beside its control. */
function secondsPerProbe(alone: readonly ProbeResult[]): number {
  const total = alone.reduce((s, r) => s + (Date.parse(r.endedAt) - Date.parse(r.startedAt)), 0);
  const probes = alone
    .filter((r) => r.role === 'term')
    .reduce((n, r) => n + Math.max(1, r.attempts.length), 0);
  return total / 1000 / probes;
}
