import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Services } from '../composition';
import { isUuid } from '../common/errors';
import { fill, paths } from '../web/paths';
import { formatDateTime } from '../web/format';
import { asList, asText } from '../web/forms';
import { hrefWith } from '../web/paging';
import { actorOf } from '../web/actor';
import { parseAmsterdamLocal, toAmsterdamLocal } from '../signals/followUp/deadlines';
import { placePicker } from '../signals/intake/placePicker';
import type { Reader } from './reportReader';
import { DECISIONS, REPORT_KINDS } from './types';
import { decisionLabel, kindLabel, lateText } from './reportViews';

/** Radio buttons from a table of labels, the one typed (or saved) checked. */
const radios = (table: Record<string, string>, chosen: unknown) =>
  Object.entries(table).map(([value, text]) => ({ value, text, checked: chosen === value }));

const decisionOptions = (chosen: unknown) => [
  { value: '', text: 'Nog geen besluit', checked: chosen === '' },
  ...radios(DECISIONS, chosen),
];

/** Who may record the decision with the registration: inspectors (managers do not register). */
export const decidesAtRegistration = (user: Reader): boolean => user.roles.includes('inspecteur') || user.roles.includes('manager');

/** The registration form: what was typed, the place search (the signals' own), the themes and, for inspectors, the decision. */
export async function registrationForm(
  services: Services,
  user: Reader,
  values: Record<string, unknown>,
  errors: Record<string, string> = {},
) {
  const themes = await services.reports.themes();
  const chosenThemes = asList(values.themes);
  const picker = await placePicker(services, values, errors);
  return {
    title: 'Melding registreren',
    values: { ...values, reportedAt: values.reportedAt ?? toAmsterdamLocal(services.clock.now()) },
    // Kept through a refused submission, so the corrected one still counts as the same form.
    submission: isUuid(values.submission) ? values.submission : randomUUID(),
    kindOptions: radios(REPORT_KINDS, values.kind),
    deathOptions: radios({ nee: 'Nee', ja: 'Ja' }, values.death),
    themeOptions: themes.map((t) => ({ value: t.code, text: t.label, selected: chosenThemes.includes(t.code) })),
    canDecide: decidesAtRegistration(user),
    decisionOptions: decisionOptions(values.decision ?? ''),
    ...picker,
    // A report is always about a provider: the signals' choice "none of these" is no choice here.
    placeOptions: picker.placeOptions.filter((o) => o.value !== ''),
  };
}

/** Everything the report page shows, after the one gate that refuses or audits the read. */
export async function reportPage(services: Services, req: Request, extra: Record<string, unknown> = {}) {
  const user = req.user!;
  const r = await services.reports.open(actorOf(req), user, String(req.params.id));
  const [themes, canDecide] = await Promise.all([services.reports.themes(), services.reports.canDecide(user, r)]);
  const values = (extra.values ?? {}) as Record<string, unknown>;
  const themeLabel = new Map(themes.map((t) => [t.code, t.label]));
  return {
    title: `Melding ${r.reference}`,
    report: r,
    kindLabel: kindLabel(r.kind),
    occurred: formatDateTime(r.occurredAt),
    reported: formatDateTime(r.reportedAt),
    registered: formatDateTime(r.registeredAt),
    registeredVia: r.registeredVia === 'api' ? 'via de API' : r.registeredVia === 'ui' ? 'in Jeugdtoezicht' : 'bij het laden van gegevens',
    lateText: lateText(r),
    due: formatDateTime(r.dueAt),
    providerHref: fill(paths.providers.show, { id: r.providerId }),
    providerReportsHref: hrefWith(paths.mandatoryReports.list, { provider: r.providerId }),
    themeLabels: r.themes.map((c) => themeLabel.get(c) ?? c).join(', ') || '—',
    decisionLabel: decisionLabel(r.decision),
    decided: r.decidedAt ? formatDateTime(r.decidedAt) : undefined,
    onlyIgj: r.death && r.closedCare,
    canDecide,
    decideAction: fill(paths.mandatoryReports.decide, { id: r.id }),
    decisionOptions: decisionOptions(values.decision ?? r.decision ?? '').filter((o) => o.value !== ''),
    reasonsValue: typeof values.decisionReasons === 'string' ? values.decisionReasons : (r.decisionReasons ?? ''),
    errors: {},
    values,
    ...extra,
  };
}

/** A typed `datetime-local` value for the service: a Date (Amsterdam time), the text itself when it is none, or nothing. */
export function formInstant(v: unknown): Date | string | undefined {
  const s = asText(v).trim();
  if (!s) return undefined;
  return parseAmsterdamLocal(s) ?? s;
}
