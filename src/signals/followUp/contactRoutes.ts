import type { Request } from 'express';
import type { Services } from '../../composition';
import { ValidationError } from '../../common/errors';
import { post, type RouteDef } from '../../web/routeTable';
import { paths } from '../../web/paths';
import { actorOf } from '../../web/actor';
import { asText } from '../../web/forms';
import { parseAmsterdamLocal } from './deadlines';
import { signalAction } from '../signalPages';

const STAFF = ['meldpunt', 'manager'] as const;
const id = (req: Request) => String(req.params.id);
const WRITTEN_FIELD: Record<string, string> = {
  structuralUnsafety: 'writtenSu',
  boundaryCrossing: 'writtenBc',
  notDiscussedReason: 'writtenReason',
};

/** The standard questions' answers from a written contact; its fields have their own names beside the contact form's. */
async function recordWritten(services: Services, req: Request): Promise<void> {
  const b = req.body as Record<string, unknown>;
  const input = {
    structuralUnsafety: asText(b.writtenSu) || undefined,
    boundaryCrossing: asText(b.writtenBc) || undefined,
    notDiscussedReason: asText(b.writtenReason),
  };
  try {
    await services.writtenAnswers.record(actorOf(req), id(req), asText(b.attemptId), input);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError(Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [WRITTEN_FIELD[k] ?? k, v])));
  }
}

/** Contact with the reporter: attempts, messages on the follow page, an unreachable reporter, a late contact's reason. */
export function contactRoutes(services: Services): RouteDef[] {
  const { signals, contacts, alerts } = services;
  const action = signalAction(services);
  return [
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
    post(
      paths.signals.unreachable,
      STAFF,
      action(
        (req) => contacts.requestUnreachable(actorOf(req), id(req), asText(req.body.unreachableReason)),
        'Het verzoek is vastgelegd. Een manager moet het bevestigen.',
      ),
    ),
    post(
      paths.signals.confirmUnreachable,
      ['manager'],
      action((req) => contacts.confirmUnreachable(actorOf(req), id(req)), 'De melder is als onbereikbaar vastgelegd.'),
    ),
    post(
      paths.signals.message,
      STAFF,
      action(
        (req) => contacts.staffMessage(actorOf(req), id(req), asText(req.body.message)),
        'Het bericht staat klaar op de volgpagina van de melder.',
      ),
    ),
    // Seeing is not handling: only this button, or an answer, takes the "Nieuw bericht" marker away.
    post(
      paths.signals.messageSeen,
      STAFF,
      action((req) => alerts.markMessageSeen(actorOf(req), id(req)), 'Het bericht van de melder is als gelezen gemarkeerd.'),
    ),
    post(
      paths.signals.contactAnswers,
      STAFF,
      action((req) => recordWritten(services, req), 'De antwoorden op de standaardvragen zijn vastgelegd.'),
    ),
    post(
      paths.signals.breachReason,
      STAFF,
      action((req) => signals.setBreachReason(actorOf(req), id(req), asText(req.body.breachReason)), 'De reden is vastgelegd.'),
    ),
  ];
}
