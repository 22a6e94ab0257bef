import { formatCount } from '../web/format';

// The risk score: one table of weights, read by the SQL that ranks (riskQuery.ts) and by the page that explains the
// ranking, so what the page says is what the query does. A score is a question to look at, not a verdict.

/** How recent "recent signals" are, and how far back late mandatory reports count. */
export const SIGNAL_WINDOW_DAYS = 90;
export const LATE_REPORT_MONTHS = 12;

export const WEIGHTS = {
  /** Each open alert (waarschuwing) of any rule: an inspector still has to decide on it. */
  alert: 10,
  /** Each signal assessed "the provider should have reported this" without its report, from the open missing-report alerts. */
  missing: 5,
  /** Each mandatory report that came late (more than 3 working days after the event), reported in the last 12 months. */
  late: 3,
  /** Each signal in the last 90 days above what comparable groups lead to expect. */
  excessSignal: 1,
  /** A current status. */
  verscherptToezicht: 20,
  opnamestop: 20,
  // Extension point (inspections issue): points for time since the last visit. There are no inspections yet, so
  // nothing is added; see lastVisit.ts.
} as const;

/** The figures a score is made of, as the query returns them for one provider or group. */
export interface ScoreParts {
  alerts: number;
  missing: number;
  late: number;
  signals: number;
  expected: number;
  verscherptToezichtSince: string | null;
  opnamestopSince: string | null;
}

/** The signals above expectation that score (never negative). */
export const excessOf = (p: Pick<ScoreParts, 'signals' | 'expected'>): number => Math.max(0, p.signals - p.expected);

/** The same sum as the query's, term by term, each with its name: what a row shows as "how the score is made". */
export function scoreTerms(p: ScoreParts): Array<{ points: number; what: string }> {
  const terms = [
    { points: WEIGHTS.alert * p.alerts, what: 'waarschuwingen' },
    { points: WEIGHTS.missing * p.missing, what: 'zonder melding' },
    { points: WEIGHTS.late * p.late, what: 'te laat gemeld' },
    { points: WEIGHTS.excessSignal * excessOf(p), what: 'signalen boven verwachting' },
    { points: p.verscherptToezichtSince ? WEIGHTS.verscherptToezicht : 0, what: 'verscherpt toezicht' },
    { points: p.opnamestopSince ? WEIGHTS.opnamestop : 0, what: 'opnamestop' },
  ];
  return terms.filter((t) => t.points > 0);
}

/** How the score is made, in words, for the page (from the same weights as the query). */
export function scoreExplanation(): string[] {
  const w = WEIGHTS;
  return [
    `${w.alert} punten per open waarschuwing (elke regel telt even zwaar; een inspecteur moet er nog over besluiten).`,
    `${w.missing} punten per signaal dat is beoordeeld als ‘had de aanbieder moeten melden’ zonder melding van de aanbieder ` +
      '(de signalen achter de open waarschuwingen ‘Ontbrekende melding’; die waarschuwing telt daarnaast ook zelf).',
    `${w.late} punten per melding die in de laatste ${formatCount(LATE_REPORT_MONTHS)} maanden te laat binnenkwam ` +
      '(meer dan 3 werkdagen na de gebeurtenis).',
    `${w.excessSignal} punt per signaal in de laatste ${formatCount(SIGNAL_WINDOW_DAYS)} dagen boven wat vergelijkbare groepen ` +
      'doen verwachten; minder signalen dan verwacht geeft geen aftrek.',
    `${w.verscherptToezicht} punten bij verscherpt toezicht en ${w.opnamestop} bij een opnamestop die nu geldt.`,
    'De tijd sinds het laatste bezoek telt nog niet mee: inspecties worden nog niet in dit systeem vastgelegd.',
  ];
}
