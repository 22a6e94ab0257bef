import { Kysely, PostgresDialect, Migrator, type Transaction } from 'kysely';
import { Pool, Client, types } from 'pg';
import type { Database } from './database';
import { migrations } from './migrations';

// `date` columns stay plain 'YYYY-MM-DD' strings: a calendar day has no time zone.
types.setTypeParser(1082, (v: string) => v);
// bigint ids (audit) stay strings so nothing loses precision.
types.setTypeParser(20, (v: string) => v);

export type Db = Kysely<Database>;
export type Executor = Kysely<Database> | Transaction<Database>;

/** Where a lost connection is reported; the pool works without one. */
export type ConnectionLog = { warn(obj: object, msg: string): void };

export function createPool(databaseUrl: string, max = 10, log?: ConnectionLog, statementTimeoutMs?: number): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 10000,
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
  });
  // A pg client emits 'error' when its server goes away, and an 'error' event nobody listens to ends the process.
  // pg-pool listens only while a client is idle; a checked-out client (a Kysely transaction holds one) has no
  // listener of its own. So every client gets one for its whole life: the query in flight fails by itself (the
  // request answers 503) and the pool drops the dead client when it is released.
  pool.on('connect', (client) => client.on('error', (err) => log?.warn({ err: err.message }, 'databaseverbinding verloren')));
  // The idle case is also reported to the pool; the client's own listener has logged it.
  pool.on('error', () => undefined);
  return pool;
}

export function createDb(pool: Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Creates the database named in the URL when it does not exist yet (connects to the `postgres` database for that). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  // Without a listener a dropped connection would end the process instead of failing the query below.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
