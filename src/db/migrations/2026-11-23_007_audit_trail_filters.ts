import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// The audit trail is browsed per signal, per user and per period, newest first, a page at a time with a count.
// Entries about a signal's messages and contact attempts name the signal in their changes (`signalId`, plain or as
// a before/after pair); this expression index finds them without reading the whole trail. Indexes only: the app's
// role still may only SELECT and INSERT on audit_log.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index audit_log_signal on audit_log ((coalesce(changes->'signalId'->>'after', changes->>'signalId')))
    where coalesce(changes->'signalId'->>'after', changes->>'signalId') is not null`.execute(db);
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  // Per user, newest first: the actor's entries in id order, without sorting them all.
  await db.schema.createIndex('audit_log_actor_id').on('audit_log').columns(['actor_id', 'id']).execute();
  await db.schema.dropIndex('audit_log_actor').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor_id').execute();
  await db.schema.dropIndex('audit_log_actor_id').execute();
  await db.schema.dropIndex('audit_log_at').execute();
  await db.schema.dropIndex('audit_log_signal').execute();
}
