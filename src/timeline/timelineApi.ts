import type { Services } from '../composition';
import { ValidationError } from '../common/errors';
import { get, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { validated } from '../web/apiValidation';
import { encodeCursor } from './cursor';
import { parseTimelineQuery } from './timelineQuery';
import { TIMELINE_PAGE_SIZE } from './timelineService';
import type { TimelineItem } from './types';

const toJson = (i: TimelineItem) => ({
  kind: i.kind,
  id: i.id,
  occurredAt: i.occurredAt.toISOString(),
  registeredAt: i.registeredAt.toISOString(),
  title: i.title,
  themes: i.themes,
  locationId: i.locationId,
  unitId: i.unitId,
});

export function timelineApi(services: Services): RouteDef[] {
  const { timeline } = services;
  const kinds = timeline.kinds.map((k) => k.kind);
  return [
    // Newest first, a page at a time; `next` is the cursor of the page after this one. An API client reads everything
    // a meldpunt or manager reads (as it does through /api/v1/signals); the titles hold no personal data.
    get(
      paths.api.providerTimeline,
      'api',
      validated(async (req, res) => {
        const providerId = String(req.params.id);
        const themes = (await timeline.themes()).map((t) => t.code);
        // Only forward paging here: `newer` is the page's own way back.
        const { query, errors } = parseTimelineQuery({ ...req.query, newer: undefined }, kinds, themes);
        await timeline.place(providerId); // 404 first: a bad filter on an unknown provider is still not found
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        await timeline.place(providerId, query.filter.locationId, query.filter.unitId);
        const page = await timeline.page({ providerId, ...query.filter }, query.position, TIMELINE_PAGE_SIZE, { kind: 'all' });
        res.json({ items: page.items.map(toJson), next: page.older ? encodeCursor(page.older) : null });
      }),
    ),
  ];
}
