import type { Services } from '../../composition';
import { isUuid } from '../../common/errors';
import { get, type RouteDef } from '../../web/routeTable';
import { paths } from '../../web/paths';
import { asText, options } from '../../web/forms';
import { hrefWith, pageNumber, pager } from '../../web/paging';
import { providerPicker } from '../../providers/providerPicker';
import { queueRow } from '../signalViews';
import { CHANNELS, REPORTER_TYPES } from '../types';
import { assigneeFilterOptions } from '../assigneeFilter';
import { QUEUE_PAGE_SIZE, type QueueFilter } from './workQueue';

const STAFF = ['meldpunt', 'manager'] as const;
// A filter value that is not one of the choices filters nothing, rather than reaching the query.
const known = (table: Record<string, string>, v: string) => (Object.hasOwn(table, v) ? v : '');
const nl = new Intl.NumberFormat('nl-NL');

/** The filter as query values for a link; `page` is left out, a new filter starts at page 1. */
const filterParams = (f: Required<QueueFilter>) => ({
  reporterType: f.reporterType,
  channel: f.channel,
  providerId: f.providerId,
  assignee: f.assignee,
  closedCare: f.closedCare ? '1' : undefined,
});

/** The first overdue consultations, and whether there are more than those (then the view links to all of them). */
const withMore = <T>(o: { total: number; first: T[] }) => ({ ...o, more: o.total > o.first.length });

/** The work queue: open signals waiting for contact, what needs action now first, a page at a time. */
export function queueRoutes(services: Services): RouteDef[] {
  const { assessments } = services;
  return [
    get(paths.signals.queue, STAFF, async (req, res) => {
      const assignee = asText(req.query.assignee);
      const f: Required<QueueFilter> = {
        reporterType: known(REPORTER_TYPES, asText(req.query.reporterType)),
        channel: known(CHANNELS, asText(req.query.channel)),
        providerId: isUuid(asText(req.query.providerId)) ? asText(req.query.providerId) : '',
        assignee: assignee === 'niemand' || isUuid(assignee) ? assignee : '',
        closedCare: req.query.closedCare === '1',
      };
      const picker = await providerPicker(services.providers, {
        name: 'providerId',
        chosen: f.providerId,
        q: asText(req.query.providerQ),
        clearHref: hrefWith(paths.signals.queue, { ...filterParams(f), providerId: undefined }),
      });
      // An id that is no provider filters nothing, as the form shows no provider chosen.
      if (!picker.chosen) f.providerId = '';
      const [queue, team] = await Promise.all([services.workQueue(f, pageNumber(req.query.page)), services.users.list()]);
      const c = queue.counts;
      res.render('signals/followUp/queue', {
        title: 'Werkvoorraad',
        items: queue.items.map(queueRow),
        counts: {
          total: nl.format(c.total),
          overdue: nl.format(c.overdue),
          soon: nl.format(c.soon),
          urgent: nl.format(c.urgent),
          newMessage: nl.format(c.newMessage),
        },
        pager: pager(
          queue.listed,
          queue.page,
          (page) => hrefWith(paths.signals.queue, { ...filterParams(f), page: page > 1 ? page : undefined }),
          QUEUE_PAGE_SIZE,
        ),
        filter: f,
        picker,
        reporterOptions: options(REPORTER_TYPES, f.reporterType),
        channelOptions: options(CHANNELS, f.channel),
        assigneeOptions: assigneeFilterOptions(team, req.user!.id, f.assignee),
        isManager: req.user!.roles.includes('manager'),
        overdueConsultations: req.user!.roles.includes('manager') ? withMore(await assessments.overdueConsultations()) : null,
      });
    }),
  ];
}
