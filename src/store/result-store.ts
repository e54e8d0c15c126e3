// Durable record of runs and probe results on SQLite or PostgreSQL; every write is idempotent by id.
import type { Kysely } from 'kysely';
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
  };
}
