import type { Request, Response } from 'express';
import type { Services } from '../composition';
import { ValidationError, isUuid } from '../common/errors';
import { get, post, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { actorOf } from '../web/actor';
import { asList, asText, flash, options, renderInvalid } from '../web/forms';
import { parseAmsterdamLocal } from './deadlines';
import { registrationForm, signalPage } from './signalPages';
import { queueRow } from './signalViews';
import { CHANNELS, REPORTER_TYPES } from './types';

const STAFF = ['meldpunt', 'manager'] as const;
// Named in error messages, so three refusals never read "Kies ja of nee" three times over.
const CRITERIA = { possibleMisstand: 'mogelijke misstand', seriousThreat: 'ernstige bedreiging van de veiligheid', meldplicht: 'had de aanbieder moeten melden', concernsJzp: 'gaat het over JeugdzorgPlus' } as const;
const READERS = ['meldpunt', 'manager', 'inspecteur'] as const;
const id = (req: Request) => String(req.params.id);
// The registration service names fields as the API does; the staff form has its own names.
const FORM_FIELD: Record<string, string> = {
  'contact.name': 'contactName',
  'contact.email': 'contactEmail',
  'contact.phone': 'contactPhone',
  'contact.preferredMoments': 'preferredMoments',
  providerId: 'place',
  locationId: 'place',
  unitId: 'place',
};
// A filter value that is not one of the choices filters nothing, rather than reaching the query.
const known = (table: Record<string, string>, v: string) => (Object.hasOwn(table, v) ? v : '');

export function signalRoutes(services: Services): RouteDef[] {
  const { signals, contacts, assessments } = services;

  /** Runs one action on the signal page: on bad input the page comes back with messages and the typed values. */
  const action = (run: (req: Request) => Promise<unknown>, done: string) => async (req: Request, res: Response) => {
    try {
      await run(req);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderInvalid(res, 'signals/show', await signalPage(services, req, { values: req.body }), e, req.body);
    }
    flash(res, done);
    res.redirect(303, fill(paths.signals.show, { id: id(req) }));
  };

  return [
    get(paths.signals.queue, STAFF, async (req, res) => {
      const assignee = asText(req.query.assignee);
      const f = { reporterType: known(REPORTER_TYPES, asText(req.query.reporterType)), channel: known(CHANNELS, asText(req.query.channel)), providerId: isUuid(asText(req.query.providerId)) ? asText(req.query.providerId) : '', assignee: assignee === 'niemand' || isUuid(assignee) ? assignee : '', closedCare: req.query.closedCare === '1' };
      const [items, team, providers] = await Promise.all([services.workQueue(f), services.users.list(), services.providers.search('')]);
      res.render('signals/queue', {
        title: 'Werkvoorraad',
        items: items.map(queueRow),
        counts: { total: items.length, overdue: items.filter((i) => i.urgency === 'overdue').length, soon: items.filter((i) => i.urgency === 'soon').length },
        filter: f,
        reporterOptions: options(REPORTER_TYPES, f.reporterType),
        channelOptions: options(CHANNELS, f.channel),
        providerOptions: providers.map((p) => ({ value: p.id, text: p.name, selected: p.id === f.providerId })),
        assigneeOptions: [{ value: 'niemand', text: 'Nog niemand', selected: f.assignee === 'niemand' }, ...team.filter((u) => u.roles.includes('meldpunt') || u.roles.includes('manager')).map((u) => ({ value: u.id, text: u.id === req.user!.id ? `${u.name} (ik)` : u.name, selected: u.id === f.assignee }))],
        isManager: req.user!.roles.includes('manager'),
        overdueConsultations: req.user!.roles.includes('manager') ? await assessments.overdueConsultations() : [],
      });
    }),
    get(paths.signals.new, STAFF, async (_req, res) => {
      res.render('signals/new', await registrationForm(services, { receivedAt: '' }));
    }),
    post(paths.signals.new, STAFF, async (req, res) => {
      const b = req.body as Record<string, unknown>;
      const [kind, placeId] = asText(b.place).split(':');
      const receivedText = asText(b.receivedAt);
      const receivedAt = receivedText ? parseAmsterdamLocal(receivedText) : undefined;
      try {
        if (receivedText && !receivedAt) throw new ValidationError({ receivedAt: 'Vul een geldige datum en tijd in' });
        // The form's one-time token: sent twice (a double click, Back and again), it shows the first signal.
        const submission = isUuid(b.submission) ? { scope: `form:${req.user!.id}:signals`, key: b.submission } : undefined;
        const { signal, replayed } = await signals.register(actorOf(req), {
          receivedAt,
          channel: asText(b.channel),
          reporterType: asText(b.reporterType),
          providerId: kind === 'p' ? placeId : undefined,
          locationId: kind === 'l' ? placeId : undefined,
          unitId: kind === 'u' ? placeId : undefined,
          providerText: asText(b.providerText),
          summary: asText(b.summary),
          description: asText(b.description),
          sinceWhen: asText(b.sinceWhen),
          safeNow: asText(b.safeNow) || undefined,
          anonymous: b.anonymous === 'ja',
          consentShare: b.consentShare === 'ja',
          contact: { name: asText(b.contactName), phone: asText(b.contactPhone), email: asText(b.contactEmail), preferredMoments: asText(b.preferredMoments) },
        }, { idempotency: submission });
        flash(res, replayed ? `Dit formulier was al verstuurd: signaal ${signal.reference} is één keer geregistreerd, er is niets dubbel opgeslagen.` : `Signaal ${signal.reference} is geregistreerd. Uiterlijk contact: zie de termijn hieronder.`);
        res.redirect(303, fill(paths.signals.show, { id: signal.id }));
      } catch (e) {
        const renamed = e instanceof ValidationError ? new ValidationError(Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [FORM_FIELD[k] ?? k, v]))) : e;
        renderInvalid(res, 'signals/new', await registrationForm(services, b), renamed, b);
      }
    }),
    get(paths.signals.show, READERS, async (req, res) => {
      res.render('signals/show', await signalPage(services, req));
    }),
    post(paths.signals.claim, STAFF, action((req) => signals.claim(actorOf(req), id(req)), 'Het signaal staat nu op uw naam.')),
    post(paths.signals.assign, STAFF, action((req) => signals.assign(actorOf(req), id(req), asText(req.body.assigneeId) || null), 'De behandelaar is gewijzigd.')),
    post(
      paths.signals.contact,
      STAFF,
      action((req) => {
        const b = req.body as Record<string, unknown>;
        const at = parseAmsterdamLocal(asText(b.at));
        if (!at) throw new ValidationError({ at: 'Vul een geldige datum en tijd in' });
        if (b.successful !== 'ja' && b.successful !== 'nee') throw new ValidationError({ successful: 'Geef aan of er contact was' });
        return contacts.recordAttempt(actorOf(req), id(req), {
          at,
          channel: asText(b.channel),
          successful: b.successful === 'ja',
          note: asText(b.note),
          structuralUnsafety: asText(b.structuralUnsafety) || undefined,
          boundaryCrossing: asText(b.boundaryCrossing) || undefined,
          notDiscussedReason: asText(b.notDiscussedReason),
        });
      }, 'Het contactmoment is vastgelegd.'),
    ),
    post(paths.signals.unreachable, STAFF, action((req) => contacts.requestUnreachable(actorOf(req), id(req), asText(req.body.unreachableReason)), 'Het verzoek is vastgelegd. Een manager moet het bevestigen.')),
    post(paths.signals.confirmUnreachable, ['manager'], action((req) => contacts.confirmUnreachable(actorOf(req), id(req)), 'De melder is als onbereikbaar vastgelegd.')),
    post(
      paths.signals.assess,
      STAFF,
      action((req) => {
        const b = req.body as Record<string, unknown>;
        const yn = (k: string) => b[k] === 'ja';
        const missing = ['possibleMisstand', 'seriousThreat', 'meldplicht', 'concernsJzp'].filter((k) => b[k] !== 'ja' && b[k] !== 'nee');
        if (missing.length > 0) throw new ValidationError(Object.fromEntries(missing.map((k) => [k, `Kies ja of nee bij ‘${CRITERIA[k as keyof typeof CRITERIA]}’`])));
        return assessments.assess(actorOf(req), id(req), { possibleMisstand: yn('possibleMisstand'), seriousThreat: yn('seriousThreat'), meldplicht: yn('meldplicht'), concernsJzp: yn('concernsJzp'), themes: asList(b.themes), advice: asText(b.advice), referrals: asList(b.referrals) });
      }, 'De beoordeling is opgeslagen.'),
    ),
    post(paths.signals.status, STAFF, action((req) => signals.transition(actorOf(req), id(req), asText(req.body.status)), 'De status is gewijzigd.')),
    post(paths.signals.reporterType, STAFF, action((req) => signals.correctReporterType(actorOf(req), id(req), asText(req.body.reporterType)), 'Het type melder is gecorrigeerd; de termijn is opnieuw berekend.')),
    post(paths.signals.message, STAFF, action((req) => contacts.staffMessage(actorOf(req), id(req), asText(req.body.message)), 'Het bericht staat klaar op de volgpagina van de melder.')),
    post(paths.signals.breachReason, STAFF, action((req) => signals.setBreachReason(actorOf(req), id(req), asText(req.body.breachReason)), 'De reden is vastgelegd.')),
    post(paths.signals.consultation, ['inspecteur'], action((req) => assessments.recordConsultation(actorOf(req), id(req), asText(req.body.outcome)), 'De uitkomst van de afstemming is vastgelegd.')),
  ];
}
