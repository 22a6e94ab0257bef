import { formatCount, plural } from '../../web/format';
import type { Tally } from './followUpReport';
import type { Bucket } from './reportBuckets';
import { hatch, label } from '../../web/charts/svg';

// The periods of the chart are in reportBuckets.ts; views and tests find them here as well.
export {
  chartBuckets,
  MAX_MONTHS,
  MAX_WEEKS,
  monthLabel,
  monthsIn,
  weekLabel,
  weeksIn,
  type Bucket,
  type ChartUnit,
} from './reportBuckets';

export const decidedOf = (t: Tally | undefined): number => (t ? t.met + t.late + t.breached : 0);

export const percent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** A share with the counts it is made of; a period without an outcome says why instead of showing 0 %. */
export function shareText(t: Tally | undefined): string {
  if (!t || t.total === 0) return 'geen signalen';
  const decided = decidedOf(t);
  if (decided === 0) return `nog geen uitkomst (${formatCount(t.open)} open)`;
  return `${percent(t.shareWithinNorm)} (${formatCount(t.met)} van ${formatCount(decided)}${t.open ? `; ${formatCount(t.open)} nog open` : ''})`;
}

const S = { slot: 46, bar: 30, left: 44, right: 110, top: 30, plot: 150, bottom: 58 };

/**
 * A bar per period: the share of young people contacted within the norm, the share above the bar and "met/decided"
 * below it, the target as a dashed line. A period without an outcome is hatched grey with "geen", never a 0 % bar.
 * Plain SVG with presentation attributes only (the CSP allows no style attributes), drawn on the server.
 */
export function followUpChart(buckets: Bucket[], targetPercent: number): { svg: string; width: number; height: number } {
  const width = S.left + Math.max(4, buckets.length) * S.slot + S.right;
  const height = S.top + S.plot + S.bottom;
  const y = (share: number) => Math.round(S.top + S.plot - share * S.plot);
  const base = S.top + S.plot;
  const defs = `<defs>${hatch('app-chart-geen', '#eeeeee', '#8a8a8a')}</defs>`;
  const gridLine = (g: number) =>
    `<line x1="${S.left - 4}" x2="${width - S.right}" y1="${y(g)}" y2="${y(g)}" stroke="#767676" stroke-width="0.5"/>` +
    `<text x="${S.left - 8}" y="${y(g) + 4}" font-size="12" text-anchor="end">${g * 100}%</text>`;
  const grid = [0, 0.5, 1].map(gridLine).join('');
  const bars = buckets.map((b, i) => {
    const x = S.left + i * S.slot + (S.slot - S.bar) / 2;
    const cx = x + S.bar / 2;
    const t = b.youth;
    const decided = decidedOf(t);
    const below = (count: string) => label(cx, base + 16, count) + label(cx, base + 32, b.lines[0]) + label(cx, base + 46, b.lines[1]);
    if (decided === 0) {
      const count = t && t.total > 0 ? `${t.open} open` : 'geen';
      const why = t && t.total > 0 ? `nog geen uitkomst, ${plural(t.open, 'signaal', 'signalen')} open` : 'geen signalen';
      return {
        shape: `<rect x="${x}" y="${S.top}" width="${S.bar}" height="${S.plot}" fill="url(#app-chart-geen)"><title>${b.label}: ${why}</title></rect>`,
        text: below(count),
      };
    }
    const share = t!.shareWithinNorm ?? 0;
    // 0 % is a thin dark line on the axis: seen, and unlike the hatched "no signals".
    const h = Math.max(2, base - y(share));
    const title = `${b.label}: ${percent(share)} binnen de norm (${formatCount(t!.met)} van ${formatCount(decided)})`;
    return {
      shape: `<rect x="${x}" y="${base - h}" width="${S.bar}" height="${h}" fill="#154273"><title>${title}</title></rect>`,
      text: label(cx, base - h - 6, percent(share), ' font-weight="bold"') + below(`${formatCount(t!.met)}/${formatCount(decided)}`),
    };
  });
  const ty = y(targetPercent / 100);
  const target =
    `<line x1="${S.left - 4}" x2="${width - S.right + 6}" y1="${ty}" y2="${ty}" stroke="#a90061" stroke-width="2" stroke-dasharray="6 4"/>` +
    `<text x="${width - S.right + 10}" y="${ty + 4}" font-size="12" fill="#a90061">streefwaarde ${targetPercent}%</text>`;
  // The target line over the bars, the figures over the line.
  const shapes = bars.map((b) => b.shape).join('');
  const texts = bars.map((b) => b.text).join('');
  return { svg: `${defs}${grid}${shapes}${target}${texts}`, width, height };
}
