import type { Services } from '../composition';
import { ValidationError, isUuid, type FieldErrors } from '../common/errors';
import { get, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { validated } from '../web/apiValidation';
import { hrefWith, pageNumber } from '../web/paging';
import { isAlertStatus } from './types';
import { figuresJson } from './views';

const API_PAGE_SIZE = 500;

/**
 * GET /api/v1/alerts?providerId=&status=open|closed: the alerts as a JSON list in the exact shape, open first,
 * most recently changed on top; 400 with a message per parameter for a bad one. Like /api/v1/providers, a page at a
 * time (500) with the true count in X-Total-Count and the next page in a Link header.
 */
export function alertApi(services: Services): RouteDef[] {
  return [
    get(
      paths.api.alerts,
      'api',
      validated(async (req, res) => {
        const errors: FieldErrors = {};
        const { providerId, status, page } = req.query;
        if (providerId !== undefined && !isUuid(providerId)) errors.providerId = 'Geef het id (uuid) van een aanbieder';
        if (status !== undefined && !(typeof status === 'string' && isAlertStatus(status))) errors.status = 'Kies open of closed';
        if (page !== undefined && !(typeof page === 'string' && /^[1-9]\d{0,5}$/.test(page)))
          errors.page = 'Geef een paginanummer (1 of meer)';
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        const filter = {
          providerId: providerId as string | undefined,
          status: status as 'open' | 'closed' | undefined,
        };
        const total = await services.patterns.count(filter);
        const current = pageNumber(page);
        res.set('X-Total-Count', String(total));
        if (current * API_PAGE_SIZE < total)
          res.set(
            'Link',
            `<${hrefWith(paths.api.alerts, { providerId: filter.providerId, status: filter.status, page: current + 1 })}>; rel="next"`,
          );
        const rows = await services.patterns.apiList(filter, (current - 1) * API_PAGE_SIZE, API_PAGE_SIZE);
        res.json(
          rows.map((a) => ({
            id: a.id,
            rule: a.rule,
            providerId: a.provider_id,
            locationId: a.location_id,
            unitId: a.unit_id,
            items: a.items,
            explanation: a.explanation,
            figures: figuresJson(a),
            status: a.status,
            createdAt: a.created_at.toISOString(),
            updatedAt: a.updated_at.toISOString(),
          })),
        );
      }),
    ),
  ];
}
