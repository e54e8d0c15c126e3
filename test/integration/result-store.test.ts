// Integration (real SQLite files and a real PostgreSQL): the results store behaves the same on both engines, migrates old databases and refuses broken ones.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { StoreError } from '../../src/errors.ts';
import { countsOf } from '../../src/progress/progress.ts';
import { MIGRATIONS } from '../../src/store/database.ts';
import { ResultStore, type RunRecord } from '../../src/store/result-store.ts';
import { MI_V1, MI_V4, probeResult } from '../support/probe-results.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-store-'));
const postgres = await createTestDatabase();
after(async () => {
  if ('drop' in postgres) await postgres.drop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (runId: string, createdAt: string): RunRecord => ({
  runId,
  kind: 'nightly',
  createdAt,
  termListName: 'xiaomi-2021',
  termListSha256: 'ab'.repeat(32),
  plannedProbes: 3,
  status: 'running',
  finishedAt: null,
  startedBy: 'schedule:nightly',
});

const isStoreError = (pattern: RegExp) => (error: unknown) =>
  error instanceof StoreError && pattern.test(error.message);

interface Engine {
  name: string;
  /** A new, empty database location; null when this engine cannot be tested here. */
  fresh(): Promise<string> | null;
  skip: string | false;
}

let sqliteFiles = 0;
const pgDatabases: TestDatabase[] = [];
const ENGINES: Engine[] = [
  {
    name: 'SQLite',
    fresh: async () => join(dir, `store-${(sqliteFiles += 1)}.db`),
    skip: false,
  },
  {
    name: 'PostgreSQL',
    fresh: () =>
      'skip' in postgres
        ? null
        : createTestDatabase().then((db) => {
            assert.ok(!('skip' in db));
            pgDatabases.push(db);
            return db.url;
          }),
    skip: 'skip' in postgres ? postgres.skip : false,
  },
];
after(async () => {
  for (const db of pgDatabases) await db.drop();
});

for (const engine of ENGINES) {
  describe(`the results store on ${engine.name}`, { skip: engine.skip }, () => {
    let store: ResultStore;
    before(async () => {
      store = await ResultStore.open((await engine.fresh())!);
    });
    after(async () => store?.close());

    test('keeps runs; a second save updates status and end, and the latest run is the newest', async () => {
      await store.saveRun(run('run-1', '2026-11-01T02:00:00.000Z'));
      await store.saveRun(run('run-2', '2026-11-02T02:00:00.000Z'));
      await store.saveRun({
        ...run('run-1', '2026-11-01T02:00:00.000Z'),
        status: 'finished',
        finishedAt: '2026-11-01T02:30:00.000Z',
      });
      assert.deepEqual(await store.run('run-1'), {
        ...run('run-1', '2026-11-01T02:00:00.000Z'),
        status: 'finished',
        finishedAt: '2026-11-01T02:30:00.000Z',
      });
      assert.equal((await store.latestRun())?.runId, 'run-2');
      assert.equal(await store.run('no-such-run'), undefined);
    });

    test('writes probes idempotently by probe id: a rewrite replaces, a gap fill never overwrites', async () => {
      const first = probeResult({ term: '自由西藏 🏳️‍🌈 "quoted" \'single\'' });
      await store.saveProbe(first);
      await store.saveProbe({ ...first, verdict: 'masked', channel: 'render' });
      assert.equal(
        await store.saveProbeIfAbsent({ ...first, verdict: 'inconclusive' }),
        false,
        'an existing result is never overwritten by a gap fill',
      );
      const kept = await store.probe(first.probeId);
      assert.equal(kept?.verdict, 'masked');
      assert.equal(kept?.term, first.term, 'the term comes back as the same text');
      assert.equal(await store.saveProbeIfAbsent(probeResult({ termId: 'gap' })), true);
      assert.equal((await store.probesOfRun('run-1')).length, 2);
    });

    test("lists a run's probes in start order, optionally of one firmware", async () => {
      await store.saveProbe(
        probeResult({ runId: 'run-2', termId: 'b', startedAt: '2026-11-02T02:00:02.000Z' }),
      );
      await store.saveProbe(
        probeResult({ runId: 'run-2', termId: 'a', startedAt: '2026-11-02T02:00:01.000Z' }),
      );
      await store.saveProbe(
        probeResult({ runId: 'run-2', termId: 'c', firmwareKey: MI_V1, deviceId: 'old' }),
      );
      assert.deepEqual(
        (await store.probesOfRun('run-2')).map((p) => p.termId),
        ['c', 'a', 'b'],
      );
      assert.deepEqual(
        (await store.probesOfRun('run-2', MI_V4)).map((p) => p.termId),
        ['a', 'b'],
      );
    });

    test("counts a run's progress in the database as the records do, and keeps each batch's latest estimate", async () => {
      const records = [
        probeResult({ runId: 'run-3', termId: 'a', role: 'term', verdict: 'masked' }),
        probeResult({ runId: 'run-3', termId: 'b', role: 'control', verdict: 'inconclusive' }),
        probeResult({ runId: 'run-3', termId: 'group-x-1', role: 'group', verdict: 'masked' }),
        probeResult({ runId: 'run-3', termId: 'group-x-1', role: 'group-control' }),
        probeResult({
          runId: 'run-3',
          termId: 'combination-a+b',
          role: 'term',
          verdict: 'blocked',
          members: ['a', 'b'],
        }),
      ];
      for (const record of records) await store.saveProbe(record);
      assert.deepEqual(await store.runCounts('run-3'), countsOf(records));
      assert.deepEqual(await store.runCounts('run-3'), { done: 2, findings: 2, inconclusive: 1 });

      const estimate = {
        runId: 'run-3',
        batchId: 'mi.lab-browser.0',
        deviceId: 'mi',
        startedAt: '2026-11-03T02:00:00.000Z',
        at: '2026-11-03T02:00:02.000Z',
        payloads: 40,
        etaMs: 120_000,
        typed: 1,
      };
      await store.saveBatchEstimate(estimate);
      await store.saveBatchEstimate({ ...estimate, runId: 'run-4' });
      await store.saveBatchEstimate({
        ...estimate,
        startedAt: '2026-11-03T02:09:00.000Z',
        at: '2026-11-03T02:00:04.000Z',
        payloads: 0,
        etaMs: 0,
        typed: 41,
      });
      assert.deepEqual(await store.batchEstimates('run-3'), [
        { ...estimate, at: '2026-11-03T02:00:04.000Z', payloads: 0, etaMs: 0, typed: 41 },
      ]);
      assert.equal((await store.batchEstimates('run-4')).length, 1, 'batch ids repeat across runs');
    });

    test('finds the runs of a firmware, oldest first, and every firmware with results', async () => {
      assert.deepEqual(
        (await store.runsOfFirmware(MI_V4)).map((r) => r.runId),
        ['run-1', 'run-2'],
      );
      assert.deepEqual(
        (await store.runsOfFirmware(MI_V1)).map((r) => r.runId),
        ['run-2'],
      );
      assert.deepEqual(await store.firmwareKeys(), [MI_V1, MI_V4]);
    });

    test("keeps the firmware each batch read off its phone (a retry's read stands) and what a device ran the run before", async () => {
      const read = {
        runId: 'run-2',
        batchId: 'mi10t.lab-browser.0',
        deviceId: 'mi10t',
        profileKey: MI_V4,
        firmwareKey: MI_V4,
        fingerprint:
          'Xiaomi/apollo_eea/apollo:11/RKQ1.200419.002/V12.5.4.0.RJDEUXM:user/release-keys',
        incremental: 'V12.5.4.0.RJDEUXM',
        readAt: '2026-11-02T02:00:00.000Z',
      };
      await store.saveBatchFirmware(read);
      const again = { ...read, firmwareKey: MI_V1, readAt: '2026-11-02T02:05:00.000Z' };
      await store.saveBatchFirmware(again);
      assert.deepEqual(await store.batchFirmware('run-2'), [again]);
      assert.deepEqual(await store.batchFirmware('run-1'), []);
      assert.equal(await store.previousFirmwareOf('mi10t', 'run-2'), MI_V4, "run-1's");
      assert.equal(await store.previousFirmwareOf('mi10t', 'run-1'), null, 'no run before');
    });

    test('keeps named API tokens by their digest; a revoked one is found no more, and its name stays taken', async () => {
      const alice = { name: 'alice', role: 'tester', createdAt: '2026-11-03T09:00:00.000Z' };
      assert.equal(
        await store.addApiToken({ ...alice, revokedAt: null, sha256: 'a'.repeat(64) }),
        true,
      );
      assert.equal(
        await store.addApiToken({
          ...alice,
          role: 'admin',
          revokedAt: null,
          sha256: 'b'.repeat(64),
        }),
        false,
        'a name is added once',
      );
      assert.deepEqual(await store.activeApiToken('a'.repeat(64)), { ...alice, revokedAt: null });
      assert.equal(await store.activeApiToken('b'.repeat(64)), undefined);
      assert.equal(await store.revokeApiToken('alice', '2026-11-03T10:00:00.000Z'), true);
      assert.equal(await store.revokeApiToken('alice', '2026-11-03T11:00:00.000Z'), false);
      assert.equal(await store.activeApiToken('a'.repeat(64)), undefined);
      assert.deepEqual(await store.apiTokens(), [
        { ...alice, revokedAt: '2026-11-03T10:00:00.000Z' },
      ]);
    });
  });

  describe(`migrating an old ${engine.name} database`, { skip: engine.skip }, () => {
    test('brings a database at the first schema up to date and keeps every row', async () => {
      const location = (await engine.fresh())!;
      const db = kyselyAt(location);
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
      });
      const first = Object.keys(MIGRATIONS)[0]!;
      assert.equal((await migrator.migrateTo(first)).error, undefined);
      const old = probeResult({ runId: 'old-run', term: 'Laisvę Tibetui' });
      await sql`insert into probes (probe_id, run_id, device_id, firmware_key, verdict, record, updated_at)
        values (${old.probeId}, ${old.runId}, ${old.deviceId}, ${old.firmwareKey}, ${old.verdict}, ${JSON.stringify(old)}, ${'2026-01-01'})`.execute(
        db,
      );
      await db.destroy();

      const store = await ResultStore.open(location);
      try {
        assert.deepEqual(await store.probesOfRun('old-run'), [old]);
        const filled = await columnsOf(location, old.probeId);
        assert.deepEqual(filled, {
          term_id: old.termId,
          role: old.role,
          started_at: old.startedAt,
        });
      } finally {
        await store.close();
      }
    });

    test('refuses a database written by a newer censorwatch, naming what it does not know', async () => {
      const location = (await engine.fresh())!;
      await (await ResultStore.open(location)).close();
      const db = kyselyAt(location);
      await sql`insert into kysely_migration (name, timestamp) values ('999-from-the-future', ${'2027-01-01T00:00:00.000Z'})`.execute(
        db,
      );
      await db.destroy();
      await assert.rejects(
        ResultStore.open(location),
        isStoreError(/999-from-the-future.*newer censorwatch/),
      );
    });
  });
}

describe('SQLite files', () => {
  test('a database from before kept migrations (user_version 1) is adopted with its rows', async () => {
    const file = join(dir, 'legacy.db');
    const legacy = new Database(file);
    legacy.exec(`CREATE TABLE runs (run_id TEXT PRIMARY KEY, kind TEXT NOT NULL, created_at TEXT NOT NULL,
        term_list_name TEXT NOT NULL, term_list_sha256 TEXT NOT NULL, planned_probes INTEGER NOT NULL,
        status TEXT NOT NULL, finished_at TEXT);
      CREATE TABLE probes (probe_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, device_id TEXT NOT NULL,
        firmware_key TEXT NOT NULL, verdict TEXT NOT NULL, record TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE INDEX probes_by_run ON probes (run_id);
      CREATE INDEX probes_by_firmware ON probes (firmware_key);`);
    legacy.pragma('user_version = 1');
    const old = probeResult({ runId: 'legacy-run', verdict: 'masked', channel: 'render' });
    legacy
      .prepare(
        `INSERT INTO runs VALUES (?, 'nightly', '2026-01-01', 'x', 'y', 1, 'finished', NULL)`,
      )
      .run('legacy-run');
    legacy
      .prepare(`INSERT INTO probes VALUES (?, ?, ?, ?, ?, ?, '2026-01-01')`)
      .run(old.probeId, old.runId, old.deviceId, old.firmwareKey, old.verdict, JSON.stringify(old));
    legacy.close();

    const store = await ResultStore.open(file);
    try {
      assert.equal((await store.run('legacy-run'))?.status, 'finished');
      assert.deepEqual(await store.probesOfRun('legacy-run'), [old]);
      assert.deepEqual(await store.runsOfFirmware(old.firmwareKey), [
        await store.run('legacy-run'),
      ]);
    } finally {
      await store.close();
    }
  });

  test('a corrupted file is refused with its name and left as it was', async () => {
    const file = join(dir, 'corrupt.db');
    const garbage = Buffer.from('this is not an SQLite database, just bytes '.repeat(200));
    writeFileSync(file, garbage);
    await assert.rejects(ResultStore.open(file), isStoreError(/corrupt\.db: .*not a .*database/));
    assert.deepEqual(readFileSync(file), garbage, 'nothing in it was changed');
  });
});

describe('PostgreSQL that cannot be reached', () => {
  test('is a clear error naming the server without its password', async () => {
    await assert.rejects(
      ResultStore.open('postgres://censorwatch:s3cret@127.0.0.1:9/results'),
      (error: unknown) =>
        error instanceof StoreError &&
        /127\.0\.0\.1:9\/results: cannot read the results database/.test(error.message) &&
        !error.message.includes('s3cret'),
    );
  });
});

function kyselyAt(location: string): Kysely<unknown> {
  if (location.startsWith('postgres')) {
    return new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location }) }),
    });
  }
  return new Kysely({ dialect: new SqliteDialect({ database: new Database(location) }) });
}

async function columnsOf(location: string, probeId: string): Promise<Record<string, unknown>> {
  const db = kyselyAt(location);
  try {
    const { rows } = await sql<
      Record<string, unknown>
    >`select term_id, role, started_at from probes where probe_id = ${probeId}`.execute(db);
    return { ...rows[0] };
  } finally {
    await db.destroy();
  }
}
