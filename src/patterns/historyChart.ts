import { esc, niceScale, text, textWidth } from '../web/charts/svg';
import { formatDateTime } from '../web/format';
import { TIME_ZONE } from '../common/time';
import { dutchCount, dutchDecimal } from './statistics';

/** One row of pattern_alert_history: the figures when the alert arose or was strengthened. */
export interface HistoryPoint {
  at: Date;
  kind: string;
  observed: string | number;
  expected: string | number | null;
  upper_limit: string | number | null;
}

const S = { width: 640, top: 20, plot: 160, bottom: 34, right: 118 };
// Beyond this many moments the dots go (the step line and the table stay): a long history keeps a small chart.
const MAX_DOTS = 60;
const HOUR = 3_600_000;
const day = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric' });
const time = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
const figure = (n: number) => (Number.isInteger(n) ? dutchCount(n) : dutchDecimal(n));

/**
 * An alert's figures over time, from its first history row to `end` (now, or the decision): what was observed as a
 * solid step line with a dot and its value at each moment, the expectation dotted and the limit dashed (told apart by
 * the line, not by colour alone; the legend beside the chart names them). Time runs to scale along the axis. The same
 * figures are in the history table, which is the chart's text alternative.
 */
export function historyChart(rows: HistoryPoint[], end: Date): { svg: string; width: number; height: number } | undefined {
  if (rows.length === 0) return undefined;
  const t0 = rows[0]!.at.getTime();
  const t1 = Math.max(end.getTime(), rows.at(-1)!.at.getTime());
  const span = Math.max(t1 - t0, HOUR);
  const series = {
    observed: rows.map((r) => Number(r.observed)),
    expected: rows.map((r) => num(r.expected)),
    limit: rows.map((r) => num(r.upper_limit)),
  };
  const { top, ticks } = niceScale(Math.max(...[...series.observed, ...series.expected, ...series.limit].map((v) => v ?? 0)));
  const left = Math.max(36, textWidth(dutchCount(top), 12) + 14);
  const right = S.width - S.right;
  const base = S.top + S.plot;
  const x = (t: number) => Math.round((left + ((t - t0) / span) * (right - left)) * 10) / 10;
  const y = (v: number) => Math.round((base - (v / top) * S.plot) * 10) / 10;
  const xs = rows.map((r) => x(r.at.getTime()));

  /** A step line: each value holds until the next moment, the last until the end; a missing value breaks the line. */
  const steps = (values: Array<number | null>) => {
    let d = '';
    let drawing = false;
    values.forEach((v, i) => {
      if (v === null) return void (drawing = false);
      d += drawing ? `V${y(v)}` : `M${xs[i]} ${y(v)}`;
      d += `H${i + 1 < values.length ? xs[i + 1] : right}`;
      drawing = true;
    });
    return d;
  };
  const path = (cls: string, values: Array<number | null>) => {
    const d = steps(values);
    return d ? `<path class="${cls}" d="${d}"/>` : '';
  };

  const grid = ticks
    .map(
      (t) =>
        `<line class="${t === 0 ? 'app-chart__axis' : 'app-chart__grid'}" x1="${left - 4}" x2="${right}" y1="${y(t)}" y2="${y(t)}"/>` +
        text('app-chart__tick', left - 8, y(t) + 4, dutchCount(t)),
    )
    .join('');
  // The value at a moment when it changed, unless that would print over the previous one.
  let lastLabel = -Infinity;
  const values = series.observed
    .map((v, i) => {
      if (i > 0 && v === series.observed[i - 1]) return '';
      if (xs[i]! - lastLabel < 24) return '';
      lastLabel = xs[i]!;
      return text('app-chart__value', xs[i]!, y(v) - 8, figure(v));
    })
    .join('');
  const dots =
    rows.length <= MAX_DOTS
      ? rows
          .map(
            (r, i) =>
              `<circle class="app-chart__dot" cx="${xs[i]}" cy="${y(series.observed[i]!)}" r="4"><title>${esc(
                `${formatDateTime(r.at)}: waargenomen ${figure(series.observed[i]!)}`,
              )}</title></circle>`,
          )
          .join('')
      : '';
  const ends = endLabels([
    ['waargenomen', series.observed.at(-1)!],
    ['verwacht', series.expected.at(-1) ?? null],
    ['grens', series.limit.at(-1) ?? null],
  ]).map(([words, v]) => text('app-chart__end', right + 6, v + 4, words));
  const short = (t: number) => (span < 2 * 24 * HOUR ? `${day.format(t)} ${time.format(t)}` : day.format(t));
  const axis = text('app-chart__end', left, base + 18, short(t0)) + text('app-chart__tick', right, base + 18, short(t1));
  const lines =
    path('app-chart__expected', series.expected) + path('app-chart__limit', series.limit) + path('app-chart__observed', series.observed);
  return { svg: `${grid}${lines}${dots}${values}${ends.join('')}${axis}`, width: S.width, height: S.top + S.plot + S.bottom };

  /** The last value of each line named at the right, moved apart where they would overlap. */
  function endLabels(named: Array<[string, number | null]>): Array<[string, number]> {
    const placed = named
      .filter((n): n is [string, number] => n[1] !== null)
      .map(([name, v]): [string, number] => [`${name} ${figure(v)}`, y(v)])
      .sort((a, b) => a[1] - b[1]);
    for (let i = 1; i < placed.length; i++) placed[i]![1] = Math.max(placed[i]![1], placed[i - 1]![1] + 14);
    return placed;
  }
}

/** The history table, the chart's text alternative: one row per history row, the figures in columns of their own. */
export const historyRows = (rows: Array<HistoryPoint & { items: number }>) =>
  rows.map((h) => {
    const expected = num(h.expected);
    const limit = num(h.upper_limit);
    return {
      at: formatDateTime(h.at),
      kind: h.kind === 'created' ? 'Ontstaan' : 'Versterkt',
      observed: figure(Number(h.observed)),
      expected: expected === null ? '—' : figure(expected),
      limit: limit === null ? '—' : figure(limit),
      items: dutchCount(h.items),
    };
  });
