import type { Request, Response } from 'express';
import type { Services } from '../composition';
import { ValidationError, isUuid, textProblem } from '../common/errors';
import { LIMITS } from '../common/limits';
import { get, post, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { actorOf } from '../web/actor';
import { asList, asText, flash, options, renderInvalid } from '../web/forms';
import { hrefWith, pager } from '../web/paging';
import { providerPicker } from '../providers/providerPicker';
import { SEARCH_ACTION } from '../signals/intake/placePicker';
import { decidesAtRegistration, formInstant, registrationForm, reportPage } from './reportPages';
import { LATE_FILTERS, filterParams, parseFilter } from './reportFilter';
import { columns, listRow, pageHref } from './reportViews';
import { REPORT_DECIDERS, REPORT_KINDS, REPORT_READERS, REPORT_REGISTRARS, registersReports, type ReportInput } from './types';

const NEW_VIEW = 'reports/new';
const SHOW_VIEW = 'reports/show';
const LIST_VIEW = 'reports/list';
// The service names fields as the API does; the form chooses one place instead of three ids.
const FORM_FIELD: Record<string, string> = { providerId: 'place', locationId: 'place', unitId: 'place' };
const TYPED_TIME = 'Vul een geldige datum en tijd in, bijvoorbeeld 20-11-2026 14:30';

/** The form's fields as the service reads them; what only the form knows (a time it could not read) is marked. */
function formInput(b: Record<string, unknown>, decides: boolean): ReportInput {
  const [kind, placeId] = asText(b.place).split(':');
  const n = asText(b.youngPeopleInvolved).trim();
  const death = asText(b.death);
  return {
    kind: asText(b.kind),
    occurredAt: formInstant(b.occurredAt),
    reportedAt: formInstant(b.reportedAt),
    providerId: kind === 'p' ? placeId : undefined,
    locationId: kind === 'l' ? placeId : undefined,
    unitId: kind === 'u' ? placeId : undefined,
    youngPeopleInvolved: /^\d{1,6}$/.test(n) ? Number(n) : n || undefined,
    // Not chosen is not "no": the service refuses anything but a boolean, and the message is said in the form's words.
    death: death === 'ja' ? true : death === 'nee' ? false : 'niet gekozen',
    summary: asText(b.summary),
    description: asText(b.description),
    themes: asList(b.themes),
    // Meldpunt staff register; the decision is the inspectors' (the form shows it only to them).
    decision: decides ? asText(b.decision) : undefined,
    decisionReasons: decides ? asText(b.decisionReasons) : undefined,
  };
}

/** The service's messages, per form field and in the form's words. */
function formErrors(e: ValidationError, b: Record<string, unknown>): ValidationError {
  const errors: Record<string, string> = {};
  for (const [k, m] of Object.entries(e.fieldErrors)) errors[FORM_FIELD[k] ?? k] ??= m;
  for (const k of ['occurredAt', 'reportedAt'] as const) if (errors[k] && formInstant(b[k]) === asText(b[k]).trim()) errors[k] = TYPED_TIME;
  if (errors.death) errors.death = 'Geef aan of er een jeugdige is overleden';
  if (errors.place && !asText(b.place)) errors.place = 'Zoek de aanbieder, locatie of groep en kies die uit de resultaten';
  return new ValidationError(errors);
}

/** Mandatory reports in the interface: the list, registration, the report page and the decision. */
export function mandatoryReportRoutes(services: Services): RouteDef[] {
  const { reports } = services;

  async function register(req: Request, res: Response) {
    const b = req.body as Record<string, unknown>;
    const user = req.user!;
    // The place search's own button: the same form again with the matches, everything typed kept, nothing saved.
    if (b.action === SEARCH_ACTION) {
      const problem = textProblem(b.placeQ, LIMITS.search);
      const form = await registrationForm(services, user, b);
      return problem
        ? renderInvalid(res, NEW_VIEW, form, new ValidationError({ placeQ: problem }), form.values)
        : res.render(NEW_VIEW, form);
    }
    try {
      if (asText(b.place) !== '' && !(/^[plu]:/.test(asText(b.place)) && isUuid(asText(b.place).slice(2))))
        throw new ValidationError({ providerId: 'Onbekende aanbieder, locatie of groep' });
      // The form's one-time token: sent twice (a double click, Back and again), it shows the first report.
      const submission = isUuid(b.submission) ? { scope: `form:${user.id}:reports`, key: b.submission } : undefined;
      const { report, replayed } = await reports.register(actorOf(req), formInput(b, decidesAtRegistration(user)), {
        via: 'ui',
        idempotency: submission,
      });
      flash(
        res,
        replayed
          ? `Dit formulier was al verstuurd: melding ${report.reference} is één keer geregistreerd, er is niets dubbel opgeslagen.`
          : `Melding ${report.reference} is geregistreerd${report.late ? '; de aanbieder meldde te laat' : ''}.`,
      );
      res.redirect(303, fill(paths.mandatoryReports.show, { id: report.id }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const err = formErrors(e, b);
      const form = await registrationForm(services, user, b, err.fieldErrors);
      renderInvalid(res, NEW_VIEW, form, err, form.values);
    }
  }

  return [
    get(paths.mandatoryReports.list, REPORT_READERS, async (req, res) => {
      const filter = parseFilter(req);
      const picker = await providerPicker(services.providers, {
        name: 'provider',
        chosen: filter.provider,
        q: asText(req.query.providerQ),
        clearHref: hrefWith(paths.mandatoryReports.list, { ...filterParams(filter), provider: undefined }),
      });
      // An id that is no provider filters nothing, as the form shows no provider chosen.
      if (!picker.chosen) filter.provider = '';
      const found = await reports.search(req.user!, filter);
      const shown = { ...filter, page: found.page };
      res.render(LIST_VIEW, {
        title: 'Meldingen',
        filter,
        picker,
        kindOptions: options(REPORT_KINDS, filter.kind),
        lateOptions: options(LATE_FILTERS, filter.late),
        sorted: filterParams(filter).sort ? { sort: filter.sort, dir: filter.dir } : undefined,
        onlyOwn: found.onlyOwn,
        canRegister: registersReports(req.user!.roles),
        columns: columns(shown),
        rows: found.rows.map(listRow),
        pager: pager(found.total, found.page, pageHref(shown)),
      });
    }),
    get(paths.mandatoryReports.new, REPORT_REGISTRARS, async (req, res) => {
      // From a provider page: that provider already chosen.
      const provider = asText(req.query.provider);
      res.render(NEW_VIEW, await registrationForm(services, req.user!, isUuid(provider) ? { place: `p:${provider}` } : {}));
    }),
    post(paths.mandatoryReports.new, REPORT_REGISTRARS, register),
    get(paths.mandatoryReports.show, REPORT_READERS, async (req, res) => {
      res.render(SHOW_VIEW, await reportPage(services, req));
    }),
    post(paths.mandatoryReports.decide, REPORT_DECIDERS, async (req, res) => {
      const id = String(req.params.id);
      const b = req.body as Record<string, unknown>;
      try {
        await reports.decide(actorOf(req), req.user!, id, { decision: asText(b.decision), decisionReasons: asText(b.decisionReasons) });
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return renderInvalid(res, SHOW_VIEW, await reportPage(services, req, { values: b }), e, b);
      }
      flash(res, 'Het besluit is vastgelegd.');
      res.redirect(303, fill(paths.mandatoryReports.show, { id }));
    }),
  ];
}
