import type { Services } from '../../composition';
import { ValidationError, isUuid, textProblem } from '../../common/errors';
import { LIMITS } from '../../common/limits';
import { get, post, type RouteDef } from '../../web/routeTable';
import { fill, paths } from '../../web/paths';
import { actorOf } from '../../web/actor';
import { asText, flash, renderInvalid } from '../../web/forms';
import { parseAmsterdamLocal } from '../followUp/deadlines';
import { registrationForm } from '../signalPages';
import { SEARCH_ACTION } from './placePicker';

const STAFF = ['meldpunt', 'manager'] as const;
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

/** Staff register a signal received by phone, mail or letter. */
export function registrationRoutes(services: Services): RouteDef[] {
  const { signals } = services;
  return [
    get(paths.signals.new, STAFF, async (_req, res) => {
      res.render('signals/new', await registrationForm(services, { receivedAt: '' }));
    }),
    post(paths.signals.new, STAFF, async (req, res) => {
      const b = req.body as Record<string, unknown>;
      // The place search's own button: the same form again with the matches, everything typed kept, nothing saved.
      if (b.action === SEARCH_ACTION) {
        const problem = textProblem(b.placeQ, LIMITS.search);
        if (!problem) return res.render('signals/new', await registrationForm(services, b));
        return renderInvalid(res, 'signals/new', await registrationForm(services, b), new ValidationError({ placeQ: problem }), b);
      }
      // Searched but nothing chosen and nothing written: ask, rather than register a signal without the place meant.
      if (b.place === undefined && asText(b.placeQ).trim() && !asText(b.providerText).trim()) {
        const unchosen = new ValidationError({ place: 'Kies de plek uit de zoekresultaten, of schrijf de plek in eigen woorden' });
        return renderInvalid(res, 'signals/new', await registrationForm(services, b, unchosen.fieldErrors), unchosen, b);
      }
      const [kind, placeId] = asText(b.place).split(':');
      const receivedText = asText(b.receivedAt);
      const receivedAt = receivedText ? parseAmsterdamLocal(receivedText) : undefined;
      try {
        if (receivedText && !receivedAt) throw new ValidationError({ receivedAt: 'Vul een geldige datum en tijd in' });
        // A place is one of the choices (p:, l: or u: and an id) or none ('' is "Geen van deze"): anything else was not
        // offered, and would have registered a signal without its place.
        if (asText(b.place) !== '' && !(['p', 'l', 'u'].includes(kind ?? '') && isUuid(placeId)))
          throw new ValidationError({ place: 'Onbekende aanbieder, locatie of groep' });
        // The form's one-time token: sent twice (a double click, Back and again), it shows the first signal.
        const submission = isUuid(b.submission) ? { scope: `form:${req.user!.id}:signals`, key: b.submission } : undefined;
        const { signal, replayed } = await signals.register(
          actorOf(req),
          {
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
            contact: {
              name: asText(b.contactName),
              phone: asText(b.contactPhone),
              email: asText(b.contactEmail),
              preferredMoments: asText(b.preferredMoments),
            },
          },
          { idempotency: submission },
        );
        flash(
          res,
          replayed
            ? `Dit formulier was al verstuurd: signaal ${signal.reference} is één keer geregistreerd, er is niets dubbel opgeslagen.`
            : `Signaal ${signal.reference} is geregistreerd. Uiterlijk contact: zie de termijn hieronder.`,
        );
        res.redirect(303, fill(paths.signals.show, { id: signal.id }));
      } catch (e) {
        const renamed =
          e instanceof ValidationError
            ? new ValidationError(Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [FORM_FIELD[k] ?? k, v])))
            : e;
        const fieldErrors = renamed instanceof ValidationError ? renamed.fieldErrors : {};
        renderInvalid(res, 'signals/new', await registrationForm(services, b, fieldErrors), renamed, b);
      }
    }),
  ];
}
