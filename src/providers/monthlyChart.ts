import { formatCount } from '../web/format';
import { group, hatch, niceScale, text, textWidth } from '../web/charts/svg';

/** One period of the chart (a month or a year) with its two counts. */
export interface CountBar {
  key: string;
  /** On one line ("nov 2026"), for the table. */
  label: string;
  /** Below the bars: the month, and the year where it changes ("jan", "2026"; "2026", "tot nu"). */
  lines: [string, string];
  signals: number;
  reports: number;
}

export const REPORTS_PATTERN = 'app-chart-meldingen';
const S = { top: 22, plot: 160, bottom: 40, right: 12, minSlot: 34, gap: 2, count: 10, period: 12 };

/**
 * Two bars per period, signals solid and reports striped (told apart by pattern as well as colour; the legend beside
 * the chart says which is which), each with its count above it. A period without either shows two zeros on the axis:
 * empty, not missing. Bars are as wide as their widest count, so counts never run into each other; 24 months of two-
 * or three-digit counts fit a 1024 px window. Classes of app.css (on a group per kind) carry sizes and colours: 24
 * months are about 6 kB of SVG, five years per year 2 kB.
 */
export function countChart(bars: CountBar[]): { svg: string; width: number; height: number } {
  const max = Math.max(0, ...bars.flatMap((b) => [b.signals, b.reports]));
  const { top, ticks } = niceScale(max);
  const widest = Math.max(0, ...bars.flatMap((b) => [formatCount(b.signals), formatCount(b.reports)].map((c) => textWidth(c, S.count))));
  const bar = Math.max(12, widest);
  const slot = Math.max(S.minSlot, 2 * bar + S.gap + 6, ...bars.map((b) => textWidth(b.lines[1], S.period) + 6));
  const left = Math.max(36, textWidth(formatCount(top), S.period) + 14);
  const width = left + Math.max(4, bars.length) * slot + S.right;
  const height = S.top + S.plot + S.bottom;
  const base = S.top + S.plot;
  const y = (n: number) => Math.round(base - (n / top) * S.plot);
  const lines = ticks.map(
    (t) =>
      `<line class="${t === 0 ? 'app-chart__axis' : 'app-chart__grid'}" x1="${left - 4}" x2="${width - S.right}" y1="${y(t)}" y2="${y(t)}"/>`,
  );
  const tickLabels = ticks.map((t) => text('', left - 8, y(t) + 4, formatCount(t)));
  const solid: string[] = [];
  const striped: string[] = [];
  const counts: string[] = [];
  const periods: string[] = [];
  bars.forEach((b, i) => {
    const x0 = left + i * slot + (slot - 2 * bar - S.gap) / 2;
    for (const [x, n, shapes] of [
      [x0, b.signals, solid],
      [x0 + bar + S.gap, b.reports, striped],
    ] as const) {
      // A count of one on a tall axis still shows as a bar.
      const h = n > 0 ? Math.max(2, base - y(n)) : 0;
      if (n > 0) shapes.push(`<rect x="${x}" y="${base - h}" width="${bar}" height="${h}"/>`);
      counts.push(text('', x + bar / 2, base - h - 4, formatCount(n)));
    }
    const cx = left + i * slot + slot / 2;
    periods.push(text('', cx, base + 16, b.lines[0]));
    if (b.lines[1]) periods.push(text('', cx, base + 31, b.lines[1]));
  });
  const svg = [
    `<defs>${hatch(REPORTS_PATTERN, '#fbe3ef', '#a90061')}</defs>`,
    lines.join(''),
    group('app-chart__tick', tickLabels),
    group('app-chart__signals', solid),
    group('app-chart__reports', striped, ` fill="url(#${REPORTS_PATTERN})"`),
    group('app-chart__count', counts),
    group('app-chart__period', periods),
  ].join('');
  return { svg, width, height };
}
