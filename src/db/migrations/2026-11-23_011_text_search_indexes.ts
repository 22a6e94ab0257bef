import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// Searching signals by a word (`/signalen?q=`) is a substring match (ILIKE '%woord%'), which a B-tree cannot answer:
// on a million signals it read every row (2–8 s). Trigram indexes answer it for words of three letters or more. A word
// that names a provider, location or group is first looked up in those small tables, and the signals are then found
// through their location and unit columns, which had no index of their own.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index signals_summary_trgm on signals using gin (summary gin_trgm_ops)`.execute(db);
  await sql`create index signals_provider_text_trgm on signals using gin (provider_text gin_trgm_ops)
    where provider_text is not null`.execute(db);
  await db.schema.createIndex('signals_location').on('signals').column('location_id').where('location_id', 'is not', null).execute();
  await db.schema.createIndex('signals_unit').on('signals').column('unit_id').where('unit_id', 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('signals_unit').execute();
  await db.schema.dropIndex('signals_location').execute();
  await db.schema.dropIndex('signals_provider_text_trgm').execute();
  await db.schema.dropIndex('signals_summary_trgm').execute();
}
