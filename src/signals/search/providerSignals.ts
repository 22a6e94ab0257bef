import type { Request } from 'express';
import type { Services } from '../../composition';
import { fill, paths } from '../../web/paths';
import { hrefWith, pageNumber, pager } from '../../web/paging';
import { columns, resultRow } from './searchViews';
import { PROVIDER_PAGE_SIZE } from './searchService';

/**
 * A provider page's signals, newest first with their status and follow-up: the beginning of the provider's timeline.
 * Only what the user may read; nothing for a role that reads no signals.
 */
export async function providerSignals(services: Services, req: Request, providerId: string) {
  const found = await services.signalSearch.ofProvider(req.user!, providerId, pageNumber(req.query.page));
  if (!found) return undefined;
  const here = fill(paths.providers.show, { id: providerId });
  return {
    columns: columns(),
    rows: found.rows.map((r) => resultRow(r, found.now)),
    pager: pager(
      found.total,
      found.page,
      (page) => `${hrefWith(here, { page: page > 1 ? page : undefined })}#signalen`,
      PROVIDER_PAGE_SIZE,
    ),
    searchHref: hrefWith(paths.signals.list, { provider: providerId }),
    onlyOwn: !req.user!.roles.includes('meldpunt') && !req.user!.roles.includes('manager'),
  };
}
