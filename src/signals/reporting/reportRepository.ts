import { sql } from 'kysely';
import type { Db } from '../../db/connection';
import { isYoungPerson, REPORTER_TYPES } from '../types';
import { nextDay, startOfDay, waitingForContact } from '../search/conditions';

// The follow-up report in SQL, from the day summaries that triggers keep with every signal (migration 008): ten years
// are a few thousand small rows, never the signals themselves. Only "now" is read live from the signals: which of
// those still waiting have a deadline ahead (the few of the last days, through index signals_open_due).

export interface CountsRow {
  /** 2026-W47 for a week's row, null otherwise. */
  week: string | null;
  /** 2026-11 for a month's row, null otherwise; both null: the whole period. */
  month: string | null;
  youth: boolean;
  total: number;
  met: number;
  late: number;
  unreachable: number;
  /** Neither contacted nor unreachable: past its deadline (breached) or not yet (open). */
  waiting: number;
  open: number;
  duplicates: number;
  youngPersonSelf: number;
}

const YOUTH_TYPES = Object.keys(REPORTER_TYPES).filter(isYoungPerson);
/** The same rule as the summaries' (isYoungPerson); for the few open signals read from the table. */
const youth = sql<boolean>`(s.reporter_type in (${sql.join(YOUTH_TYPES)}))`;
const n = (column: string) => sql<number>`coalesce(sum(${sql.ref(column)}), 0)::int`;

/** Per ISO week, per month and over the whole period (Amsterdam days `from` to `to`), youth and others apart. */
export async function periodCounts(db: Db, from: string, to: string, now: Date): Promise<CountsRow[]> {
  const summary = sql`select day, youth, total, met, late, unreachable, waiting, 0 as open, duplicates, young_person_self
    from signal_day_figures where day >= ${from}::date and day <= ${to}::date`;
  const open = sql`select (s.received_at at time zone 'Europe/Amsterdam')::date, ${youth}, 0, 0, 0, 0, 0, 1, 0, 0
    from signals s
    where ${waitingForContact()} and s.due_at > ${now}
      and s.received_at >= ${startOfDay(from)} and s.received_at < ${startOfDay(nextDay(to))}`;
  const { rows } = await sql<CountsRow>`
    with d as (
      select day - (extract(isodow from day)::int - 1) as monday, date_trunc('month', day)::date as first,
        youth, total, met, late, unreachable, waiting, open, duplicates, young_person_self
      from (${summary} union all ${open}) f
    )
    select to_char(monday, 'IYYY-"W"IW') as week, to_char(first, 'YYYY-MM') as month, youth,
      ${n('total')} as total, ${n('met')} as met, ${n('late')} as late, ${n('unreachable')} as unreachable,
      ${n('waiting')} as waiting, ${n('open')} as open, ${n('duplicates')} as duplicates, ${n('young_person_self')} as "youngPersonSelf"
    from d
    group by grouping sets ((monday, youth), (first, youth), (youth))
    order by 1, 2`.execute(db);
  return rows;
}

const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;
const firstOfNextMonth = (day: string) => {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * First contacts per staff member (by name, as the report shows them): whole months of the period from the monthly
 * summary, the days before and after them from the daily one.
 */
export async function staffCounts(db: Db, from: string, to: string) {
  const wholeFrom = from.endsWith('-01') ? from : firstOfNextMonth(from);
  const wholeTo = firstOfMonth(nextDay(to)) === nextDay(to) ? nextDay(to) : firstOfMonth(to);
  const { rows } = await sql<{ name: string; contacts: number; withinNorm: number }>`
    select u.name, sum(f.contacts)::int as contacts, sum(f.within_norm)::int as "withinNorm"
    from (
      select user_id, contacts, within_norm from staff_month_figures where month >= ${wholeFrom}::date and month < ${wholeTo}::date
      union all
      -- Two ranges, not one range with an OR: each is a short scan of the primary key (one OR over ten years of days
      -- read all 135,000 day rows of a million signals).
      select user_id, contacts, within_norm from staff_day_figures
      where day >= ${from}::date and day <= ${to}::date and day < ${wholeFrom}::date
      union all
      select user_id, contacts, within_norm from staff_day_figures
      where day >= ${from}::date and day <= ${to}::date and day >= ${wholeTo}::date and day >= ${wholeFrom}::date
    ) f
    join users u on u.id = f.user_id
    group by u.name
    having sum(f.contacts) > 0`.execute(db);
  return rows;
}

const received = (from: string, to: string) =>
  sql`s.received_at >= ${startOfDay(from)} and s.received_at < ${startOfDay(nextDay(to))} and s.duplicate_of is null`;

/**
 * A page of the signals contacted late or past their deadline without contact, oldest first. The page is found in
 * index signals_report_breaches alone, then only its rows are read: a page deep in ten years costs no more.
 */
export async function breachPage(db: Db, from: string, to: string, now: Date, limit: number, offset: number) {
  const { rows } = await sql<{
    id: string;
    reference: string;
    due_at: Date;
    breached_at: Date | null;
    contacted_at: Date | null;
    breach_reason: string | null;
  }>`select s.id, s.reference, s.due_at, s.breached_at, s.contacted_at, s.breach_reason
    from (
      select s.id, s.received_at from signals s
      where ${received(from, to)} and (s.contacted_at > s.due_at or (s.contacted_at is null and s.unreachable_at is null))
        and (s.contacted_at is not null or s.due_at <= ${now})
      order by s.received_at, s.id limit ${limit} offset ${offset}
    ) p
    join signals s on s.id = p.id
    order by p.received_at, p.id`.execute(db);
  return rows;
}

/** A page of the signals whose reporter could not be reached, oldest first (index signals_report_unreachable). */
export async function unreachablePage(db: Db, from: string, to: string, limit: number, offset: number) {
  const { rows } = await sql<{ id: string; reference: string; unreachable_reason: string | null; unreachable_at: Date }>`
    select s.id, s.reference, s.unreachable_reason, s.unreachable_at
    from (
      select s.id, s.received_at from signals s
      where ${received(from, to)} and s.contacted_at is null and s.unreachable_at is not null
      order by s.received_at, s.id limit ${limit} offset ${offset}
    ) p
    join signals s on s.id = p.id
    order by p.received_at, p.id`.execute(db);
  return rows;
}
