import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// The signal list sorted by provider ordered on coalesce(provider name, typed provider text), which lives partly in
// another table: PostgreSQL sorted every signal for one page (1.8 s on a million). The sort key is kept on the signal
// itself by triggers (a new or changed signal; a renamed provider, rare, updates its signals), so an index walks it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table signals add column provider_sort text`.execute(db);
  await sql`update signals s set provider_sort = coalesce((select p.name from providers p where p.id = s.provider_id), s.provider_text)`.execute(
    db,
  );
  await sql`create function signal_provider_sort() returns trigger language plpgsql as $$
    begin
      new.provider_sort := coalesce((select p.name from providers p where p.id = new.provider_id), new.provider_text);
      return new;
    end $$`.execute(db);
  await sql`create trigger signal_provider_sort before insert or update of provider_id, provider_text on signals
    for each row execute function signal_provider_sort()`.execute(db);
  await sql`create function provider_renamed() returns trigger language plpgsql as $$
    begin
      update signals set provider_sort = new.name where provider_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger provider_renamed after update of name on providers
    for each row when (old.name is distinct from new.name) execute function provider_renamed()`.execute(db);
  // Both directions keep signals without any provider last, as the list has always shown them.
  await sql`create index signals_provider_sort_asc on signals (provider_sort asc nulls last, reference asc)`.execute(db);
  await sql`create index signals_provider_sort_desc on signals (provider_sort desc nulls last, reference desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger provider_renamed on providers`.execute(db);
  await sql`drop function provider_renamed()`.execute(db);
  await sql`drop trigger signal_provider_sort on signals`.execute(db);
  await sql`drop function signal_provider_sort()`.execute(db);
  await sql`alter table signals drop column provider_sort`.execute(db);
}
