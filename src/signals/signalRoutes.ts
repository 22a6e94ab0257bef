import type { Request } from 'express';
import type { Services } from '../composition';
import { get, post, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { actorOf } from '../web/actor';
import { asText } from '../web/forms';
import { signalAction, signalPage } from './signalPages';

const STAFF = ['meldpunt', 'manager'] as const;
const READERS = ['meldpunt', 'manager', 'inspecteur'] as const;
const MANAGER = ['manager'] as const;
const id = (req: Request) => String(req.params.id);

/** The signal page and what changes the case itself: who holds it, its status, its reporter type, whether it is a duplicate. */
export function signalRoutes(services: Services): RouteDef[] {
  const { signals } = services;
  const action = signalAction(services);
  return [
    get(paths.signals.show, READERS, async (req, res) => {
      res.render('signals/show', await signalPage(services, req));
    }),
    post(
      paths.signals.claim,
      STAFF,
      action((req) => signals.claim(actorOf(req), id(req)), 'Het signaal staat nu op uw naam.'),
    ),
    post(
      paths.signals.assign,
      STAFF,
      action((req) => signals.assign(actorOf(req), id(req), asText(req.body.assigneeId) || null), 'De behandelaar is gewijzigd.'),
    ),
    post(
      paths.signals.status,
      STAFF,
      action((req) => signals.transition(actorOf(req), id(req), asText(req.body.status)), 'De status is gewijzigd.'),
    ),
    post(
      paths.signals.reporterType,
      STAFF,
      action(
        (req) => signals.correctReporterType(actorOf(req), id(req), asText(req.body.reporterType)),
        'Het type melder is gecorrigeerd; de termijn is opnieuw berekend.',
      ),
    ),
    post(
      paths.signals.duplicate,
      STAFF,
      action(
        (req) => signals.markDuplicate(actorOf(req), id(req), asText(req.body.originalReference)),
        'Het signaal is gemarkeerd als dubbel.',
      ),
    ),
    // Undoing corrects a colleague's decision and puts the signal back under a deadline: a manager's call.
    post(
      paths.signals.undoDuplicate,
      MANAGER,
      action((req) => signals.unmarkDuplicate(actorOf(req), id(req)), 'Het signaal is geen dubbel meer en staat weer in de werkvoorraad.'),
    ),
  ];
}
