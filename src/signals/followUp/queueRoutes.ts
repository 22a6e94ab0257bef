import type { Services } from '../../composition';
import { isUuid } from '../../common/errors';
import { get, type RouteDef } from '../../web/routeTable';
import { paths } from '../../web/paths';
import { asText, options } from '../../web/forms';
import { queueRow } from '../signalViews';
import { CHANNELS, REPORTER_TYPES } from '../types';

const STAFF = ['meldpunt', 'manager'] as const;
// A filter value that is not one of the choices filters nothing, rather than reaching the query.
const known = (table: Record<string, string>, v: string) => (Object.hasOwn(table, v) ? v : '');

/** The work queue: open signals waiting for contact, most urgent first. */
export function queueRoutes(services: Services): RouteDef[] {
  const { assessments } = services;
  return [
    get(paths.signals.queue, STAFF, async (req, res) => {
      const assignee = asText(req.query.assignee);
      const f = {
        reporterType: known(REPORTER_TYPES, asText(req.query.reporterType)),
        channel: known(CHANNELS, asText(req.query.channel)),
        providerId: isUuid(asText(req.query.providerId)) ? asText(req.query.providerId) : '',
        assignee: assignee === 'niemand' || isUuid(assignee) ? assignee : '',
        closedCare: req.query.closedCare === '1',
      };
      const [items, team, providers] = await Promise.all([services.workQueue(f), services.users.list(), services.providers.search('')]);
      res.render('signals/followUp/queue', {
        title: 'Werkvoorraad',
        items: items.map(queueRow),
        counts: {
          total: items.filter((i) => i.waitingForContact).length,
          overdue: items.filter((i) => i.urgency === 'overdue').length,
          soon: items.filter((i) => i.urgency === 'soon').length,
          urgent: items.filter((i) => i.urgent).length,
          newMessage: items.filter((i) => i.newMessage).length,
        },
        filter: f,
        reporterOptions: options(REPORTER_TYPES, f.reporterType),
        channelOptions: options(CHANNELS, f.channel),
        providerOptions: providers.map((p) => ({ value: p.id, text: p.name, selected: p.id === f.providerId })),
        assigneeOptions: [
          { value: 'niemand', text: 'Nog niemand', selected: f.assignee === 'niemand' },
          ...team
            .filter((u) => u.roles.includes('meldpunt') || u.roles.includes('manager'))
            .map((u) => ({ value: u.id, text: u.id === req.user!.id ? `${u.name} (ik)` : u.name, selected: u.id === f.assignee })),
        ],
        isManager: req.user!.roles.includes('manager'),
        overdueConsultations: req.user!.roles.includes('manager') ? await assessments.overdueConsultations() : [],
      });
    }),
  ];
}
