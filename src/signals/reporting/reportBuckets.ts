import { emptyTally, isoWeek, withShare, type FollowUpFigures, type Tally } from './followUpReport';
import { MONTHS, monthLabel, monthsIn } from '../../web/charts/months';

export { monthLabel, monthsIn };

/** Above this many weeks the chart shows months: two years of weekly bars cannot be read. */
export const MAX_WEEKS = 26;
/** Above this many months (three years) it shows years: 121 monthly bars of ten years were 7 px wide, too thin to read. */
export const MAX_MONTHS = 36;

export interface Bucket {
  key: string;
  /** On one line ("wk 47 2026", "nov 2026"), and split in two below a bar. */
  label: string;
  lines: [string, string];
  youth?: Tally;
  others?: Tally;
}

/** "2026-W47" → "wk 47 2026": the year always with it, since a period may span the turn of a year. */
export const weekLabel = (week: string): string => `wk ${Number(week.slice(6))} ${week.slice(0, 4)}`;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Every ISO week with a day in the period, oldest first: weeks without signals too. */
export function weeksIn(from: string, to: string): string[] {
  const weekday = new Date(`${from}T00:00:00Z`).getUTCDay() || 7;
  const out: string[] = [];
  for (let monday = addDays(from, 1 - weekday); monday <= to; monday = addDays(monday, 7)) out.push(isoWeek(monday));
  return out;
}

const plus = (a: Tally, b: Tally): Tally =>
  withShare({
    total: a.total + b.total,
    met: a.met + b.met,
    late: a.late + b.late,
    breached: a.breached + b.breached,
    unreachable: a.unreachable + b.unreachable,
    open: a.open + b.open,
  });

/** Months added up to years: a handful of additions per month, never per signal. */
function years(f: Pick<FollowUpFigures, 'from' | 'to' | 'months'>): Bucket[] {
  const byYear = new Map<string, { youth: Tally; others: Tally }>();
  for (const m of f.months) {
    const y = byYear.get(m.month.slice(0, 4)) ?? { youth: emptyTally(), others: emptyTally() };
    byYear.set(m.month.slice(0, 4), { youth: plus(y.youth, m.youth), others: plus(y.others, m.others) });
  }
  const out: Bucket[] = [];
  for (let y = Number(f.from.slice(0, 4)); y <= Number(f.to.slice(0, 4)); y++)
    out.push({ key: String(y), label: String(y), lines: [String(y), ''], ...pick(byYear.get(String(y))) });
  return out;
}

export type ChartUnit = 'week' | 'month' | 'year';

/**
 * The chart's periods: every week of the period, every month when there are more than MAX_WEEKS weeks, every year
 * beyond MAX_MONTHS months. Periods without signals are there too (without figures), so a quiet week is seen as quiet
 * rather than left out.
 */
export function chartBuckets(f: Pick<FollowUpFigures, 'from' | 'to' | 'weeks' | 'months'>): { unit: ChartUnit; buckets: Bucket[] } {
  const weeks = weeksIn(f.from, f.to);
  if (weeks.length <= MAX_WEEKS) {
    const byWeek = new Map(f.weeks.map((w) => [w.week, w]));
    return {
      unit: 'week',
      buckets: weeks.map((key) => ({
        key,
        label: weekLabel(key),
        lines: [`wk ${Number(key.slice(6))}`, key.slice(0, 4)],
        ...pick(byWeek.get(key)),
      })),
    };
  }
  const months = monthsIn(f.from, f.to);
  if (months.length > MAX_MONTHS) return { unit: 'year', buckets: years(f) };
  const byMonth = new Map(f.months.map((m) => [m.month, m]));
  const buckets = months.map((key): Bucket => ({
    key,
    label: monthLabel(key),
    lines: [MONTHS[Number(key.slice(5, 7)) - 1]!, key.slice(0, 4)],
    ...pick(byMonth.get(key)),
  }));
  return { unit: 'month', buckets };
}

const pick = (t: { youth: Tally; others: Tally } | undefined) => (t ? { youth: t.youth, others: t.others } : {});
