import { formatCount, formatDateTime, plural } from '../../web/format';
import { fill, paths } from '../../web/paths';
import { pager } from '../../web/paging';
import type { FollowUpFigures, Tally } from './followUpReport';
import { chartBuckets, followUpChart, monthLabel, monthsIn, percent, shareText, type ChartUnit } from './reportChart';

export { percent };

/** `decided` is the denominator of the share: met + late + breached (open and unreachable are apart). */
export const tallyRow = (label: string, t: Tally) => ({
  label,
  total: formatCount(t.total),
  met: formatCount(t.met),
  late: formatCount(t.late),
  breached: formatCount(t.breached),
  unreachable: formatCount(t.unreachable),
  open: formatCount(t.open),
  decided: formatCount(t.met + t.late + t.breached),
  share: percent(t.shareWithinNorm),
});

/** The "Nu" figures, each with its count in words and the signal list that shows exactly those signals. */
export function nowFigures(now: FollowUpFigures['now'], listPath: string) {
  return [
    { label: 'Te laat (zonder contact)', text: plural(now.overdue, 'signaal', 'signalen'), href: `${listPath}?due=overdue` },
    { label: 'Verloopt vandaag nog', text: plural(now.dueToday, 'signaal', 'signalen'), href: `${listPath}?due=today` },
  ];
}

/** "1 afstemming over JeugdzorgPlus is te laat", "3 afstemmingen … zijn te laat". */
export const overdueConsultationsText = (n: number): string =>
  `${plural(n, 'afstemming', 'afstemmingen')} over JeugdzorgPlus ${n === 1 ? 'is' : 'zijn'} te laat`;

export const youngPersonSelfText = (n: number): string => `${plural(n, 'jeugdige', 'jeugdigen')} in deze periode`;

const UNIT: Record<ChartUnit, { word: string; title: string; legend: string }> = {
  week: { word: 'week', title: 'Week', legend: '' },
  month: { word: 'maand', title: 'Maand', legend: 'Meer dan 26 weken: per maand; de weken staan in de CSV.' },
  year: { word: 'jaar', title: 'Jaar', legend: 'Meer dan drie jaar: per jaar; de weken en maanden staan in de CSV.' },
};

export type ListName = 'breachesPage' | 'unreachablePage';

/**
 * What the report page shows of the figures; the chart's periods come with their figures as a table. The lists are a
 * page each; `listHref` makes the link to another page of one of them (keeping the period and the other list's page).
 */
export function reportPage(f: FollowUpFigures, targetPercent: number, listHref: (list: ListName, page: number) => string) {
  const chart = chartBuckets(f);
  const byMonth = new Map(f.months.map((m) => [m.month, m]));
  const words = (label: string, t: { youth?: Tally; others?: Tally }) => ({
    label,
    youth: shareText(t.youth),
    others: shareText(t.others),
  });
  return {
    totals: [tallyRow('Jeugdigen en oud-bewoners (48 uur)', f.youth), tallyRow('Overige melders (5 werkdagen)', f.others)],
    now: nowFigures(f.now, paths.signals.list),
    youngPersonSelf: youngPersonSelfText(f.youngPersonSelf),
    duplicates: `${plural(f.duplicates, 'melding', 'meldingen')} in deze periode`,
    chart: followUpChart(chart.buckets, targetPercent),
    target: targetPercent,
    unit: UNIT[chart.unit],
    periods: chart.buckets.map((b) => words(b.label, b)),
    // While the chart shows weeks the months come as well; over longer periods the CSV has the weeks.
    months: chart.unit === 'week' ? monthsIn(f.from, f.to).map((key) => words(monthLabel(key), byMonth.get(key) ?? {})) : [],
    staff: f.staff.map((s) => ({
      ...s,
      contacts: formatCount(s.contacts),
      withinNorm: formatCount(s.withinNorm),
      share: percent(s.shareWithinNorm),
    })),
    breaches: f.breaches.map((b) => ({
      ...b,
      href: fill(paths.signals.show, { id: b.id }),
      due: formatDateTime(b.dueAt),
      contacted: b.contactedAt ? formatDateTime(b.contactedAt) : 'nog geen contact',
    })),
    breachesPager: pager(f.breachesPage.total, f.breachesPage.page, (n) => listHref('breachesPage', n), f.breachesPage.perPage),
    unreachable: f.unreachable.map((u) => ({ ...u, href: fill(paths.signals.show, { id: u.id }) })),
    unreachablePager: pager(
      f.unreachablePage.total,
      f.unreachablePage.page,
      (n) => listHref('unreachablePage', n),
      f.unreachablePage.perPage,
    ),
  };
}

/**
 * A share for Dutch spreadsheets: a percentage with a decimal comma ("83,3"). A file separated by `;` is what Dutch
 * Excel opens by itself, and there "0.833" would be read as 833 or as text.
 */
export const csvPercent = (share: number | null): string =>
  share === null ? '' : (Math.round(share * 1000) / 10).toFixed(1).replace('.', ',');

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[;"\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function figuresCsv(f: FollowUpFigures): string {
  const lines = [
    ['periode', 'groep', 'totaal', 'binnen norm', 'te laat', 'verlopen zonder contact', 'onbereikbaar', 'open', 'aandeel binnen norm (%)'],
  ];
  const push = (period: string, group: string, t: Tally) =>
    lines.push([period, group, t.total, t.met, t.late, t.breached, t.unreachable, t.open, csvPercent(t.shareWithinNorm)].map(String));
  push(`${f.from} t/m ${f.to}`, 'jeugdigen (48 uur)', f.youth);
  push(`${f.from} t/m ${f.to}`, 'overige melders', f.others);
  for (const w of f.weeks) {
    push(w.week, 'jeugdigen (48 uur)', w.youth);
    push(w.week, 'overige melders', w.others);
  }
  for (const m of f.months) {
    push(m.month, 'jeugdigen (48 uur)', m.youth);
    push(m.month, 'overige melders', m.others);
  }
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
