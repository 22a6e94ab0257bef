import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// The provider timeline (src/timeline) pages each kind by keyset on (instant, id) within a provider, a location or a
// unit, newest first. These indexes let every page start where the cursor points and stop after a page's worth of
// rows, however long the provider's history. Each composite index begins with the column of the single-column index
// it replaces, so equality lookups on provider, location or unit keep an index.
//
// A status's end is recorded later than the status itself; `ends_recorded_at` says when, so "as known on date X" can
// leave out an end recorded after X. Existing ends take the moment of their audited update, or the creation; a writer
// that leaves it empty (the seed, the load generator: all at once) is read as recorded at the creation.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index signals_provider_received on signals (provider_id, received_at, id)`.execute(db);
  await sql`create index signals_location_received on signals (location_id, received_at, id) where location_id is not null`.execute(db);
  await sql`create index signals_unit_received on signals (unit_id, received_at, id) where unit_id is not null`.execute(db);
  await sql`drop index signals_provider`.execute(db);
  await sql`drop index signals_location`.execute(db);
  await sql`drop index signals_unit`.execute(db);
  await sql`create index consultations_provider_created on consultations (provider_id, created_at, id)`.execute(db);

  await db.schema.alterTable('provider_statuses').addColumn('ends_recorded_at', 'timestamptz').execute();
  await sql`update provider_statuses ps set ends_recorded_at = coalesce(
      (select max(a.at) from audit_log a where a.object_type = 'provider-status' and a.object_id = ps.id::text and a.action = 'update'),
      ps.created_at)
    where ps.ends_on is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('provider_statuses').dropColumn('ends_recorded_at').execute();
  await sql`drop index consultations_provider_created`.execute(db);
  await db.schema.createIndex('signals_unit').on('signals').column('unit_id').where('unit_id', 'is not', null).execute();
  await db.schema.createIndex('signals_location').on('signals').column('location_id').where('location_id', 'is not', null).execute();
  await db.schema.createIndex('signals_provider').on('signals').column('provider_id').execute();
  await sql`drop index signals_unit_received`.execute(db);
  await sql`drop index signals_location_received`.execute(db);
  await sql`drop index signals_provider_received`.execute(db);
}
