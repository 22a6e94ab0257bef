// Mandatory reports (meldingen): a provider tells the IGJ of a calamiteit or of violence in the care relationship.

export const REPORT_KINDS = {
  calamiteit: 'Calamiteit',
  geweld: 'Geweld in de zorgrelatie (ook tussen cliënten)',
} as const;
export type ReportKind = keyof typeof REPORT_KINDS;
export const isReportKind = (s: unknown): s is ReportKind => typeof s === 'string' && Object.hasOwn(REPORT_KINDS, s);

/** Who reads reports (an inspector only some: reportService.canRead), who registers them, who decides on them. */
export const REPORT_READERS = ['inspecteur', 'meldpunt', 'manager'] as const;
export const REPORT_REGISTRARS = ['inspecteur', 'meldpunt'] as const;
export const REPORT_DECIDERS = ['inspecteur', 'manager'] as const;
const holds = (roles: readonly string[], allowed: readonly string[]) => roles.some((r) => allowed.includes(r));
export const readsReports = (roles: readonly string[]): boolean => holds(roles, REPORT_READERS);
export const registersReports = (roles: readonly string[]): boolean => holds(roles, REPORT_REGISTRARS);

/** The IGJ's follow-up decision on a report. */
export const DECISIONS = {
  'zelf-onderzoek': 'De aanbieder onderzoekt zelf',
  'igj-onderzoek': 'De IGJ onderzoekt zelf',
  'geen-actie': 'Geen verdere actie',
} as const;
export type Decision = keyof typeof DECISIONS;
export const isDecision = (s: unknown): s is Decision => typeof s === 'string' && Object.hasOwn(DECISIONS, s);

/** Due "without delay", read as within 3 working days of the event (DOMAIN.md, Melding). */
export const REPORT_WORKING_DAYS = 3;
/** Far beyond any real incident; keeps a typo of extra digits out of the integer column. */
export const MAX_YOUNG_PEOPLE = 10_000;

export const DEATH_IN_CLOSED_CARE =
  'Bij het overlijden van een jeugdige in de gesloten jeugdhulp (JeugdzorgPlus of ZIKOS) onderzoekt de IGJ altijd zelf. Kies ‘De IGJ onderzoekt zelf’.';

export interface MandatoryReport {
  id: string;
  reference: string;
  kind: ReportKind;
  occurredAt: Date;
  reportedAt: Date;
  registeredAt: Date;
  registeredVia: 'ui' | 'api' | 'load';
  registeredBy: string | null;
  registeredByName: string | null;
  providerId: string;
  providerName: string;
  locationId: string | null;
  locationName: string | null;
  unitId: string | null;
  unitName: string | null;
  youngPeopleInvolved: number;
  death: boolean;
  closedCare: boolean;
  summary: string;
  description: string;
  themes: string[];
  dueAt: Date;
  late: boolean;
  decision: Decision | null;
  decisionReasons: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  updatedAt: Date;
}

/** What a form or the API hands over; checked by validateReport, nothing trusted. */
export interface ReportInput {
  kind?: unknown;
  occurredAt?: unknown;
  reportedAt?: unknown;
  providerId?: unknown;
  locationId?: unknown;
  unitId?: unknown;
  youngPeopleInvolved?: unknown;
  death?: unknown;
  summary?: unknown;
  description?: unknown;
  themes?: unknown;
  decision?: unknown;
  decisionReasons?: unknown;
}

export interface DecisionInput {
  decision?: unknown;
  decisionReasons?: unknown;
}
