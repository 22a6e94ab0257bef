import { fill, paths } from '../web/paths';
import { formatCount } from '../web/format';
import { CHANNELS, REPORTER_TYPES } from '../signals/types';
import { REPORT_KINDS } from '../reports/types';
import { placeLine } from '../patterns/places';
import { figureLine, ruleLabel } from '../patterns/views';
import type { AlertLine, ReportLine, SignalLine } from './dailyRepository';

// Pure shaping of a day's overview, for the mail (links with the public address in front) and the page (`base` '').

export interface DayContent {
  signals: SignalLine[];
  reports: ReportLine[];
  alerts: AlertLine[];
}

const labelOf = (table: Record<string, string>, code: string): string => table[code] ?? code;
const yesNo = (b: boolean): string => (b ? 'ja' : 'nee');
/** The place below the provider: "De Heuvel — Groep Eik", or '' for the provider as a whole. */
const below = (r: { location: string | null; unit: string | null }): string =>
  placeLine({ provider: '', location: r.location, unit: r.unit });

export function providerBlocks(c: DayContent, base: string) {
  const blocks = new Map<
    string,
    { name: string; href: string; timelineHref: string; signals: unknown[]; reports: unknown[]; alerts: unknown[] }
  >();
  const blockOf = (r: { provider_id: string; provider: string }) => {
    let b = blocks.get(r.provider_id);
    if (!b) {
      b = {
        name: r.provider,
        href: base + fill(paths.providers.show, { id: r.provider_id }),
        timelineHref: base + fill(paths.providers.timeline, { id: r.provider_id }),
        signals: [],
        reports: [],
        alerts: [],
      };
      blocks.set(r.provider_id, b);
    }
    return b;
  };
  for (const s of c.signals)
    blockOf(s).signals.push({
      reference: s.reference,
      href: base + fill(paths.signals.show, { id: s.id }),
      reporterType: labelOf(REPORTER_TYPES, s.reporter_type),
      channel: labelOf(CHANNELS, s.channel),
      place: below(s),
    });
  for (const r of c.reports)
    blockOf(r).reports.push({
      reference: r.reference,
      href: base + fill(paths.mandatoryReports.show, { id: r.id }),
      kind: labelOf(REPORT_KINDS, r.kind),
      late: yesNo(r.late),
      isLate: r.late,
      death: yesNo(r.death),
      place: below(r),
    });
  for (const a of c.alerts)
    blockOf(a).alerts.push({
      rule: ruleLabel(a.rule),
      href: base + fill(paths.patterns.show, { id: a.id }),
      change: a.is_new ? 'nieuw' : 'versterkt',
      closed: a.status !== 'open',
      place: below(a),
      theme: a.theme,
      figures: figureLine(a),
    });
  // Providers in name order, as the queries return them.
  return [...blocks.values()].sort((x, y) => x.name.localeCompare(y.name, 'nl'));
}

/** "3 signalen, 1 melding en 2 waarschuwingen". */
export function countsText(c: DayContent): string {
  const parts = [
    [c.signals.length, 'signaal', 'signalen'],
    [c.reports.length, 'melding', 'meldingen'],
    [c.alerts.length, 'waarschuwing', 'waarschuwingen'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, one, many]) => `${formatCount(n as number)} ${n === 1 ? (one as string) : (many as string)}`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} en ${parts.at(-1)!}`;
}

export const isEmpty = (c: DayContent): boolean => c.signals.length + c.reports.length + c.alerts.length === 0;
