import { formatCount } from '../web/format';
import { MONTHS, addMonths, monthLabel, monthsIn } from '../web/charts/months';
import { MAX_MONTHS } from '../signals/reporting/reportBuckets';
import { countChart, REPORTS_PATTERN, type CountBar } from './monthlyChart';
import type { MonthCount } from './monthlyCounts';

// The chart of signals and reports per month of a provider, location or group: the period choice, the bars with
// empty periods included, and the figures as a table beside the chart.

export const PERIODS = { '12': '12 maanden', '24': '24 maanden', '60': '5 jaar (per jaar)', all: 'Alle jaren (per jaar)' } as const;
export type Period = keyof typeof PERIODS;
export const DEFAULT_PERIOD: Period = '24';
export const PERIOD_ERROR = 'Kies een periode uit de lijst: 12 of 24 maanden, 5 jaar of alle jaren';

const isPeriod = (s: string): s is Period => Object.hasOwn(PERIODS, s);

/** The period asked for in `?period=`; anything else than one of the choices is the default with a message. */
export function parsePeriod(raw: unknown): { period: Period; error?: string } {
  if (raw === undefined || raw === '') return { period: DEFAULT_PERIOD };
  if (typeof raw === 'string' && isPeriod(raw)) return { period: raw };
  return { period: DEFAULT_PERIOD, error: PERIOD_ERROR };
}

export type Range = { unit: 'month' | 'year'; from?: string; to: string };

/**
 * The months a period covers up to this month ("YYYY-MM"): the last 12 or 24 months (the current one included), or
 * whole calendar years: this year so far and the four before it, or every year from the first signal or report on.
 * Beyond MAX_MONTHS (three years) a bar per month is too thin to read, so those are shown per year, as the
 * follow-up report does.
 */
export function periodRange(period: Period, thisMonth: string): Range {
  const year = Number(thisMonth.slice(0, 4));
  if (period === 'all') return { unit: 'year', to: thisMonth };
  const from = period === '60' ? `${year - 4}-01` : addMonths(thisMonth, -(Number(period) - 1));
  return { unit: monthsIn(from, thisMonth).length > MAX_MONTHS ? 'year' : 'month', from, to: thisMonth };
}

/** Every month (or year) of the range, with its counts; those without signals or reports have zeros, not a gap. */
export function countBars(counts: MonthCount[], range: Range): CountBar[] {
  const byMonth = new Map(counts.map((c) => [c.month, c]));
  if (range.unit === 'month') {
    return monthsIn(range.from!, range.to).map((key, i) => ({
      key,
      label: monthLabel(key),
      lines: [MONTHS[Number(key.slice(5, 7)) - 1]!, i === 0 || key.endsWith('-01') ? key.slice(0, 4) : ''],
      signals: byMonth.get(key)?.signals ?? 0,
      reports: byMonth.get(key)?.reports ?? 0,
    }));
  }
  const last = Number(range.to.slice(0, 4));
  const first = Number((range.from ?? counts[0]?.month ?? range.to).slice(0, 4));
  const bars: CountBar[] = [];
  for (let y = first; y <= last; y++) {
    const inYear = counts.filter((c) => c.month.startsWith(`${y}-`));
    bars.push({
      key: String(y),
      label: y === last ? `${y} (tot nu)` : String(y),
      lines: [String(y), y === last ? 'tot nu' : ''],
      signals: inYear.reduce((n, c) => n + c.signals, 0),
      reports: inYear.reduce((n, c) => n + c.reports, 0),
    });
  }
  return bars;
}

/** What the partial `monthlyChart` shows: the form, the chart, its legend and the table. */
export function monthlyView(
  bars: CountBar[],
  range: Range,
  o: { period: Period; error?: string; action: string; placeWord: string; allCounted: boolean; tableOpen?: boolean },
) {
  const word = range.unit === 'month' ? 'maand' : 'jaar';
  const sum = (k: 'signals' | 'reports') => formatCount(bars.reduce((n, b) => n + b[k], 0));
  return {
    action: o.action,
    error: o.error,
    periodOptions: Object.entries(PERIODS).map(([value, text]) => ({ value, text, selected: value === o.period })),
    word,
    placeWord: o.placeWord,
    perYear: range.unit === 'year',
    allCounted: o.allCounted,
    tableOpen: Boolean(o.tableOpen),
    pattern: REPORTS_PATTERN,
    chart: countChart(bars),
    rows: bars.map((b) => ({ label: b.label, signals: formatCount(b.signals), reports: formatCount(b.reports) })),
    total: { signals: sum('signals'), reports: sum('reports') },
  };
}
