// Whether a phone may start a batch: authorised, charged, awake and unlocked, its target apps installed.

/** The health gate's policy (censorwatch.yaml `health`). */
export interface HealthPolicy {
  /** Least battery level, in percent, a phone may start a batch with. @defaultValue 20 */
  minBattery: number;
  /** Wake a phone whose screen is off, and dismiss a lock screen without a PIN. @defaultValue true */
  wake: boolean;
  /** Times a batch is tried on an unhealthy phone before its probes end inconclusive. @defaultValue 4 */
  attempts: number;
  /** First wait before the next try, doubled each time. @defaultValue 60000 */
  backoffMs: number;
}

export const HEALTH_DEFAULTS: HealthPolicy = {
  minBattery: 20,
  wake: true,
  attempts: 4,
  backoffMs: 60 * 1000,
};

/** What the gate reads of a phone over adb (a subset of what `censorwatch devices` reads). */
export interface HealthFacts {
  /** adb's state: `device`, `offline`, `unauthorized`, … */
  state: string;
  battery: { level: number; charging: boolean } | null;
  screen: { on: boolean; locked: boolean } | null;
  /** Installed version of each package asked for; null when it is not installed. */
  apps: Record<string, string | null>;
  /** Why a field is null, by field. */
  errors: Record<string, string>;
}

export type HealthCheck = 'attached' | 'authorised' | 'battery' | 'screen' | 'app' | 'firmware';

export interface HealthProblem {
  check: HealthCheck;
  detail: string;
}

/** A phone's health as the gate saw it before a batch: kept as the evidence of probes it stopped. */
export interface HealthRecord {
  serial: string;
  checkedAt: string;
  healthy: boolean;
  problems: HealthProblem[];
  /** What was read; null when adb did not list the phone. */
  facts: HealthFacts | null;
}

/**
 * What keeps a phone from starting a batch; empty when it may. A field that could not be read
 * is a problem, never taken for good health.
 */
export function judgeHealth(
  serial: string,
  facts: HealthFacts | null,
  policy: Pick<HealthPolicy, 'minBattery'>,
  packages: readonly string[],
): HealthProblem[] {
  if (facts === null) {
    return [
      {
        check: 'attached',
        detail: `adb does not list ${serial}: is it plugged in (or connected)?`,
      },
    ];
  }
  if (facts.state === 'unauthorized') {
    return [
      {
        check: 'authorised',
        detail: `${serial} has not authorised this host: accept the "Allow USB debugging" prompt on the phone`,
      },
    ];
  }
  if (facts.state !== 'device') {
    return [{ check: 'attached', detail: `adb lists ${serial} as ${facts.state}, not device` }];
  }
  const problems: HealthProblem[] = [];
  const unread = (field: string) => facts.errors[field] ?? 'not read';
  if (facts.battery === null) {
    problems.push({ check: 'battery', detail: `battery level unknown: ${unread('battery')}` });
  } else if (facts.battery.level < policy.minBattery) {
    problems.push({
      check: 'battery',
      detail: `battery at ${facts.battery.level} %, below health.minBattery ${policy.minBattery} %${facts.battery.charging ? ' (charging)' : ''}`,
    });
  }
  if (facts.screen === null) {
    problems.push({ check: 'screen', detail: `screen state unknown: ${unread('screen')}` });
  } else if (!facts.screen.on) {
    problems.push({ check: 'screen', detail: 'the screen is off' });
  } else if (facts.screen.locked) {
    problems.push({
      check: 'screen',
      detail: 'the screen is locked: unlock the phone, or set its screen lock to None for the farm',
    });
  }
  for (const name of packages) {
    if (!(name in facts.apps)) {
      problems.push({ check: 'app', detail: `${name}: not read (${unread(`apps.${name}`)})` });
    } else if (facts.apps[name] === null) {
      problems.push({ check: 'app', detail: `${name} is not installed` });
    }
  }
  return problems;
}

/** `battery at 12 %, below …; the screen is off`: one line for a log, a job's failure and a probe's detail. */
export function describeProblems(problems: readonly HealthProblem[]): string {
  return problems.map((p) => p.detail).join('; ');
}
