/**
 * PostgreSQL for tests. Every suite that touches SQL runs on SQLite by default and on
 * PostgreSQL with FNBOX_TEST_DIALECT=postgres (CI runs them twice: see .ci/run). Each test
 * server and temp database gets a fresh database of its own, dropped when it closes (and any
 * left over at the end of the run by the global teardown).
 *
 * The server: FNBOX_TEST_DATABASE_URL (a role that may CREATE DATABASE), default the one
 * scripts/ensure-postgres.sh makes on a local cluster. Tests that need PostgreSQL skip when
 * it does not answer, except in CI (CI=true), where they fail instead.
 */
import crypto from 'node:crypto';
import pg from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

export const testDialect: TestDialect = process.env.FNBOX_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

export const adminUrl = (): string =>
  process.env.FNBOX_TEST_DATABASE_URL || 'postgres://fnbox_test:fnbox_test@127.0.0.1:5432/postgres';

/**
 * Names of this run's databases start with this; the global setup sets FNBOX_TEST_RUN for
 * the workers it starts, and its teardown drops what this run left (and only that).
 */
const databasePrefix = () => `fnbox_t_${(process.env.FNBOX_TEST_RUN ?? 'x').replace(/[^a-z0-9]/g, '')}_`;

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers; in CI a missing server is an error, never a skip. */
export async function postgresAvailable(): Promise<boolean> {
  try {
    await withAdmin((client) => client.query('select 1'));
    return true;
  } catch (error) {
    if (process.env.CI === 'true' || testDialect === 'postgres') {
      throw new Error(`PostgreSQL does not answer at FNBOX_TEST_DATABASE_URL (run scripts/ensure-postgres.sh): ${String(error)}`);
    }
    return false;
  }
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database; `drop` removes it (closing whatever is still connected). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${databasePrefix()}${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return { url: url.toString(), drop: () => (dropped ??= dropDatabase(name)) };
}

/**
 * `with (force)` closes what is still connected, but may not end an autovacuum worker busy
 * in the database (not the role's own process): then it waits a moment and tries again.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return void (await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`)));
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Drops this run's test databases still there (the global teardown). */
export async function dropLeftoverDatabases(): Promise<void> {
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${databasePrefix()}%`]);
    for (const { datname } of rows) await dropDatabase(datname);
  });
}
