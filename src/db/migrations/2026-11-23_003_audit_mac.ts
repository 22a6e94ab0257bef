import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// From here on every audit entry carries an HMAC made with a key that is not in the database. Entries written
// before this migration keep their plain sha256 hash and stay valid as a legacy prefix of the chain; the first
// HMAC entry commits to the last of them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('alg', 'text', (c) =>
      c
        .notNull()
        .defaultTo('sha256')
        .check(sql`alg in ('sha256', 'hmac-sha256')`),
    )
    .execute();
  // Existing rows got 'sha256' from the default above; new rows are keyed.
  await sql`alter table audit_log alter column alg set default 'hmac-sha256'`.execute(db);

  // Identifies this database in the external anchor file, so an anchor never matches a recreated or different
  // database with the same name. legacy_until: the last entry made without a key; no later entry may be unkeyed.
  await db.schema
    .createTable('audit_instance')
    .addColumn('singleton', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`singleton`),
    )
    .addColumn('instance_id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('legacy_until', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into audit_instance (legacy_until) select max(id) from audit_log`.execute(db);

  // The external anchor takes over the head's role; a head row updated on every append would need UPDATE
  // rights the application's database role no longer has.
  await db.schema.dropTable('audit_head').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_head')
    .addColumn('singleton', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`singleton`),
    )
    .addColumn('last_id', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit_head (last_id, last_hash) select id, hash from audit_log order by id desc limit 1`.execute(db);
  await db.schema.dropTable('audit_instance').execute();
  await db.schema.alterTable('audit_log').dropColumn('alg').execute();
}
