// The censorwatch labels of a probe's Allure test: what a report can be filtered and grouped by.
import type { ProbeResult } from '../store/probe-result.ts';

export function allureLabelsOf(result: ProbeResult): Record<string, string> {
  return {
    firmwareKey: result.firmwareKey,
    device: result.deviceId,
    app: result.target,
    term: result.term,
    language: result.language,
    category: result.category,
    verdict: result.verdict,
    inputPath: result.inputPath,
    role: result.role,
    probeId: result.probeId,
  };
}
