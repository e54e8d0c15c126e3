// A targeted check, as the CLI and the API start it: chosen phones and apps, pasted terms or a shipped list, deduplicated while one like it is queued.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DeviceProfile } from '../src/devices/device-profile.ts';
import { selectDevices } from '../src/devices/select-devices.ts';
import { withReferences } from '../src/devices/with-references.ts';
import { InputError, ServiceError } from '../src/errors.ts';
import type { RepetitionPolicy } from '../src/oracle/confirm-finding.ts';
import type { ResultStore } from '../src/store/result-store.ts';
import { chooseControl } from '../src/terms/controls/choose-control.ts';
import { derivedTermId, termIdentity } from '../src/terms/term-identity.ts';
import type { TermList } from '../src/terms/term.ts';
import type { QueueContext } from './queue-context.ts';
import { startRun, type StartedRun } from './run-producer.ts';

/** How long a queued check is remembered for deduplication at most (a run that never ends must not block forever). */
const DEDUPE_TTL_S = 6 * 60 * 60;
/** A claim made, the run not yet queued. */
const STARTING = 'starting';
const DEDUPE_WAIT_MS = 100;
const DEDUPE_WAIT_TRIES = 100;
const BCP47 = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** A term typed into a phone: long enough for any real keyword, short enough to type in a minute. */
const MAX_TERM_CHARS = 500;

export interface PastedTerm {
  text: string;
  /** @defaultValue `und` */
  language?: string;
  control?: string;
}

/**
 * Phones and apps of a check: `ids` empty = every phone; `apps` narrows each phone to those
 * target apps. Errors name the field and list what is known.
 */
export function chooseDevices(
  all: readonly DeviceProfile[],
  ids: readonly string[] | undefined,
  apps: readonly string[] | undefined,
  fields: { devices: string; targets: string },
): DeviceProfile[] {
  return selectDevices(all, ids && ids.length > 0 ? [...ids] : 'all', apps, fields);
}

/**
 * Terms typed in by a tester, as a term list (controls chosen where none is given). Each term's
 * id is derived from its identity (normalised text and language): the same term pasted into any
 * check has the same id, and drift and regression match it to the same term of a term list.
 * @throws InputError naming the field of a blank, too long or repeated term or a bad language
 */
export function pastedTermList(
  terms: readonly PastedTerm[],
  source: string,
  field: string,
): TermList {
  if (terms.length === 0) {
    throw new InputError('E_TERM_LIST', `${field}: give at least one term`, { field });
  }
  const seen = new Map<string, number>();
  const list = terms.map((term, index) => {
    const at = `${field}[${index}]`;
    const text = term.text.trim();
    if (text === '' || text.length > MAX_TERM_CHARS) {
      throw new InputError('E_TERM_LIST', `${at}.text: must be 1 to ${MAX_TERM_CHARS} characters`, {
        field: `${at}.text`,
      });
    }
    const language = term.language ?? 'und';
    if (!BCP47.test(language)) {
      throw new InputError(
        'E_TERM_LIST',
        `${at}.language: must be a BCP 47 tag such as en or zh-Hans, got "${language}"`,
        { field: `${at}.language` },
      );
    }
    const identity = termIdentity({ text, language });
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      throw new InputError(
        'E_TERM_LIST',
        `${at}.text: the same term as ${field}[${earlier}] (same text and language once normalised)`,
        { field: `${at}.text` },
      );
    }
    seen.set(identity, index);
    const control = term.control?.trim() || chooseControl(text, language);
    return {
      id: derivedTermId({ text, language }),
      text,
      language,
      category: 'targeted-check',
      source,
      licence: 'unspecified',
      control,
      controlSource: term.control?.trim() ? ('list' as const) : ('chosen' as const),
    };
  });
  return {
    name: source,
    file: `(${source})`,
    sha256: createHash('sha256')
      .update(list.map((t) => `${t.text}\u0000${t.language}\u0000${t.control}`).join('\u0001'))
      .digest('hex'),
    terms: list,
  };
}

export interface StartedCheck extends StartedRun {
  /** True when an identical check was already queued: this is that check's run. */
  deduplicated: boolean;
  /** Every phone of the check, references included. */
  deviceIds: string[];
}

/**
 * The phones a check runs on: the chosen ones, and the reference phones they name, probing only the
 * apps of the phones they are the reference of (a reference with none of those apps stays out).
 */
export function checkedDevices(
  chosen: readonly DeviceProfile[],
  profiles: readonly DeviceProfile[],
): DeviceProfile[] {
  const apps = new Set(chosen.flatMap((d) => d.targets.map((t) => t.app)));
  return withReferences(chosen, profiles)
    .map((device) =>
      chosen.includes(device)
        ? device
        : { ...device, targets: device.targets.filter((t) => apps.has(t.app)) },
    )
    .filter((device) => device.targets.length > 0);
}

/**
 * Starts a check on the chosen phones (and their reference phones) at check priority. An
 * identical check (same phones, apps, terms and repetition) still running is not queued twice:
 * its run is returned instead.
 */
export async function startCheck(
  context: QueueContext,
  store: ResultStore,
  options: {
    chosen: DeviceProfile[];
    profiles: readonly DeviceProfile[];
    termList: TermList;
    batchSize: number;
    repetition: RepetitionPolicy;
    /** `token:<name>` or `cli:<user>`, recorded with the run. */
    startedBy: string;
  },
): Promise<StartedCheck> {
  const devices = checkedDevices(options.chosen, options.profiles);
  const identity = createHash('sha256')
    .update(
      JSON.stringify({
        devices: devices.map((d) => [d.id, d.targets.map((t) => t.app).sort()]).sort(),
        terms: options.termList.sha256,
        repetition: options.repetition,
      }),
    )
    .digest('hex');
  const key = `${context.prefix}:check-dedupe:${identity}`;
  const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    for (let attempt = 0; attempt < DEDUPE_WAIT_TRIES; attempt += 1) {
      // claim the check; whoever holds the claim starts it, the others read what was started
      if ((await redis.set(key, STARTING, 'EX', DEDUPE_TTL_S, 'NX')) === 'OK') {
        try {
          const run = await startRun(context, store, {
            kind: 'check',
            devices,
            termList: options.termList,
            batchSize: options.batchSize,
            repetition: options.repetition,
            startedBy: options.startedBy,
          });
          const started: StartedCheck = {
            ...run,
            deduplicated: false,
            deviceIds: devices.map((d) => d.id),
          };
          await redis.set(key, JSON.stringify(started), 'EX', DEDUPE_TTL_S);
          return started;
        } catch (error) {
          await redis.del(key);
          throw error;
        }
      }
      const queued = await redis.get(key);
      if (queued && queued !== STARTING) {
        const earlier = JSON.parse(queued) as StartedCheck;
        if ((await store.run(earlier.runId))?.status === 'running') {
          return { ...earlier, deduplicated: true };
        }
        // that check has ended: let this one start anew (only if nobody else replaced the key)
        if ((await redis.get(key)) === queued) await redis.del(key);
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, DEDUPE_WAIT_MS));
    }
    throw new ServiceError(
      `an identical check is being started and did not appear in Redis (${key})`,
    );
  } finally {
    redis.disconnect();
  }
}
