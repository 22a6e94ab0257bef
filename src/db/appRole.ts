import { Client } from 'pg';

// Tables the application may read and append to, but never change or empty: the audit trail.
const APPEND_ONLY = ['audit_log'];
const READ_ONLY = ['audit_instance'];
// The migrator's own bookkeeping is the owner's business alone.
const OWNER_ONLY = ['kysely_migration', 'kysely_migration_lock'];
// Grants on one database are serialised: concurrent GRANTs on the same object fail with "tuple concurrently updated".
const GRANT_LOCK_KEY = 7_342_002;

/**
 * Makes sure the application's login role (APP_DATABASE_URL) exists and has exactly: CONNECT, USAGE on the
 * schema, SELECT/INSERT/UPDATE/DELETE on every table except the audit trail, SELECT/INSERT on audit_log,
 * SELECT on audit_instance, and USAGE/SELECT on the sequences. Runs as the owner (DATABASE_URL) after migrating;
 * safe to repeat and to run from several processes at once.
 */
export async function ensureAppRole(ownerUrl: string, appUrl: string): Promise<void> {
  const app = new URL(appUrl);
  const role = decodeURIComponent(app.username);
  const password = decodeURIComponent(app.password);
  const database = decodeURIComponent(new URL(ownerUrl).pathname.replace(/^\//, ''));
  const client = new Client({ connectionString: ownerUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const r = client.escapeIdentifier(role);
    const found = await client.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = $1', [role]);
    if (found.rows[0]?.rolsuper)
      throw new Error(`APP_DATABASE_URL: de rol ${role} is superuser; de app heeft een eigen rol zonder die rechten nodig`);
    if (found.rowCount === 0) {
      try {
        await client.query(`create role ${r} login${password ? ` password ${client.escapeLiteral(password)}` : ''}`);
      } catch (e) {
        // Roles belong to the whole server: another process (or test file) may have created it a moment ago.
        const code = (e as { code?: string }).code;
        if (code !== '42710' && code !== '23505') throw e;
      }
    }
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [GRANT_LOCK_KEY]);
    const tables = await client.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
    await client.query(`grant connect on database ${client.escapeIdentifier(database)} to ${r}`);
    await client.query(`grant usage on schema public to ${r}`);
    await client.query(`revoke all on all tables in schema public from ${r}`);
    await client.query(`revoke all on all sequences in schema public from ${r}`);
    for (const { name } of tables.rows) {
      if (OWNER_ONLY.includes(name)) continue;
      const rights = APPEND_ONLY.includes(name) ? 'select, insert' : READ_ONLY.includes(name) ? 'select' : 'select, insert, update, delete';
      await client.query(`grant ${rights} on table ${client.escapeIdentifier(name)} to ${r}`);
    }
    await client.query(`grant usage, select on all sequences in schema public to ${r}`);
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}
