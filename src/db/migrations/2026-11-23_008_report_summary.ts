import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// The follow-up report over ten years must not read a million signals. Summaries per Amsterdam calendar day of
// receipt are kept up to date by triggers in the transaction that writes the signal, whatever writes it (the app, the
// API, a script): for young people and for other reporters the follow-up outcomes that do not change with time, and
// per staff member the first contacts. They repeat two rules of the app as they are today (isYoungPerson and
// followUpStatus in src/signals/types.ts; test/signals/reportFromSql.test.ts compares them with the old computation):
// a change to those rules needs a migration that rebuilds them. Whether a signal still waiting is open or past its
// deadline depends on "now": the report splits `waiting` with the few whose deadline is still ahead. Duplicates are
// counted apart (their original is counted). Partial indexes page the lists of breaches and unreachable reporters,
// and count the signals waiting for contact (the "Nu" figures) from the index alone.
const OUTCOMES = ['total', 'met', 'late', 'unreachable', 'waiting', 'duplicates', 'young_person_self'] as const;
const STAFF = [
  ['staff_day_figures', 'day'],
  ['staff_month_figures', 'month'],
] as const;
const WATCHED = [
  'received_at',
  'reporter_type',
  'young_person_self',
  'duplicate_of',
  'due_at',
  'contacted_at',
  'contacted_by',
  'unreachable_at',
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table signal_day_figures (
    day date not null,
    youth boolean not null,
    ${sql.join(OUTCOMES.map((c) => sql`${sql.ref(c)} integer not null default 0`))},
    primary key (day, youth))`.execute(db);
  // Per staff member by day for the edges of a period and by month for its whole months: ten years are then a few
  // thousand rows, not a row per day for each of dozens of staff members.
  for (const [table, key] of STAFF) {
    await sql`create table ${sql.table(table)} (
      ${sql.ref(key)} date not null,
      user_id uuid not null,
      contacts integer not null default 0,
      within_norm integer not null default 0,
      primary key (${sql.ref(key)}, user_id))`.execute(db);
  }
  // Adds (n = 1) or takes away (n = -1) one signal's share: the same rules as followUpStatus.
  await sql`create function signal_figures_add(r signals, n integer) returns void language plpgsql as $$
    declare
      d date := (r.received_at at time zone 'Europe/Amsterdam')::date;
      c integer := case when r.duplicate_of is null then n else 0 end;
    begin
      insert into signal_day_figures as f (day, youth, total, met, late, unreachable, waiting, duplicates, young_person_self)
      values (d, r.reporter_type in ('jeugdige', 'oud-bewoner'), c,
        case when r.contacted_at <= r.due_at then c else 0 end,
        case when r.contacted_at > r.due_at then c else 0 end,
        case when r.contacted_at is null and r.unreachable_at is not null then c else 0 end,
        case when r.contacted_at is null and r.unreachable_at is null then c else 0 end,
        case when r.duplicate_of is not null then n else 0 end,
        case when r.young_person_self then n else 0 end)
      on conflict (day, youth) do update set
        total = f.total + excluded.total, met = f.met + excluded.met, late = f.late + excluded.late,
        unreachable = f.unreachable + excluded.unreachable, waiting = f.waiting + excluded.waiting,
        duplicates = f.duplicates + excluded.duplicates, young_person_self = f.young_person_self + excluded.young_person_self;
      if r.duplicate_of is null and r.contacted_at is not null and r.contacted_by is not null then
        insert into staff_day_figures as f (day, user_id, contacts, within_norm)
        values (d, r.contacted_by, n, case when r.contacted_at <= r.due_at then n else 0 end)
        on conflict (day, user_id) do update set contacts = f.contacts + excluded.contacts, within_norm = f.within_norm + excluded.within_norm;
        insert into staff_month_figures as f (month, user_id, contacts, within_norm)
        values (date_trunc('month', d)::date, r.contacted_by, n, case when r.contacted_at <= r.due_at then n else 0 end)
        on conflict (month, user_id) do update set contacts = f.contacts + excluded.contacts, within_norm = f.within_norm + excluded.within_norm;
      end if;
    end $$`.execute(db);
  await sql`create function signal_figures_trigger() returns trigger language plpgsql as $$
    begin
      -- A move between two summary rows touches them in one fixed order (day, then youth), whichever way it goes:
      -- two corrections the opposite way at the same moment would otherwise each hold the row the other waits for.
      if tg_op = 'UPDATE' and ((new.received_at at time zone 'Europe/Amsterdam')::date, new.reporter_type in ('jeugdige', 'oud-bewoner'))
                            < ((old.received_at at time zone 'Europe/Amsterdam')::date, old.reporter_type in ('jeugdige', 'oud-bewoner')) then
        perform signal_figures_add(new, 1);
        perform signal_figures_add(old, -1);
      else
        if tg_op in ('UPDATE', 'DELETE') then perform signal_figures_add(old, -1); end if;
        if tg_op in ('INSERT', 'UPDATE') then perform signal_figures_add(new, 1); end if;
      end if;
      return null;
    end $$`.execute(db);
  // CREATE TRIGGER locks out writers until this migration commits: the backfill below misses no signal.
  const cols = sql.join(WATCHED.map((c) => sql.ref(c)));
  const was = sql.join(WATCHED.map((c) => sql.ref(`old.${c}`)));
  const is = sql.join(WATCHED.map((c) => sql.ref(`new.${c}`)));
  await sql`create trigger signal_figures_insert after insert on signals for each row execute function signal_figures_trigger()`.execute(
    db,
  );
  await sql`create trigger signal_figures_update after update of ${cols} on signals
    for each row when ((${was}) is distinct from (${is})) execute function signal_figures_trigger()`.execute(db);
  await sql`create trigger signal_figures_delete after delete on signals for each row execute function signal_figures_trigger()`.execute(
    db,
  );
  await sql`insert into signal_day_figures (day, youth, ${sql.join(OUTCOMES.map((c) => sql.ref(c)))})
    select (received_at at time zone 'Europe/Amsterdam')::date, reporter_type in ('jeugdige', 'oud-bewoner'),
      count(*) filter (where duplicate_of is null),
      count(*) filter (where duplicate_of is null and contacted_at <= due_at),
      count(*) filter (where duplicate_of is null and contacted_at > due_at),
      count(*) filter (where duplicate_of is null and contacted_at is null and unreachable_at is not null),
      count(*) filter (where duplicate_of is null and contacted_at is null and unreachable_at is null),
      count(*) filter (where duplicate_of is not null),
      count(*) filter (where young_person_self)
    from signals group by 1, 2`.execute(db);
  await sql`insert into staff_day_figures (day, user_id, contacts, within_norm)
    select (received_at at time zone 'Europe/Amsterdam')::date, contacted_by, count(*), count(*) filter (where contacted_at <= due_at)
    from signals where duplicate_of is null and contacted_at is not null and contacted_by is not null group by 1, 2`.execute(db);
  await sql`insert into staff_month_figures (month, user_id, contacts, within_norm)
    select date_trunc('month', day)::date, user_id, sum(contacts), sum(within_norm) from staff_day_figures group by 1, 2`.execute(db);
  // With the columns of "late or past the deadline", a deep page is skipped over in the index alone.
  await sql`create index signals_report_breaches on signals (received_at, id) include (due_at, contacted_at, unreachable_at)
    where duplicate_of is null and (contacted_at > due_at or (contacted_at is null and unreachable_at is null))`.execute(db);
  await sql`create index signals_report_unreachable on signals (received_at, id)
    where duplicate_of is null and contacted_at is null and unreachable_at is not null`.execute(db);
  // Waiting for contact (search/conditions.ts waitingForContact), with the predicate's columns so the "Nu" counts and
  // the open ones of a period are read from the index: breaches never contacted stay here for good (tens of thousands).
  await sql`create index signals_waiting_due on signals (due_at) include (contacted_at, unreachable_at, duplicate_of)
    where contacted_at is null and unreachable_at is null and duplicate_of is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index signals_waiting_due`.execute(db);
  await sql`drop index signals_report_unreachable`.execute(db);
  await sql`drop index signals_report_breaches`.execute(db);
  for (const t of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.raw(`signal_figures_${t}`)} on signals`.execute(db);
  await sql`drop function signal_figures_trigger()`.execute(db);
  await sql`drop function signal_figures_add(signals, integer)`.execute(db);
  for (const [table] of STAFF) await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`drop table signal_day_figures`.execute(db);
}
