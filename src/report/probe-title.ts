// A probe's test name in the report, derived from its result: the title the plan gave it, so history lines up.
import type { ProbeResult } from '../store/probe-result.ts';

/** The fields of a result its title is made of. */
export type ProbeTitleFields = Pick<
  ProbeResult,
  'target' | 'termId' | 'role' | 'inputPath' | 'direction'
>;

/**
 * `lab-browser › free-tibet-en [key-events]`, `telegram › free-tibet-en › outbound › control [ime]`,
 * `lab-browser › truism [set-text]`, `telegram › positive control › outbound [ime]`.
 *
 * The same text as the plan's title (src/probe/plan-probes.ts), which was the mocha test's
 * title: Allure's history of a test is keyed by it, so it must never change shape.
 */
export function probeTitleOf(result: ProbeTitleFields): string {
  const way = result.direction ? ` › ${result.direction}` : '';
  const path = ` [${result.inputPath}]`;
  switch (result.role) {
    case 'truism':
      return `${result.target} › truism${path}`;
    case 'positive-control':
      return `${result.target} › positive control${way}${path}`;
    case 'control':
      return `${result.target} › ${result.termId}${way} › control${path}`;
    case 'term':
    case 'group':
      return `${result.target} › ${result.termId}${way}${path}`;
    case 'group-control':
      return `${result.target} › ${result.termId}${way} › control${path}`;
  }
}
