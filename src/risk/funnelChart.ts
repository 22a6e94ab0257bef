import { esc, text } from '../web/charts/svg';
import { formatCount, plural } from '../web/format';
import { LIMITS, limitsFor, type Funnel, type Level } from './funnel';

// The funnel plot as plain SVG drawn on the server: classes of app.css only (the CSP allows no style attributes or
// scripts). Groups with the same places and count are one point whose size grows with their number; beyond MAX_POINTS
// points (a care type of many thousands of scattered groups) points of the same kind that fall on the same few pixels
// are merged, so the drawing stays well under 100 kB whatever the data.

const S = { width: 720, left: 64, right: 24, top: 16, plot: 300, bottom: 56 };
export const MAX_POINTS = 500;
const SAMPLES = 80;

/** An axis from 0 to a round number at or above `max` (also below 1: 0.05, 0.1, 0.2 …), at most five steps. */
export function axisScale(max: number): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, ticks: [0, 0.5, 1] };
  let power = 10 ** Math.floor(Math.log10(max / 5));
  for (;;) {
    const step = [1, 2, 5].map((m) => m * power).find((s) => Math.ceil(max / s - 1e-9) <= 5);
    if (step) {
      const top = Math.ceil(max / step - 1e-9) * step;
      const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => Number((i * step).toPrecision(6)));
      return { top, ticks };
    }
    power *= 10;
  }
}

/** A rate per place with two significant digits: 0,081 rather than 0,1. */
export const rateText = (rate: number): string => rate.toLocaleString('nl-NL', { maximumSignificantDigits: 2 });

const r1 = (n: number) => Math.round(n * 10) / 10;
const tick = (v: number) => (Number.isInteger(v) ? formatCount(v) : v.toLocaleString('nl-NL', { maximumFractionDigits: 3 }));

interface Point {
  x: number;
  y: number;
  units: number;
  level: Level;
  clipped: boolean;
  title: string;
}

/** Points of the same level on the same `bin` pixels become one; the bin grows until there are few enough. */
function merge(points: Point[]): { points: Point[]; merged: boolean } {
  if (points.length <= MAX_POINTS) return { points, merged: false };
  for (let bin = 2; ; bin *= 2) {
    const byKey = new Map<string, Point>();
    for (const p of points) {
      const key = `${p.level}:${Math.round(p.x / bin)}:${Math.round(p.y / bin)}`;
      const had = byKey.get(key);
      if (!had) byKey.set(key, { ...p, x: Math.round(p.x / bin) * bin, y: Math.round(p.y / bin) * bin });
      else had.units += p.units;
    }
    if (byKey.size <= MAX_POINTS) {
      const merged = [...byKey.values()].map((p) => ({ ...p, title: `${plural(p.units, 'groep', 'groepen')} (samengevoegd)` }));
      return { points: merged, merged: true };
    }
  }
}

export interface FunnelChart {
  svg: string;
  width: number;
  height: number;
  /** Points merged beyond MAX_POINTS. */
  merged: boolean;
  /** Groups drawn at the top edge because their rate lies above the axis. */
  clipped: number;
}

/**
 * x: places; y: signals per place in the window. The care type's rate is the solid line, the 95 % limits dashed, the
 * 99.8 % limits long-dashed. Within the limits a round point, above 95 % a ringed point, above 99.8 % a square. A marked
 * group (from a rise alert) gets a ring and a label.
 */
export function funnelChart(f: Funnel, mark?: { places: number; n: number; name: string }): FunnelChart {
  const width = S.width;
  const height = S.top + S.plot + S.bottom;
  const plotW = width - S.left - S.right;
  // A little room right of the largest group; the funnel is drawn from one place on, also left of the smallest group.
  const xs = axisScale(Math.max(f.maxPlaces, mark?.places ?? 0, 1) + 1);
  const from = 1;
  const smallest = Math.max(1, f.minPlaces === Infinity ? 1 : f.minPlaces);
  const edge = Math.max(limitsFor(smallest, f.rate).upper998 / smallest, f.rate * 2, 0.01);
  const highest = Math.max(0, ...f.cells.map((c) => c.n / c.places), mark ? mark.n / Math.max(mark.places, 1) : 0);
  // The axis reaches the highest point, unless that is far beyond the funnel's mouth: then the rest sits on the edge.
  const ys = axisScale(Math.max(edge, Math.min(highest, 2 * edge)));
  const x = (p: number) => r1(S.left + (p / xs.top) * plotW);
  const y = (rate: number) => r1(S.top + S.plot - (Math.min(rate, ys.top) / ys.top) * S.plot);
  const base = S.top + S.plot;

  const grid = [
    ...ys.ticks.map(
      (t) =>
        `<line class="${t === 0 ? 'app-chart__axis' : 'app-chart__grid'}" x1="${S.left - 4}" x2="${width - S.right}" y1="${y(t)}" y2="${y(t)}"/>` +
        text('app-chart__tick', S.left - 8, y(t) + 4, tick(t)),
    ),
    ...xs.ticks.map(
      (t) =>
        `<line class="app-chart__axis" x1="${x(t)}" x2="${x(t)}" y1="${base}" y2="${base + 4}"/>` +
        text('app-funnel__xtick', x(t), base + 18, tick(t)),
    ),
    text('app-funnel__axis-label', S.left + plotW / 2, base + 44, 'Plaatsen van de groep'),
    `<text class="app-funnel__axis-label" x="0" y="0" transform="translate(16 ${S.top + S.plot / 2}) rotate(-90)">Signalen per plaats</text>`,
  ].join('');

  // The limits as curves over the places (continuous, so the interpolated limits read as a funnel).
  const xsSample = Array.from({ length: SAMPLES + 1 }, (_, i) => from + ((xs.top - from) * i) / SAMPLES);
  const curve = (cls: string, pick: (l: ReturnType<typeof limitsFor>) => number) =>
    `<polyline class="${cls}" points="${xsSample.map((p) => `${x(p)},${y(pick(limitsFor(p, f.rate)) / p)}`).join(' ')}"/>`;
  const lines =
    curve('app-funnel__limit998', (l) => l.upper998) +
    curve('app-funnel__limit998', (l) => l.lower998) +
    curve('app-funnel__limit95', (l) => l.upper95) +
    curve('app-funnel__limit95', (l) => l.lower95) +
    `<line class="app-funnel__rate" x1="${x(0)}" x2="${x(xs.top)}" y1="${y(f.rate)}" y2="${y(f.rate)}"/>`;

  const raw: Point[] = f.cells.map((c) => ({
    x: x(c.places),
    y: y(c.n / c.places),
    units: c.units,
    level: c.level,
    clipped: c.n / c.places > ys.top,
    title: `${plural(c.places, 'plaats', 'plaatsen')}, ${plural(c.n, 'signaal', 'signalen')}: ${plural(c.units, 'groep', 'groepen')}`,
  }));
  const { points, merged } = merge(raw);
  // Within the limits first, so a flagged point is drawn over the crowd.
  const order: Level[] = ['within', 'above95', 'above998'];
  points.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  const shapes = points
    .map((p) => {
      const r = r1(Math.min(9, 2.5 + Math.log2(p.units)));
      const title = `<title>${esc(p.title)}${p.clipped ? ' (boven de rand van de grafiek)' : ''}</title>`;
      if (p.level === 'above998')
        return `<rect class="app-funnel__point app-funnel__point--998" x="${r1(p.x - r - 1)}" y="${r1(p.y - r - 1)}" width="${r1(2 * r + 2)}" height="${r1(2 * r + 2)}">${title}</rect>`;
      const cls = p.level === 'above95' ? 'app-funnel__point app-funnel__point--95' : 'app-funnel__point';
      return `<circle class="${cls}" cx="${p.x}" cy="${p.y}" r="${r}">${title}</circle>`;
    })
    .join('');
  const marked = mark
    ? `<circle class="app-funnel__mark" cx="${x(mark.places)}" cy="${y(mark.n / Math.max(mark.places, 1))}" r="13"/>` +
      text(
        'app-funnel__mark-label',
        Math.min(x(mark.places) + 16, width - S.right - 60),
        Math.max(y(mark.n / Math.max(mark.places, 1)) - 14, S.top + 12),
        mark.name,
      )
    : '';
  return {
    svg: `${grid}${lines}${shapes}${marked}`,
    width,
    height,
    merged,
    clipped: raw.filter((p) => p.clipped).reduce((n, p) => n + p.units, 0),
  };
}

/** The chart's text alternative in one sentence (its <desc>). */
export function funnelSummary(f: Funnel, careTypeLabel: string, windowDays: number): string {
  if (f.groups === 0) return `Er zijn geen groepen met plaatsen van de zorgsoort ${careTypeLabel}.`;
  const above95 = f.cells.filter((c) => c.level !== 'within').reduce((n, c) => n + c.units, 0);
  const above998 = f.cells.filter((c) => c.level === 'above998').reduce((n, c) => n + c.units, 0);
  return (
    `${plural(f.groups, 'groep', 'groepen')} van de zorgsoort ${careTypeLabel} met samen ${plural(f.places, 'plaats', 'plaatsen')} ` +
    `kregen in ${formatCount(windowDays)} dagen ${plural(f.signals, 'signaal', 'signalen')}: ${rateText(f.rate)} per plaats. ` +
    `${plural(above998, 'groep ligt', 'groepen liggen')} boven de ${LIMITS.outer.label}-grens, ` +
    `${plural(above95 - above998, 'groep', 'groepen')} daarnaast boven de ${LIMITS.inner.label}-grens.`
  );
}
