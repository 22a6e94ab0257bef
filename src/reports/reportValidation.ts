import { textErrors, textProblem, type FieldErrors } from '../common/errors';
import { isRealDateTime } from '../common/time';
import { EARLIEST_RECEIVED_AT, FUTURE_TOLERANCE_MS, LIMITS } from '../common/limits';
import {
  DEATH_IN_CLOSED_CARE,
  MAX_YOUNG_PEOPLE,
  isDecision,
  isReportKind,
  type Decision,
  type ReportInput,
  type ReportKind,
} from './types';

export interface ValidReport {
  kind: ReportKind;
  occurredAt: Date;
  reportedAt: Date;
  youngPeopleInvolved: number;
  death: boolean;
  summary: string;
  description: string;
  themes: string[];
  decision: Decision | null;
  decisionReasons: string | null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
// An instant needs its offset: "14:30" alone would be read in the server's own time zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A Date from the form (already read as Amsterdam time) or an ISO-8601 instant from the API; undefined when neither. */
function instant(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v !== 'string' || !ISO_INSTANT.test(v.trim()) || !isRealDateTime(v.trim())) return undefined;
  const d = new Date(v.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const BAD_INSTANT = 'Vul een geldige datum en tijd in (ISO 8601 met tijdzone, bijvoorbeeld 2026-11-20T14:30:00+01:00)';

/**
 * The decision and its reasons, alone (recorded later) or with a registration: a decision needs its reasons, reasons
 * need a decision, and a death in closed youth care leaves only one decision: the IGJ investigates itself.
 */
export function decisionErrors(decision: unknown, reasons: unknown, report: { death: boolean; closedCare: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  if (given(decision) && !isDecision(decision)) errors.decision = 'Kies een besluit uit de lijst';
  else if (isDecision(decision) && report.death && report.closedCare && decision !== 'igj-onderzoek')
    errors.decision = DEATH_IN_CLOSED_CARE;
  const problem = textProblem(reasons, LIMITS.freeText);
  if (given(reasons) && typeof reasons !== 'string') errors.decisionReasons = 'Vul hier tekst in';
  else if (problem) errors.decisionReasons = problem;
  else if (isDecision(decision) && !text(reasons)) errors.decisionReasons = 'Schrijf op waarom de IGJ dit besluit';
  else if (!given(decision) && text(reasons)) errors.decision = 'Kies het besluit waar deze toelichting bij hoort';
  return errors;
}

/**
 * Checks everything of a registration except the place and the closed-care rule (they need the database); returns
 * the errors per field, named as in the API, and the values read.
 */
export function validateReport(
  input: ReportInput,
  now: Date,
  knownThemes: ReadonlySet<string>,
): { errors: FieldErrors; value: ValidReport } {
  const errors: FieldErrors = {};
  if (!isReportKind(input.kind)) errors.kind = 'Kies calamiteit of geweld';

  const occurredAt = instant(input.occurredAt);
  const latest = now.getTime() + FUTURE_TOLERANCE_MS;
  if (!given(input.occurredAt)) errors.occurredAt = 'Vul in wanneer het gebeurde';
  else if (!occurredAt) errors.occurredAt = BAD_INSTANT;
  else if (occurredAt.getTime() > latest) errors.occurredAt = 'Het moment van de gebeurtenis kan niet in de toekomst liggen';
  else if (occurredAt < EARLIEST_RECEIVED_AT) errors.occurredAt = 'Het moment van de gebeurtenis kan niet vóór 1 januari 2000 liggen';

  let reportedAt = now;
  if (given(input.reportedAt)) {
    const d = instant(input.reportedAt);
    if (!d) errors.reportedAt = BAD_INSTANT;
    else if (d.getTime() > latest) errors.reportedAt = 'Het moment van melden kan niet in de toekomst liggen';
    else if (occurredAt && !errors.occurredAt && d < occurredAt)
      errors.reportedAt = 'Het moment van melden kan niet vóór de gebeurtenis liggen';
    else reportedAt = d;
  } else if (occurredAt && !errors.occurredAt && now < occurredAt) reportedAt = occurredAt;

  const n = input.youngPeopleInvolved;
  if (!given(n)) errors.youngPeopleInvolved = 'Vul in hoeveel jeugdigen erbij betrokken waren';
  else if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_YOUNG_PEOPLE)
    errors.youngPeopleInvolved = `Vul een geheel getal in van 0 tot en met ${MAX_YOUNG_PEOPLE.toLocaleString('nl-NL')}`;

  if (given(input.death) && typeof input.death !== 'boolean') errors.death = 'Kies ja of nee (true of false)';
  const death = input.death === true;
  if (death && n === 0) errors.youngPeopleInvolved = 'Er is een jeugdige overleden: vul minstens 1 in';

  for (const key of ['summary', 'description'] as const)
    if (given(input[key]) && typeof input[key] !== 'string') errors[key] = 'Vul hier tekst in';
  if (!errors.summary && !text(input.summary)) errors.summary = 'Vul een korte samenvatting in';
  if (!errors.description && !text(input.description)) errors.description = 'Beschrijf wat er is gebeurd';
  for (const [k, m] of Object.entries(
    textErrors({ summary: [input.summary, LIMITS.summary], description: [input.description, LIMITS.freeText] }),
  ))
    errors[k] ??= m;

  const themes = input.themes ?? [];
  if (!Array.isArray(themes) || !themes.every((t) => typeof t === 'string')) errors.themes = 'Geef de thema’s als een lijst van codes';
  else if (!themes.every((t) => knownThemes.has(t))) errors.themes = 'Kies alleen thema’s uit de lijst';

  return {
    errors,
    value: {
      kind: input.kind as ReportKind,
      occurredAt: occurredAt ?? now,
      reportedAt,
      youngPeopleInvolved: typeof n === 'number' ? n : 0,
      death,
      summary: text(input.summary),
      description: text(input.description),
      themes: Array.isArray(themes) ? [...new Set(themes as string[])] : [],
      decision: isDecision(input.decision) ? input.decision : null,
      decisionReasons: isDecision(input.decision) ? text(input.decisionReasons) : null,
    },
  };
}
