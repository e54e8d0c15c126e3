// A throw-away PostgreSQL database per test file, on the PostgreSQL the machine runs; the tier is skipped, loudly, where none answers.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where tests look for PostgreSQL: a superuser URL of its maintenance database. */
const ADMIN_URL =
  process.env['CENSORWATCH_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database, or returns why PostgreSQL tests cannot run here. */
export async function createTestDatabase(): Promise<TestDatabase | { skip: string }> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    const skip = `PostgreSQL tests SKIPPED: no PostgreSQL answers at ${ADMIN_URL} (${(error as Error).message}); install and start postgresql, or set CENSORWATCH_TEST_POSTGRES`;
    process.stderr.write(`\n*** ${skip} ***\n\n`);
    return { skip };
  }
  const name = `cw_test_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
