// Durable record of runs and probe results on SQLite or PostgreSQL; every write is idempotent by id.
import { sql, type Kysely } from 'kysely';
import { isFinding } from '../oracle/finding.ts';
import type { Verdict } from '../oracle/verdict.ts';
import {
  describeLocation,
  engineOf,
  openDatabase,
  type Engine,
  type StoreSchema,
} from './database.ts';
import type { PlannedProbe } from './planned-probe.ts';
import type { ProbeResult } from './probe-result.ts';

export interface RunRecord {
  runId: string;
  /** `nightly` (scheduled) or `check` (targeted). */
  kind: 'nightly' | 'check';
  createdAt: string;
  termListName: string;
  termListSha256: string;
  /** Probes planned for the run (controls included). */
  plannedProbes: number;
  status: 'running' | 'finished';
  finishedAt: string | null;
  /** Who or what started it: `schedule:<name>`, `token:<name>`, `cli:<user>`, `lab`; null for runs before this was kept. */
  startedBy: string | null;
}

/** A named API token as kept: its value is never stored, only its SHA-256. */
export interface ApiTokenRecord {
  name: string;
  role: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A batch's own estimate of what it has left, as its worker last wrote it. */
export interface BatchEstimateRecord {
  runId: string;
  batchId: string;
  deviceId: string;
  /** When the worker wrote the batch's first estimate. */
  startedAt: string;
  /** When this estimate was written. */
  at: string;
  /** Payloads expected still to type. */
  payloads: number;
  /** Time expected left at `at`; null before anything was typed. */
  etaMs: number | null;
  /** Payloads typed so far. */
  typed: number;
}

/** The firmware a phone said it ran when one of its batches started. */
export interface BatchFirmwareRecord {
  runId: string;
  batchId: string;
  deviceId: string;
  /** The key the device's profile gives. */
  profileKey: string;
  /** The key the batch's results are filed under: the one the phone runs. */
  firmwareKey: string;
  fingerprint: string;
  incremental: string;
  readAt: string;
}

/** A run's recorded probes counted for its progress: the plan's records, and what they found. */
export interface RunCounts {
  /** Records of planned probes (group probes and combinations screening added are not). */
  done: number;
  findings: number;
  /** Planned probes recorded inconclusive. */
  inconclusive: number;
}

const PLAN_ROWS_PER_INSERT = 500;

export class ResultStore {
  readonly engine: Engine;
  /** Where the database is, password hidden. */
  readonly location: string;
  readonly #db: Kysely<StoreSchema>;

  private constructor(db: Kysely<StoreSchema>, location: string) {
    this.#db = db;
    this.engine = engineOf(location);
    this.location = describeLocation(location);
  }

  /**
   * Opens (and migrates) the store at `location`: a SQLite file path, or a `postgres://` URL.
   * @throws StoreError when the database cannot be opened, is corrupt, or is newer than this code
   */
  static async open(location: string): Promise<ResultStore> {
    return new ResultStore(await openDatabase(location), location);
  }

  async saveRun(run: RunRecord): Promise<void> {
    await this.#db
      .insertInto('runs')
      .values({
        run_id: run.runId,
        kind: run.kind,
        created_at: run.createdAt,
        term_list_name: run.termListName,
        term_list_sha256: run.termListSha256,
        planned_probes: run.plannedProbes,
        status: run.status,
        finished_at: run.finishedAt,
        started_by: run.startedBy,
      })
      .onConflict((conflict) =>
        conflict.column('run_id').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          finished_at: eb.ref('excluded.finished_at'),
          planned_probes: eb.ref('excluded.planned_probes'),
        })),
      )
      .execute();
  }

  async run(runId: string): Promise<RunRecord | undefined> {
    const row = await this.#db
      .selectFrom('runs')
      .selectAll()
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return row ? runOf(row) : undefined;
  }

  async latestRun(): Promise<RunRecord | undefined> {
    const row = await this.#db
      .selectFrom('runs')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('run_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? runOf(row) : undefined;
  }

  /**
   * The firmware key a device's probes carried in its latest run created before `runId`; null
   * when it has none.
   */
  async previousFirmwareOf(deviceId: string, runId: string): Promise<string | null> {
    const row = await this.#db
      .selectFrom('probes')
      .innerJoin('runs', 'runs.run_id', 'probes.run_id')
      .select(['probes.firmware_key'])
      .where('probes.device_id', '=', deviceId)
      .where('probes.run_id', '!=', runId)
      .where('runs.created_at', '<', (eb) =>
        eb.selectFrom('runs').select('created_at').where('run_id', '=', runId),
      )
      .orderBy('runs.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.firmware_key ?? null;
  }

  /** Runs with at least one probe on `firmwareKey`, oldest first. */
  async runsOfFirmware(firmwareKey: string): Promise<RunRecord[]> {
    const rows = await this.#db
      .selectFrom('runs')
      .selectAll()
      .where('run_id', 'in', (eb) =>
        eb.selectFrom('probes').select('run_id').where('firmware_key', '=', firmwareKey),
      )
      .orderBy('created_at')
      .orderBy('run_id')
      .execute();
    return rows.map(runOf);
  }

  /** Every firmware key with results, sorted. */
  async firmwareKeys(): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('probes')
      .select('firmware_key')
      .distinct()
      .orderBy('firmware_key')
      .execute();
    return rows.map((row) => row.firmware_key);
  }

  /** Writes a probe's result; a second write of the same probe id replaces the first. */
  async saveProbe(result: ProbeResult): Promise<void> {
    await this.#insertProbe(result, true);
  }

  /** Saves a probe only when no result exists for its id (fills gaps, never overwrites). */
  async saveProbeIfAbsent(result: ProbeResult): Promise<boolean> {
    return this.#insertProbe(result, false);
  }

  async #insertProbe(result: ProbeResult, replace: boolean): Promise<boolean> {
    const outcome = await this.#db
      .insertInto('probes')
      .values({
        probe_id: result.probeId,
        run_id: result.runId,
        device_id: result.deviceId,
        firmware_key: result.firmwareKey,
        verdict: result.verdict,
        record: JSON.stringify(result),
        updated_at: new Date().toISOString(),
        term_id: result.termId,
        role: result.role,
        started_at: result.startedAt,
      })
      .onConflict((conflict) => {
        const onId = conflict.column('probe_id');
        return replace
          ? onId.doUpdateSet((eb) => ({
              verdict: eb.ref('excluded.verdict'),
              record: eb.ref('excluded.record'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
          : onId.doNothing();
      })
      .executeTakeFirst();
    return Number(outcome.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async probe(probeId: string): Promise<ProbeResult | undefined> {
    const row = await this.#db
      .selectFrom('probes')
      .select('record')
      .where('probe_id', '=', probeId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.record) as ProbeResult) : undefined;
  }

  /** The run's probes in the order they started. */
  async probesOfRun(runId: string, firmwareKey?: string): Promise<ProbeResult[]> {
    let query = this.#db.selectFrom('probes').select('record').where('run_id', '=', runId);
    if (firmwareKey !== undefined) query = query.where('firmware_key', '=', firmwareKey);
    const rows = await query.orderBy('started_at').orderBy('probe_id').execute();
    return rows.map((row) => JSON.parse(row.record) as ProbeResult);
  }

  /**
   * A run's progress counted in the database, not record by record: a run of 10,000 terms is
   * followed every second. Unplanned records are group screening's (see `isUnplanned`): group
   * probes by role, combinations by their term id, whose components are joined by `+` (which no
   * listed term id holds).
   */
  async runCounts(runId: string): Promise<RunCounts> {
    const combination = sql<number>`case when term_id like '%+%' then 1 else 0 end`;
    const rows = await this.#db
      .selectFrom('probes')
      .select([
        'role',
        'verdict',
        combination.as('combination'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('run_id', '=', runId)
      .groupBy(['role', 'verdict', combination])
      .execute();
    const counts: RunCounts = { done: 0, findings: 0, inconclusive: 0 };
    for (const row of rows) {
      const n = Number(row.n);
      const role = row.role ?? '';
      if (isFinding({ role, verdict: row.verdict as Verdict })) counts.findings += n;
      if (role === 'group' || role === 'group-control' || Number(row.combination) === 1) continue;
      counts.done += n;
      if (row.verdict === 'inconclusive') counts.inconclusive += n;
    }
    return counts;
  }

  /** Writes a batch's latest estimate; the first one written keeps its `startedAt`. */
  async saveBatchEstimate(estimate: BatchEstimateRecord): Promise<void> {
    await this.#db
      .insertInto('batch_estimates')
      .values({
        run_id: estimate.runId,
        batch_id: estimate.batchId,
        device_id: estimate.deviceId,
        started_at: estimate.startedAt,
        updated_at: estimate.at,
        payloads: estimate.payloads,
        eta_ms: estimate.etaMs,
        typed: estimate.typed,
      })
      .onConflict((conflict) =>
        conflict.columns(['run_id', 'batch_id']).doUpdateSet((eb) => ({
          updated_at: eb.ref('excluded.updated_at'),
          payloads: eb.ref('excluded.payloads'),
          eta_ms: eb.ref('excluded.eta_ms'),
          typed: eb.ref('excluded.typed'),
        })),
      )
      .execute();
  }

  /** The latest estimate of each batch of a run that has written one. */
  async batchEstimates(runId: string): Promise<BatchEstimateRecord[]> {
    const rows = await this.#db
      .selectFrom('batch_estimates')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('batch_id')
      .execute();
    return rows.map((row) => ({
      runId: row.run_id,
      batchId: row.batch_id,
      deviceId: row.device_id,
      startedAt: row.started_at,
      at: row.updated_at,
      payloads: Number(row.payloads),
      etaMs: row.eta_ms === null ? null : Number(row.eta_ms),
      typed: Number(row.typed),
    }));
  }

  /**
   * Records the firmware a phone said it ran when a batch started. A retried batch reads it
   * again: the latest read stands, as its results are filed under it.
   */
  async saveBatchFirmware(record: BatchFirmwareRecord): Promise<void> {
    await this.#db
      .insertInto('batch_firmware')
      .values({
        run_id: record.runId,
        batch_id: record.batchId,
        device_id: record.deviceId,
        profile_key: record.profileKey,
        firmware_key: record.firmwareKey,
        fingerprint: record.fingerprint,
        incremental: record.incremental,
        read_at: record.readAt,
      })
      .onConflict((conflict) =>
        conflict.columns(['run_id', 'batch_id']).doUpdateSet((eb) => ({
          firmware_key: eb.ref('excluded.firmware_key'),
          fingerprint: eb.ref('excluded.fingerprint'),
          incremental: eb.ref('excluded.incremental'),
          read_at: eb.ref('excluded.read_at'),
        })),
      )
      .execute();
  }

  /** The firmware each batch of a run read off its phone; batches of phones not reached over adb have none. */
  async batchFirmware(runId: string): Promise<BatchFirmwareRecord[]> {
    const rows = await this.#db
      .selectFrom('batch_firmware')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('batch_id')
      .execute();
    return rows.map((row) => ({
      runId: row.run_id,
      batchId: row.batch_id,
      deviceId: row.device_id,
      profileKey: row.profile_key,
      firmwareKey: row.firmware_key,
      fingerprint: row.fingerprint,
      incremental: row.incremental,
      readAt: row.read_at,
    }));
  }

  /** How many probes each batch of a run planned. */
  async plannedPerBatch(runId: string): Promise<{ batchId: string; planned: number }[]> {
    const rows = await this.#db
      .selectFrom('planned_probes')
      .select(['batch_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', '=', runId)
      .groupBy('batch_id')
      .orderBy('batch_id')
      .execute();
    return rows.map((row) => ({ batchId: row.batch_id, planned: Number(row.n) }));
  }

  /**
   * Records the plan of a batch (made once, when the run starts). Saving the same plan again
   * changes nothing: a probe id is planned once.
   */
  async savePlan(runId: string, batchId: string, probes: readonly PlannedProbe[]): Promise<void> {
    if (probes.length === 0) return;
    await this.#db.transaction().execute(async (tx) => {
      // SQLite takes at most 32,766 bound values a statement: 5 a row, in chunks
      for (let start = 0; start < probes.length; start += PLAN_ROWS_PER_INSERT) {
        await tx
          .insertInto('planned_probes')
          .values(
            probes.slice(start, start + PLAN_ROWS_PER_INSERT).map((probe, index) => ({
              probe_id: probe.probeId,
              run_id: runId,
              batch_id: batchId,
              position: start + index,
              record: JSON.stringify(probe),
            })),
          )
          .onConflict((conflict) => conflict.column('probe_id').doNothing())
          .execute();
      }
    });
  }

  /** The results recorded for the probes of one batch's plan, in plan order. */
  async probesOfBatch(runId: string, batchId: string): Promise<ProbeResult[]> {
    const rows = await this.#db
      .selectFrom('planned_probes')
      .innerJoin('probes', 'probes.probe_id', 'planned_probes.probe_id')
      .select('probes.record')
      .where('planned_probes.run_id', '=', runId)
      .where('planned_probes.batch_id', '=', batchId)
      .orderBy('planned_probes.position')
      .execute();
    return rows.map((row) => JSON.parse(row.record) as ProbeResult);
  }

  /** The stored plan of one batch (or of the whole run), in the order the probes run. */
  async plannedProbes(runId: string, batchId?: string): Promise<PlannedProbe[]> {
    let query = this.#db.selectFrom('planned_probes').select('record').where('run_id', '=', runId);
    if (batchId !== undefined) query = query.where('batch_id', '=', batchId);
    const rows = await query.orderBy('batch_id').orderBy('position').execute();
    return rows.map((row) => JSON.parse(row.record) as PlannedProbe);
  }

  /** Keeps a new named token by its SHA-256. @returns false when the name is taken (revoked names stay taken). */
  async addApiToken(token: ApiTokenRecord & { sha256: string }): Promise<boolean> {
    const inserted = await this.#db
      .insertInto('api_tokens')
      .values({
        name: token.name,
        role: token.role,
        token_sha256: token.sha256,
        created_at: token.createdAt,
        revoked_at: null,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** @returns false when no token of that name is active */
  async revokeApiToken(name: string, at: string): Promise<boolean> {
    const updated = await this.#db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async apiTokens(): Promise<ApiTokenRecord[]> {
    const rows = await this.#db
      .selectFrom('api_tokens')
      .select(['name', 'role', 'created_at', 'revoked_at'])
      .orderBy('name')
      .execute();
    return rows.map((row) => ({
      name: row.name,
      role: row.role,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    }));
  }

  /** The active token whose SHA-256 this is; undefined when none (or it was revoked). */
  async activeApiToken(sha256: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.#db
      .selectFrom('api_tokens')
      .select(['name', 'role', 'created_at', 'revoked_at'])
      .where('token_sha256', '=', sha256)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row
      ? { name: row.name, role: row.role, createdAt: row.created_at, revokedAt: null }
      : undefined;
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}

function runOf(row: StoreSchema['runs']): RunRecord {
  return {
    runId: row.run_id,
    kind: row.kind as RunRecord['kind'],
    createdAt: row.created_at,
    termListName: row.term_list_name,
    termListSha256: row.term_list_sha256,
    plannedProbes: Number(row.planned_probes),
    status: row.status as RunRecord['status'],
    finishedAt: row.finished_at,
    startedBy: row.started_by ?? null,
  };
}
