import { sql } from 'kysely';
import type { Executor } from '../db/connection';
import { addMonths } from '../web/charts/months';

// Signals and mandatory reports per calendar month in Amsterdam, about a provider, a location or a group, counted in
// SQL through the indexes that begin with the place and the instant (signals_provider_received and its location and
// unit siblings, migration 014; mandatory_reports_provider_occurred and its siblings, migration 012).
//
// Duplicates (duplicate_of set) are not counted as signals of their own. Rather than read every signal row to see its
// duplicate_of, all of the place's signals are counted from the index alone (an index-only scan: ten years of the
// busiest provider in a few milliseconds) and the duplicates, which are few, counted apart and taken off.

export type PlaceRef = { providerId: string } | { locationId: string } | { unitId: string };

export interface MonthCount {
  /** "2026-11": a calendar month in Amsterdam. */
  month: string;
  signals: number;
  reports: number;
}

const column = (p: PlaceRef) => sql.ref('providerId' in p ? 'provider_id' : 'locationId' in p ? 'location_id' : 'unit_id');
const idOf = (p: PlaceRef) => ('providerId' in p ? p.providerId : 'locationId' in p ? p.locationId : p.unitId);
/** The instant an Amsterdam month ("2026-11") begins, summer time or not. */
const startOf = (month: string) => sql`(${`${month}-01`}::timestamp at time zone 'Europe/Amsterdam')`;

/**
 * The months from `from` up to and including `to` ("YYYY-MM"; without `from`: from the very first) that have a
 * signal or a report; months without either are not in the answer (the chart adds them as empty). Signals count in
 * the month they were received, reports in the month of the event they report.
 */
export async function monthlyCounts(db: Executor, place: PlaceRef, range: { from?: string; to: string }): Promise<MonthCount[]> {
  const col = column(place);
  const id = idOf(place);
  const end = startOf(addMonths(range.to, 1));
  const month = (instant: string) => sql`to_char(date_trunc('month', ${sql.ref(instant)} at time zone 'Europe/Amsterdam'), 'YYYY-MM')`;
  const within = (instant: string) =>
    range.from ? sql`${sql.ref(instant)} >= ${startOf(range.from)} and ${sql.ref(instant)} < ${end}` : sql`${sql.ref(instant)} < ${end}`;
  const { rows } = await sql<{ series: 'signals' | 'duplicates' | 'reports'; month: string; n: number }>`
    select 'signals' as series, ${month('received_at')} as month, count(*)::int as n
      from signals where ${col} = ${id} and ${within('received_at')} group by 2
    union all
    select 'duplicates', ${month('received_at')}, count(*)::int
      from signals where ${col} = ${id} and duplicate_of is not null and ${within('received_at')} group by 2
    union all
    select 'reports', ${month('occurred_at')}, count(*)::int
      from mandatory_reports where ${col} = ${id} and ${within('occurred_at')} group by 2`.execute(db);
  const byMonth = new Map<string, MonthCount>();
  for (const r of rows) {
    const m = byMonth.get(r.month) ?? byMonth.set(r.month, { month: r.month, signals: 0, reports: 0 }).get(r.month)!;
    if (r.series === 'signals') m.signals += r.n;
    else if (r.series === 'duplicates') m.signals -= r.n;
    else m.reports += r.n;
  }
  return [...byMonth.values()].filter((m) => m.signals > 0 || m.reports > 0).sort((a, b) => a.month.localeCompare(b.month));
}
