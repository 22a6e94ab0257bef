import type { Request } from 'express';
import type { Services } from '../../composition';
import { ValidationError } from '../../common/errors';
import { get, type RouteDef } from '../../web/routeTable';
import { paths } from '../../web/paths';
import { options, renderInvalid } from '../../web/forms';
import { pager } from '../../web/paging';
import { CHANNELS, REPORTER_TYPES } from '../types';
import { DUE_FILTERS, STATUS_FILTERS, parseFilter, type SignalFilter } from './searchFilter';
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
  const [providers, team] = await Promise.all([services.providers.search(''), services.users.list()]);
  const providerOptions = providers.map((p) => ({ value: p.id, text: p.name, selected: p.id === f.provider }));
  // A provider beyond the first page of the provider list is still shown as chosen, so the form keeps the filter.
  if (f.provider && !providerOptions.some((o) => o.selected)) {
    const chosen = await services.providers.get(f.provider).catch(() => undefined);
    if (chosen) providerOptions.unshift({ value: chosen.id, text: chosen.name, selected: true });
  }
  const staff = team.filter((u) => u.roles.includes('meldpunt') || u.roles.includes('manager'));
  return {
    statusOptions: options(STATUS_FILTERS, f.status),
    reporterOptions: options(REPORTER_TYPES, f.reporterType),
    channelOptions: options(CHANNELS, f.channel),
    dueOptions: options(DUE_FILTERS, f.due),
    providerOptions,
    assigneeOptions: [
      { value: 'niemand', text: 'Nog niemand', selected: f.assignee === 'niemand' },
      ...staff.map((u) => ({ value: u.id, text: u.id === req.user!.id ? `${u.name} (ik)` : u.name, selected: u.id === f.assignee })),
    ],
    sorted: f.sort !== 'received' || f.dir !== 'desc' ? { sort: f.sort, dir: f.dir } : undefined,
    ...ownOnly(req.user!.roles, f),
  };
}

export function searchRoutes(services: Services): RouteDef[] {
  return [
    get(paths.signals.list, READERS, async (req, res) => {
      const { filter, errors } = parseFilter(req);
      const view = { title: 'Signalen', filter, ...(await formChoices(services, req, filter)), columns: columns(), rows: [] };
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
