// Reads what the canary received for a probe token: the egress channel of browser probes.
import { ProbeFault } from '../errors.ts';

/** How often `waitForCanaryRecord` asks the canary. */
export const POLL_INTERVAL_MS = 50;
/** Longest a single request to the canary may take. */
const REQUEST_TIMEOUT_MS = 5 * 1000;

/** One request the canary received for a probe token. */
export interface CanaryRecord {
  token: string;
  /** The query string exactly as received (percent-encoded, without `?`). */
  rawQuery: string;
  /** Hex of the raw query's bytes, when the server recorded them. */
  rawQueryHex?: string;
  /** The decoded `q` parameter (UTF-8, form encoding: `+` is a space). */
  q: string;
  /** When the canary received it (epoch ms). */
  receivedAt: number;
}

/** Every record the canary holds for `token`; throws ProbeFault E_CANARY_UNREACHABLE. */
export async function readCanaryRecords(canaryUrl: string, token: string): Promise<CanaryRecord[]> {
  const url = `${canaryUrl.replace(/\/+$/, '')}/records/${encodeURIComponent(token)}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (cause) {
    throw new ProbeFault('E_CANARY_UNREACHABLE', `canary ${canaryUrl} cannot be reached`, {
      cause,
    });
  }
  if (!response.ok) {
    throw new ProbeFault(
      'E_CANARY_UNREACHABLE',
      `canary ${canaryUrl} answered ${response.status} for the records of a probe token`,
    );
  }
  const body = (await response.json()) as { records?: CanaryRecord[] };
  if (!Array.isArray(body.records)) {
    throw new ProbeFault('E_CANARY_UNREACHABLE', `canary ${canaryUrl} answered without records`);
  }
  return body.records;
}

/**
 * Polls the canary until a record for `token` arrives (the first one is returned) or
 * `deadlineMs` from now passes (null). Asks at least once, even with a zero deadline.
 */
export async function waitForCanaryRecord(
  canaryUrl: string,
  token: string,
  deadlineMs: number,
): Promise<CanaryRecord | null> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const [first] = await readCanaryRecords(canaryUrl, token);
    if (first) return first;
    const left = until - Date.now();
    if (left <= 0) return null;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_INTERVAL_MS, left)));
  }
}
