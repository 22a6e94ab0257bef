import { fill, paths } from '../web/paths';
import { formatCount, formatDay, plural } from '../web/format';
import { hrefWith, sortHeader } from '../web/paging';
import { dutchDecimal } from '../patterns/statistics';
import { RULES, type Rule } from '../patterns/types';
import { careTypeLabel } from '../providers/types';
import { SIGNAL_WINDOW_DAYS, scoreTerms, type ScoreParts } from './score';
import { filterParams, firstDir, type RiskFilter, type Sort } from './riskFilter';
import { lastVisitText } from './lastVisit';
import type { RiskRow } from './riskQuery';

// Pure shaping of the ranking for the page: the reasons in words, the score's terms, the links. Rows carry only names
// of providers, locations and groups and counts: no reporter, no young person, no text of a signal.

const ruleOrder = Object.keys(RULES) as Rule[];
const ruleWord = (r: Rule): string => RULES[r].toLowerCase();

/** "3 open waarschuwingen (cluster van meldingen, stijging)". */
export function alertsText(alerts: number, rules: Record<string, number> | null): string {
  const named = ruleOrder.filter((r) => (rules?.[r] ?? 0) > 0);
  const perRule = named.map((r) => ((rules?.[r] ?? 0) > 1 ? `${ruleWord(r)} ${formatCount(rules![r]!)}×` : ruleWord(r)));
  return `${plural(alerts, 'open waarschuwing', 'open waarschuwingen')}${perRule.length ? ` (${perRule.join(', ')})` : ''}`;
}

/** "14 signalen in 90 dagen op 8 plaatsen (verwacht 1,2)". */
export function signalsText(r: Pick<RiskRow, 'signals' | 'places' | 'expected'>): string {
  const where = r.places > 0 ? ` op ${plural(r.places, 'plaats', 'plaatsen')}` : ' (geen plaatsen)';
  return `${plural(r.signals, 'signaal', 'signalen')} in ${formatCount(SIGNAL_WINDOW_DAYS)} dagen${where} (verwacht ${dutchDecimal(r.expected)})`;
}

const partsOf = (r: RiskRow): ScoreParts => ({
  alerts: r.alerts,
  missing: r.missing,
  late: r.late,
  signals: r.signals,
  expected: r.expected,
  verscherptToezichtSince: r.verscherpt_toezicht,
  opnamestopSince: r.opnamestop,
});

/**
 * Why a row ranks where it does, in words: each part of its score, in the order of the score's weights.
 * "3 open waarschuwingen (cluster van meldingen, stijging); 14 signalen in 90 dagen op 8 plaatsen (verwacht 1,2);
 * 2 meldingen te laat; opnamestop sinds 3 november 2026".
 */
export function reasons(r: RiskRow): string {
  const out: string[] = [];
  if (r.alerts > 0) out.push(alertsText(r.alerts, r.rules));
  if (r.missing > 0) out.push(`${plural(r.missing, 'signaal', 'signalen')} met meldplicht zonder melding van de aanbieder`);
  if (r.late > 0) out.push(`${plural(r.late, 'melding', 'meldingen')} te laat`);
  if (r.signals > 0) out.push(signalsText(r));
  if (r.verscherpt_toezicht) out.push(`verscherpt toezicht sinds ${formatDay(r.verscherpt_toezicht)}`);
  if (r.opnamestop) out.push(`opnamestop sinds ${formatDay(r.opnamestop)}`);
  if (out.length === 0)
    return `Niets dat telt: geen open waarschuwingen, geen te late meldingen, geen signalen in ${SIGNAL_WINDOW_DAYS} dagen`;
  return out.join('; ');
}

const points = (n: number) => (Number.isInteger(n) ? formatCount(n) : dutchDecimal(n));

/** "30 waarschuwingen + 12,8 signalen boven verwachting + 20 opnamestop", or "0". */
export function scoreText(r: RiskRow): { total: string; terms: string } {
  const terms = scoreTerms(partsOf(r));
  return {
    total: points(Math.round(r.score * 10) / 10),
    terms: terms.map((t) => `${points(Math.round(t.points * 10) / 10)} ${t.what}`).join(' + '),
  };
}

/** Signals per place: "1,75"; a provider or group without places has none. */
export const rateText = (r: Pick<RiskRow, 'signals' | 'places'>): string =>
  r.places > 0 ? (r.signals / r.places).toLocaleString('nl-NL', { maximumFractionDigits: 2 }) : '—';

export function rowView(r: RiskRow, rank: number, groups: boolean) {
  const provider = fill(paths.providers.show, { id: r.provider_id });
  return {
    rank: formatCount(rank),
    name: r.name,
    place: groups ? [r.location_name, r.provider_name].filter(Boolean).join(', ') : undefined,
    careType: groups && r.care_type ? careTypeLabel(r.care_type) : undefined,
    href: provider,
    timelineHref: groups
      ? fill(paths.providers.unitTimeline, { id: r.provider_id, unitId: r.id })
      : fill(paths.providers.timeline, { id: r.provider_id }),
    alertsHref: hrefWith(paths.patterns.list, { provider: r.provider_id, status: 'open' }),
    score: scoreText(r),
    reasons: reasons(r),
    alerts: formatCount(r.alerts),
    signals: formatCount(r.signals),
    places: r.places > 0 ? plural(r.places, 'plaats', 'plaatsen') : 'geen plaatsen',
    rate: rateText(r),
    missing: formatCount(r.missing),
    late: formatCount(r.late),
    flags: [r.verscherpt_toezicht && 'Verscherpt toezicht', r.opnamestop && 'Opnamestop'].filter(Boolean),
    lastVisit: lastVisitText(r.last_visit),
  };
}

const COLUMNS: Array<[label: string, key?: Sort]> = [
  ['Score', 'score'],
  ['Open waarschuwingen', 'alerts'],
  ['Signalen in 90 dagen', 'signals'],
  ['Per plaats', 'rate'],
  ['Meldplicht zonder melding', 'missing'],
  ['Te laat gemeld (12 mnd)', 'late'],
];

/** The sortable headers; each link keeps every filter and starts again at page 1. */
export function sortLinks(f: RiskFilter) {
  const params = filterParams(f);
  const href = (sort: string, dir: string) => hrefWith(paths.risk, { ...params, sort, dir });
  const name = sortHeader(f.view === 'groepen' ? 'Groep' : 'Aanbieder', 'name', f, href, 'asc');
  return { name, figures: COLUMNS.map(([label, key]) => sortHeader(label, key!, f, href, firstDir(key!))) };
}

/** The link to page `page`, keeping every filter and the sort. */
export const pageHref = (f: RiskFilter) => (page: number) =>
  hrefWith(paths.risk, { ...filterParams(f), page: page > 1 ? page : undefined });

/** From a rise alert about a group: the group marked in the funnel of its care type (the alert page links here). */
export const funnelHrefOf = (a: { rule: string; unit_id: string | null }): string | undefined =>
  a.rule === 'rise' && a.unit_id ? `${hrefWith(paths.risk, { view: 'groepen', mark: a.unit_id })}#trechter` : undefined;
