// The results database on either engine: SQLite (a file, the default) or PostgreSQL (`postgres://…`), one schema and its migrations.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import pg from 'pg';
import { StoreError } from '../errors.ts';

export interface RunsTable {
  run_id: string;
  kind: string;
  created_at: string;
  term_list_name: string;
  term_list_sha256: string;
  planned_probes: number;
  status: string;
  finished_at: string | null;
  /** From migration 006 on: `schedule:<name>`, `token:<name>`, `cli:<user>` or `lab`; null for older runs. */
  started_by: string | null;
}

export interface ProbesTable {
  probe_id: string;
  run_id: string;
  device_id: string;
  firmware_key: string;
  verdict: string;
  /** The whole ProbeResult as JSON text. */
  record: string;
  updated_at: string;
  /** From migration 002 on (filled from `record` for older rows). */
  term_id: string | null;
  role: string | null;
  started_at: string | null;
}

/** From migration 003 on: the plan of each batch, made once when the run starts. */
export interface PlannedProbesTable {
  probe_id: string;
  run_id: string;
  batch_id: string;
  /** Order of the probe in its batch. */
  position: number;
  /** The whole PlannedProbe as JSON text. */
  record: string;
}

/** From migration 004 on: each batch's own estimate of what it has left, written by its worker as it runs. */
export interface BatchEstimatesTable {
  run_id: string;
  batch_id: string;
  device_id: string;
  /** When the batch's worker wrote its first estimate. */
  started_at: string;
  updated_at: string;
  /** Payloads expected still to type. */
  payloads: number;
  /** Time expected left when written; null before anything was typed. */
  eta_ms: number | null;
  /** Payloads typed so far. */
  typed: number;
}

/** From migration 005 on: the firmware a phone said it ran when its batch started (read over adb). */
export interface BatchFirmwareTable {
  run_id: string;
  batch_id: string;
  device_id: string;
  /** The key the device's profile gives. */
  profile_key: string;
  /** The key the batch's results are filed under. */
  firmware_key: string;
  fingerprint: string;
  incremental: string;
  read_at: string;
}

/** From migration 006 on: the API's named tokens, kept as their SHA-256 (the value is shown once, never stored). */
export interface ApiTokensTable {
  name: string;
  role: string;
  token_sha256: string;
  created_at: string;
  revoked_at: string | null;
}

export interface StoreSchema {
  runs: RunsTable;
  probes: ProbesTable;
  planned_probes: PlannedProbesTable;
  batch_estimates: BatchEstimatesTable;
  batch_firmware: BatchFirmwareTable;
  api_tokens: ApiTokensTable;
}

export type Engine = 'sqlite' | 'postgres';

/** A location is a PostgreSQL URL or a SQLite file path (`:memory:` too). */
export function engineOf(location: string): Engine {
  return /^postgres(ql)?:\/\//.test(location) ? 'postgres' : 'sqlite';
}

/** The location with any password hidden, for messages and logs. */
export function describeLocation(location: string): string {
  if (engineOf(location) === 'sqlite') return location;
  const url = new URL(location);
  if (url.password) url.password = '***';
  return url.toString();
}

/**
 * The schema's history. A migration, once released, never changes: a new change is a new entry.
 * 001 is the schema SQLite databases had before migrations were kept (`user_version` 1), so
 * such a database adopts it as it is (every statement is `if not exists`).
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-runs-and-probes': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('runs')
        .ifNotExists()
        .addColumn('run_id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('term_list_name', 'text', (c) => c.notNull())
        .addColumn('term_list_sha256', 'text', (c) => c.notNull())
        .addColumn('planned_probes', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema
        .createTable('probes')
        .ifNotExists()
        .addColumn('probe_id', 'text', (c) => c.primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('firmware_key', 'text', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('probes_by_run')
        .ifNotExists()
        .on('probes')
        .column('run_id')
        .execute();
      await db.schema
        .createIndex('probes_by_firmware')
        .ifNotExists()
        .on('probes')
        .column('firmware_key')
        .execute();
    },
  },
  '002-probe-term-role-start': {
    async up(db: Kysely<unknown>) {
      for (const column of ['term_id', 'role', 'started_at']) {
        await db.schema.alterTable('probes').addColumn(column, 'text').execute();
      }
      // fill the new columns of rows recorded before, from their records (nothing is dropped)
      const store = db as unknown as Kysely<StoreSchema>;
      const rows = await store.selectFrom('probes').select(['probe_id', 'record']).execute();
      for (const row of rows) {
        const record = JSON.parse(row.record) as {
          termId?: string;
          role?: string;
          startedAt?: string;
        };
        await store
          .updateTable('probes')
          .set({
            term_id: record.termId ?? null,
            role: record.role ?? null,
            started_at: record.startedAt ?? null,
          })
          .where('probe_id', '=', row.probe_id)
          .execute();
      }
      await db.schema
        .createIndex('probes_by_firmware_run')
        .on('probes')
        .columns(['firmware_key', 'run_id'])
        .execute();
    },
  },
  '003-planned-probes': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('planned_probes')
        .addColumn('probe_id', 'text', (c) => c.primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('batch_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('planned_probes_by_batch')
        .on('planned_probes')
        .columns(['run_id', 'batch_id', 'position'])
        .execute();
    },
  },
  '004-batch-estimates': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('batch_estimates')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('batch_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('payloads', 'integer', (c) => c.notNull())
        .addColumn('eta_ms', 'bigint')
        .addColumn('typed', 'integer', (c) => c.notNull())
        // batch ids repeat from run to run (device, app, number)
        .addPrimaryKeyConstraint('batch_estimates_pk', ['run_id', 'batch_id'])
        .execute();
    },
  },
  '005-batch-firmware': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('batch_firmware')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('batch_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('profile_key', 'text', (c) => c.notNull())
        .addColumn('firmware_key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('incremental', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('batch_firmware_pk', ['run_id', 'batch_id'])
        .execute();
    },
  },
  '006-api-tokens': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_tokens')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.alterTable('runs').addColumn('started_by', 'text').execute();
    },
  },
};

/** Opens the database at `location` and brings its schema up to date. */
export async function openDatabase(location: string): Promise<Kysely<StoreSchema>> {
  const db = engineOf(location) === 'postgres' ? openPostgres(location) : openSqlite(location);
  try {
    await migrate(db, location);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return db;
}

function openSqlite(file: string): Kysely<StoreSchema> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let database: Database.Database;
  try {
    database = new Database(file);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 10000');
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new StoreError(
      `${file}: not a usable SQLite results database (${(error as Error).message}); move it aside to start a new one, nothing in it is changed`,
      { cause: error },
    );
  }
  return new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(url: string): Kysely<StoreSchema> {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  // an idle client's error (server restarted) must not crash the process; the next query fails instead
  pool.on('error', () => undefined);
  return new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) });
}

async function migrate(db: Kysely<StoreSchema>, location: string): Promise<void> {
  const where = describeLocation(location);
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    throw new StoreError(
      `${where}: cannot read the results database (${(error as Error).message})`,
      { cause: error },
    );
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
  });
  const known = new Set(Object.keys(MIGRATIONS));
  const applied = await sql<{ name: string }>`select name from kysely_migration`
    .execute(db)
    .then((result) => result.rows.map((row) => row.name))
    .catch(() => [] as string[]); // no migration table yet: a new or a pre-migration database
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new StoreError(
      `${where}: the results database has schema migrations this censorwatch does not know (${unknown.join(', ')}); it was written by a newer censorwatch: upgrade censorwatch`,
    );
  }
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError(
      `${where}: migrating the results database failed at ${failed} (${error instanceof Error ? error.message : String(error)}); each migration runs in a transaction, so the data is as it was`,
      { cause: error },
    );
  }
}
