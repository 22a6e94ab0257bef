import type { Request } from 'express';
import type { Services } from '../../composition';
import { ValidationError } from '../../common/errors';
import { get, type RouteDef } from '../../web/routeTable';
import { paths } from '../../web/paths';
import { asText, options, renderInvalid } from '../../web/forms';
import { hrefWith, pager } from '../../web/paging';
import { providerPicker } from '../../providers/providerPicker';
import { CHANNELS, REPORTER_TYPES } from '../types';
import { assigneeFilterOptions } from '../assigneeFilter';
import { DUE_FILTERS, STATUS_FILTERS, filterParams, parseFilter, type SignalFilter } from './searchFilter';
import { columns, pageHref, resultRow } from './searchViews';

// Who reads signals; the list shows each of them only what signalReader.canRead lets them open.
const READERS = ['meldpunt', 'manager', 'inspecteur'] as const;
const VIEW = 'signals/search/list';

/** Whether the list holds only the inspector's own signals, and whether they may choose that (when it is not all they see). */
function ownOnly(roles: readonly string[], f: SignalFilter) {
  const readsAll = roles.includes('meldpunt') || roles.includes('manager');
  const inspector = roles.includes('inspecteur');
  return { onlyOwn: inspector && (!readsAll || f.mine), canNarrow: inspector && readsAll };
}

/** The search form's choices, with the current filter selected. */
async function formChoices(services: Services, req: Request, f: SignalFilter) {
  const [picker, team] = await Promise.all([
    providerPicker(services.providers, {
      name: 'provider',
      chosen: f.provider,
      q: asText(req.query.providerQ),
      clearHref: hrefWith(paths.signals.list, { ...filterParams(f), provider: undefined }),
    }),
    services.users.list(),
  ]);
  return {
    statusOptions: options(STATUS_FILTERS, f.status),
    reporterOptions: options(REPORTER_TYPES, f.reporterType),
    channelOptions: options(CHANNELS, f.channel),
    dueOptions: options(DUE_FILTERS, f.due),
    picker,
    assigneeOptions: assigneeFilterOptions(team, req.user!.id, f.assignee),
    sorted: f.sort !== 'received' || f.dir !== 'desc' ? { sort: f.sort, dir: f.dir } : undefined,
    ...ownOnly(req.user!.roles, f),
  };
}

export function searchRoutes(services: Services): RouteDef[] {
  return [
    get(paths.signals.list, READERS, async (req, res) => {
      const { filter, errors } = parseFilter(req);
      const choices = await formChoices(services, req, filter);
      // An id that is no provider filters nothing, as the form shows no provider chosen.
      if (!choices.picker.chosen) filter.provider = '';
      const view = { title: 'Signalen', filter, ...choices, columns: columns(), rows: [] };
      if (Object.keys(errors).length > 0) return renderInvalid(res, VIEW, view, new ValidationError(errors), filter);
      const found = await services.signalSearch.search(req.user!, filter);
      const shown = { ...filter, page: found.page };
      res.render(VIEW, {
        ...view,
        values: filter,
        columns: columns(shown),
        rows: found.rows.map((r) => resultRow(r, found.now)),
        pager: pager(found.total, found.page, pageHref(shown)),
      });
    }),
  ];
}
