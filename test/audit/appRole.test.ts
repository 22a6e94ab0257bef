import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { systemActor } from '../../src/audit/types';
import { ensureAppRole } from '../../src/db/appRole';
import { Client } from 'pg';
import { appRoleFor, loadConfig } from '../../src/config';
import { prepareDatabase } from '../../src/startup';
import { adminQuery, createTestDatabase, dropTestDatabase, templateDb } from '../support/db';
import { testServices, type TestContext } from '../support/testServices';
import { ownerDb } from './support';

let ctx: TestContext;
const appRole = appRoleFor(templateDb());
beforeAll(async () => {
  ctx = await testServices();
  await ctx.services.providers.create(systemActor('t'), { name: 'Aanbieder', locations: [] });
});
afterAll(() => ctx.cleanup());

const refused = async (q: Promise<unknown>) =>
  expect(
    await q.then(
      () => 'toegestaan',
      (e: { code?: string }) => e.code,
    ),
  ).toBe('42501');

test('the app connects as its own role, and PostgreSQL refuses it UPDATE, DELETE and TRUNCATE on the audit tables', async () => {
  const db = ctx.services.db;
  const { rows } = await sql<{ user: string }>`select current_user as user`.execute(db);
  expect(rows[0]!.user).toBe(ctx.config.appDatabaseUrl.match(/^postgres:\/\/([^@:]+)/)![1]);
  expect(rows[0]!.user).toMatch(/^jt_template_.*_app$/);

  await refused(sql`update audit_log set actor_label = 'iemand anders'`.execute(db));
  await refused(sql`delete from audit_log`.execute(db));
  await refused(sql`truncate audit_log`.execute(db));
  await refused(sql`update audit_instance set legacy_until = 999`.execute(db));
  await refused(sql`delete from audit_instance`.execute(db));
  await refused(sql`truncate audit_instance`.execute(db));
  await refused(sql`select setval('audit_log_id_seq', 1)`.execute(db));
  await refused(sql`drop table audit_log`.execute(db));

  // Everything else the app does still works through the same role.
  await sql`update providers set name = name`.execute(db);
  await ctx.services.providers.create(systemActor('t'), { name: 'Nog een', locations: [] });
  const owner = ownerDb(ctx);
  try {
    expect(await owner.selectFrom('audit_log').select('id').execute()).toHaveLength(2);
  } finally {
    await owner.destroy();
  }
});

test('the app role has exactly: select/insert/update/delete on ordinary tables, select/insert on the trail, nothing on the migrations', async () => {
  const { rows } = await sql<{ table: string; rights: string }>`
    select c.relname as table,
      concat_ws(',', ${sql.join(['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'].map((p) => sql`case when has_table_privilege(${appRole}, c.oid, ${p}) then ${p} end`))}) as rights
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' order by 1`.execute(ctx.services.db);
  const rights = Object.fromEntries(rows.map((r) => [r.table, r.rights]));
  expect(rights.audit_log).toBe('select,insert');
  expect(rights.audit_instance).toBe('select');
  expect(rights.kysely_migration).toBe('');
  expect(rights.kysely_migration_lock).toBe('');
  const ordinary = rows.filter((r) => !['audit_log', 'audit_instance', 'kysely_migration', 'kysely_migration_lock'].includes(r.table));
  expect(ordinary.length).toBeGreaterThan(10);
  for (const r of ordinary) expect([r.table, r.rights]).toEqual([r.table, 'select,insert,update,delete']);
});

test('creating the role and granting is idempotent and safe when several processes do it at once', async () => {
  const role = `jt_test_app_${randomBytes(4).toString('hex')}`;
  const fresh = await testServices();
  try {
    const appUrl = new URL(fresh.databaseUrl);
    appUrl.username = role;
    await Promise.all(Array.from({ length: 4 }, () => ensureAppRole(fresh.databaseUrl, appUrl.toString())));
    await ensureAppRole(fresh.databaseUrl, appUrl.toString());
    const { rows } = await sql<{ ok: boolean; update: boolean }>`
      select has_table_privilege(${role}, 'audit_log', 'insert') as ok, has_table_privilege(${role}, 'audit_log', 'update') as update`.execute(
      fresh.services.db,
    );
    expect(rows[0]).toEqual({ ok: true, update: false });
  } finally {
    await fresh.cleanup();
    await adminQuery(`drop role if exists "${role}"`);
  }
});

// Found by an attack: with one role for every database on the server, the app of one instance (a demo) held rights in
// another's (production's) database.
test('each database gets its own app role, which has no rights in another database', async () => {
  const names = [`jt_test_rol_a_${randomBytes(3).toString('hex')}`, `jt_test_rol_b_${randomBytes(3).toString('hex')}`];
  try {
    for (const name of names)
      await prepareDatabase(loadConfig({ DATABASE_URL: await createTestDatabase(name), AUDIT_ANCHOR_DIR: process.env.AUDIT_ANCHOR_DIR }));
    const [a, b] = names.map(appRoleFor) as [string, string];
    expect(a).toBe(`${names[0]}_app`);
    const inB = new Client({
      connectionString: loadConfig({ DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${names[1]}` }).databaseUrl,
    });
    await inB.connect();
    try {
      const r = await inB.query('select has_table_privilege($1, $3, $4) as other, has_table_privilege($2, $3, $4) as own', [
        a,
        b,
        'signal_contacts',
        'select',
      ]);
      expect(r.rows[0]).toEqual({ other: false, own: true });
    } finally {
      await inB.end();
    }
  } finally {
    for (const name of names) await dropTestDatabase(name);
  }
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  const left = (await admin.query('select count(*)::int as n from pg_roles where rolname = any($1)', [names.map(appRoleFor)])).rows[0].n;
  await admin.end();
  expect(left).toBe(0);
});
