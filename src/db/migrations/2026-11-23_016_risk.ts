import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// The risk overview (src/risk) ranks every provider and group on, among others, its signals of the last 90 days. Those
// are some 45,000 of a million signals, spread over 9,000 pages of the wide signals table: reading them took 100 to
// 150 ms, and an index-only scan does not help, since the recent signals are exactly the ones still being updated
// (their pages are not all-visible until a vacuum that a large table seldom gets). So the few columns the overview
// counts are kept apart, one narrow row per counted signal (not a duplicate, about a provider): the window is then a
// few hundred pages. Kept by triggers in the transaction that writes the signal, whatever writes it. One row per
// signal means no shared counter rows, so no lock order to keep: a new signal only inserts its own row, a change of
// place or a duplicate mark (rare) replaces it. Inserts and deletes are per statement, so the load generator's bulk
// inserts pay one set-based insert, not a trigger call per row.
//
// Late mandatory reports (about one in ten) are counted through a partial index with the columns the overview groups by.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table risk_signals (
    signal_id uuid primary key,
    received_at timestamptz not null,
    provider_id uuid not null,
    location_id uuid,
    unit_id uuid)`.execute(db);
  const counted = (r: string) => sql.raw(`${r}.duplicate_of is null and ${r}.provider_id is not null`);
  await sql`create function risk_signals_insert() returns trigger language plpgsql as $$
    begin
      insert into risk_signals (signal_id, received_at, provider_id, location_id, unit_id)
      select n.id, n.received_at, n.provider_id, n.location_id, n.unit_id from new_rows n where ${counted('n')};
      return null;
    end $$`.execute(db);
  await sql`create function risk_signals_delete() returns trigger language plpgsql as $$
    begin
      delete from risk_signals r using old_rows o where r.signal_id = o.id;
      return null;
    end $$`.execute(db);
  await sql`create function risk_signals_update() returns trigger language plpgsql as $$
    begin
      delete from risk_signals where signal_id = old.id;
      if ${counted('new')} then
        insert into risk_signals (signal_id, received_at, provider_id, location_id, unit_id)
        values (new.id, new.received_at, new.provider_id, new.location_id, new.unit_id);
      end if;
      return null;
    end $$`.execute(db);
  // CREATE TRIGGER locks out writers until this migration commits: the backfill below misses no signal.
  await sql`create trigger risk_signals_insert after insert on signals referencing new table as new_rows
    for each statement execute function risk_signals_insert()`.execute(db);
  await sql`create trigger risk_signals_delete after delete on signals referencing old table as old_rows
    for each statement execute function risk_signals_delete()`.execute(db);
  // Transition tables cannot go with a column list; a change of place is rare, so this one is per row, and only fires
  // when one of the counted columns really changed.
  const watched = ['received_at', 'provider_id', 'location_id', 'unit_id', 'duplicate_of'];
  const was = sql.join(watched.map((c) => sql.ref(`old.${c}`)));
  const is = sql.join(watched.map((c) => sql.ref(`new.${c}`)));
  await sql`create trigger risk_signals_update after update of ${sql.join(watched.map((c) => sql.ref(c)))} on signals
    for each row when ((${was}) is distinct from (${is})) execute function risk_signals_update()`.execute(db);
  await sql`insert into risk_signals (signal_id, received_at, provider_id, location_id, unit_id)
    select s.id, s.received_at, s.provider_id, s.location_id, s.unit_id from signals s where ${counted('s')}`.execute(db);
  // The window of every provider and group, and one group's signals (the funnel's marked group).
  await sql`create index risk_signals_received on risk_signals (received_at) include (provider_id, unit_id)`.execute(db);
  await sql`create index risk_signals_unit on risk_signals (unit_id, received_at) where unit_id is not null`.execute(db);
  await sql`create index mandatory_reports_late on mandatory_reports (reported_at) include (provider_id, unit_id) where late`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index mandatory_reports_late`.execute(db);
  for (const t of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.raw(`risk_signals_${t}`)} on signals`.execute(db);
  for (const t of ['insert', 'update', 'delete']) await sql`drop function ${sql.raw(`risk_signals_${t}`)}()`.execute(db);
  await sql`drop table risk_signals`.execute(db);
}
