import type { Services } from '../../composition';
import { get, type RouteDef } from '../../web/routeTable';
import { fill, paths } from '../../web/paths';
import { formatDateTime } from '../../web/format';
import { asText, options } from '../../web/forms';
import { hrefWith, pageNumber, pager } from '../../web/paging';
import { CONSULTATION_FILTERS, type ConsultationFilter } from './consultationList';

const WHO = ['inspecteur', 'manager'] as const;

type Row = Awaited<ReturnType<Services['consultationList']>>['rows'][number];

const row = (r: Row, now: Date) => ({
  href: fill(paths.signals.show, { id: r.signal_id }),
  reference: r.reference,
  providerHref: fill(paths.providers.show, { id: r.provider_id }),
  providerName: r.provider_name,
  created: formatDateTime(r.created_at),
  due: formatDateTime(r.due_at),
  overdue: !r.outcome_at && !r.duplicate_of && r.due_at < now,
  outcome: r.outcome_at
    ? `Vastgelegd op ${formatDateTime(r.outcome_at)}${r.outcome_by_name ? ` door ${r.outcome_by_name}` : ''}`
    : r.duplicate_of
      ? 'Vervallen: dubbel van een ander signaal'
      : 'Nog open',
});

/** Inspectors' consultations about JeugdzorgPlus signals (a manager sees all of them). */
export function consultationRoutes(services: Services): RouteDef[] {
  return [
    get(paths.consultations, WHO, async (req, res) => {
      const status = asText(req.query.status);
      const filter: ConsultationFilter = Object.hasOwn(CONSULTATION_FILTERS, status) ? (status as ConsultationFilter) : '';
      const mine = req.query.mine === '1' && req.user!.roles.includes('inspecteur') && req.user!.roles.includes('manager');
      const found = await services.consultationList(req.user!, filter, pageNumber(req.query.page), mine);
      const pageHref = (page: number) =>
        hrefWith(paths.consultations, { status: filter, mine: mine ? '1' : undefined, page: page > 1 ? page : undefined });
      res.render('signals/assessment/consultations', {
        title: 'Afstemmingen',
        statusOptions: options(CONSULTATION_FILTERS, filter),
        allOfThem: req.user!.roles.includes('manager') && !mine,
        mine,
        rows: found.rows.map((r) => row(r, found.now)),
        pager: pager(found.total, found.page, pageHref),
      });
    }),
  ];
}
