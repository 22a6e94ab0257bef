import { fill, paths } from '../web/paths';
import { formatCount, plural } from '../web/format';
import { dutchDecimal } from '../patterns/statistics';
import { careTypeLabel } from '../providers/types';
import { LIMITS, levelOf, limitsFor, type Funnel } from './funnel';
import { funnelChart, funnelSummary, rateText } from './funnelChart';
import { SIGNAL_WINDOW_DAYS } from './score';
import type { FunnelData } from './riskService';

// The funnel for the page: the chart, its text alternative (a summary, the groups above the limits by name, and the
// funnel per number of places as a table), and what a marked group's position means.

const limitText = (n: number) => dutchDecimal(n);

/** Per number of places: how many groups, their signals, what one group is expected to have and its limits. */
export function perPlaces(f: Funnel) {
  const by = new Map<number, { groups: number; signals: number; above95: number; above998: number }>();
  for (const c of f.cells) {
    const t = by.get(c.places) ?? { groups: 0, signals: 0, above95: 0, above998: 0 };
    t.groups += c.units;
    t.signals += c.units * c.n;
    if (c.level !== 'within') t.above95 += c.units;
    if (c.level === 'above998') t.above998 += c.units;
    by.set(c.places, t);
  }
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([places, t]) => {
      const l = limitsFor(places, f.rate);
      return {
        places: formatCount(places),
        groups: formatCount(t.groups),
        signals: formatCount(t.signals),
        expected: dutchDecimal(l.expected),
        upper95: limitText(l.upper95),
        upper998: limitText(l.upper998),
        above: t.above95 ? `${formatCount(t.above95)} (waarvan ${formatCount(t.above998)} boven ${LIMITS.outer.label})` : '0',
      };
    });
}

/** Where the marked group lies: "De Linde (…): 7 signalen op 4 plaatsen; verwacht 0,3, grens 99,8 % 3,1: boven de grens." */
function markedText(d: FunnelData): string | undefined {
  const m = d.marked;
  if (!m) return undefined;
  if (m.places <= 0) return `${m.name} heeft geen plaatsen en staat daarom niet in de trechter.`;
  const l = limitsFor(m.places, d.funnel.rate);
  const level = levelOf(m.n, l);
  const where =
    level === 'within'
      ? 'binnen de grenzen'
      : level === 'above95'
        ? `boven de ${LIMITS.inner.label}-grens`
        : `boven de ${LIMITS.outer.label}-grens`;
  return (
    `Gemarkeerd: ${m.name} (${m.location_name}, ${m.provider_name}): ${plural(m.n, 'signaal', 'signalen')} op ` +
    `${plural(m.places, 'plaats', 'plaatsen')} in ${SIGNAL_WINDOW_DAYS} dagen; verwacht ${dutchDecimal(l.expected)}, ` +
    `grens ${LIMITS.inner.label} ${limitText(l.upper95)}, grens ${LIMITS.outer.label} ${limitText(l.upper998)}: ${where}.`
  );
}

export function funnelView(d: FunnelData) {
  const label = careTypeLabel(d.careType);
  const chart =
    d.funnel.groups > 0 ? funnelChart(d.funnel, d.marked && { places: d.marked.places, n: d.marked.n, name: d.marked.name }) : undefined;
  return {
    careType: label,
    chart,
    summary: funnelSummary(d.funnel, label, SIGNAL_WINDOW_DAYS),
    rate: rateText(d.funnel.rate),
    named: d.named.map((u) => ({
      name: u.name,
      place: `${u.location_name}, ${u.provider_name}`,
      timelineHref: fill(paths.providers.unitTimeline, { id: u.provider_id, unitId: u.id }),
      places: formatCount(u.places),
      signals: formatCount(u.n),
      expected: dutchDecimal(u.expected),
      upper95: limitText(u.upper95),
      upper998: limitText(u.upper998),
    })),
    more: d.more > 0 ? plural(d.more, 'groep', 'groepen') : undefined,
    perPlaces: perPlaces(d.funnel),
    marked: markedText(d),
    clipped: chart?.clipped ? plural(chart.clipped, 'groep ligt', 'groepen liggen') : undefined,
  };
}
