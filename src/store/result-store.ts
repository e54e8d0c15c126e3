// Durable record of runs and probe results (SQLite); every write is idempotent by id.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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

const SCHEMA_VERSION = 1;

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     run_id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     created_at TEXT NOT NULL,
     term_list_name TEXT NOT NULL,
     term_list_sha256 TEXT NOT NULL,
     planned_probes INTEGER NOT NULL,
     status TEXT NOT NULL,
     finished_at TEXT
   );
   CREATE TABLE probes (
     probe_id TEXT PRIMARY KEY,
     run_id TEXT NOT NULL,
     device_id TEXT NOT NULL,
     firmware_key TEXT NOT NULL,
     verdict TEXT NOT NULL,
     record TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX probes_by_run ON probes (run_id);
   CREATE INDEX probes_by_firmware ON probes (firmware_key);`,
];

export class ResultStore {
  readonly #db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 10000');
    this.#db.pragma('synchronous = NORMAL');
    this.#migrate();
  }

  #migrate(): void {
    const version = this.#db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `results database schema version ${version} is newer than this censorwatch understands (${SCHEMA_VERSION}); upgrade censorwatch`,
      );
    }
    for (let v = version; v < SCHEMA_VERSION; v += 1) {
      this.#db.transaction(() => {
        this.#db.exec(MIGRATIONS[v]!);
        this.#db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  saveRun(run: RunRecord): void {
    this.#db
      .prepare(
        `INSERT INTO runs (run_id, kind, created_at, term_list_name, term_list_sha256, planned_probes, status, finished_at)
         VALUES (@runId, @kind, @createdAt, @termListName, @termListSha256, @plannedProbes, @status, @finishedAt)
         ON CONFLICT(run_id) DO UPDATE SET status = excluded.status, finished_at = excluded.finished_at,
           planned_probes = excluded.planned_probes`,
      )
      .run(run);
  }

  run(runId: string): RunRecord | undefined {
    const row = this.#db
      .prepare(
        `SELECT run_id runId, kind, created_at createdAt, term_list_name termListName,
           term_list_sha256 termListSha256, planned_probes plannedProbes, status, finished_at finishedAt
         FROM runs WHERE run_id = ?`,
      )
      .get(runId) as RunRecord | undefined;
    return row;
  }

  latestRun(): RunRecord | undefined {
    const row = this.#db
      .prepare(`SELECT run_id FROM runs ORDER BY created_at DESC LIMIT 1`)
      .get() as { run_id: string } | undefined;
    return row ? this.run(row.run_id) : undefined;
  }

  /** Writes a probe's result; a second write of the same probe id replaces the first. */
  saveProbe(result: ProbeResult): void {
    this.#insertProbe(
      result,
      `DO UPDATE SET verdict = excluded.verdict, record = excluded.record, updated_at = excluded.updated_at`,
    );
  }

  /** Saves a probe only when no result exists for its id (fills gaps, never overwrites). */
  saveProbeIfAbsent(result: ProbeResult): boolean {
    return this.#insertProbe(result, 'DO NOTHING');
  }

  #insertProbe(result: ProbeResult, onConflict: string): boolean {
    const info = this.#db
      .prepare(
        `INSERT INTO probes (probe_id, run_id, device_id, firmware_key, verdict, record, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(probe_id) ${onConflict}`,
      )
      .run(
        result.probeId,
        result.runId,
        result.deviceId,
        result.firmwareKey,
        result.verdict,
        JSON.stringify(result),
        new Date().toISOString(),
      );
    return info.changes === 1;
  }

  probe(probeId: string): ProbeResult | undefined {
    const row = this.#db.prepare(`SELECT record FROM probes WHERE probe_id = ?`).get(probeId) as
      { record: string } | undefined;
    return row ? (JSON.parse(row.record) as ProbeResult) : undefined;
  }

  probesOfRun(runId: string): ProbeResult[] {
    const rows = this.#db
      .prepare(`SELECT record FROM probes WHERE run_id = ? ORDER BY rowid`)
      .all(runId) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as ProbeResult);
  }

  close(): void {
    this.#db.close();
  }
}
