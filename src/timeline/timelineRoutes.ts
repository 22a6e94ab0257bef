import { ALERT_READERS } from '../patterns/patternRoutes';
import type { TimelineItem } from './types';
import type { Request, Response } from 'express';
import type { Services } from '../composition';
import { NotFoundError, ValidationError } from '../common/errors';
import { get, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { asText, fieldId } from '../web/forms';
import { hrefWith } from '../web/paging';
import { labels } from '../web/labels';
import { formatDay } from '../web/format';
import { isIsoDay } from '../common/time';
import { scopeOf } from '../signals/search/conditions';
import { parseTimelineQuery, type TimelineQuery } from './timelineQuery';
import { TIMELINE_PAGE_SIZE, type Place } from './timelineService';
import {
  chosenPlace,
  unitLabel,
  itemRow,
  keptFilters,
  pageLinks,
  placeHref,
  placeLinks,
  placeOptions,
  timelineTitle,
} from './timelineViews';

/**
 * Inspectors reconstruct "what did we know, when" here; managers watch providers; meldpunt staff assess new signals
 * and register reports, and see at a glance whether a new signal joins earlier ones about the same place. All three
 * already read what the timeline shows of signals (an inspector only their own, see conditions.visibleIn). A beheerder
 * reads no signals, so has no timeline.
 */
export const TIMELINE_READERS = ['inspecteur', 'manager', 'meldpunt'] as const;

/** Meldpunt reads the timeline but not the alert pages: an alert shows as text for them, not as a link to a 403. */
const opens = (roles: readonly string[], item: TimelineItem) =>
  item.kind !== 'alert' || roles.some((r) => (ALERT_READERS as readonly string[]).includes(r));
const VIEW = 'timeline/show';
// Up to this many locations and units the place filter is a select; beyond it, a search (a select of thousands helps nobody).
const PLACE_SELECT_MAX = 40;
const PLACE_SEARCH_MAX = 20;

export function timelineRoutes(services: Services): RouteDef[] {
  const { timeline } = services;
  const kinds = timeline.kinds.map((k) => k.kind);
  const kindLabels = Object.fromEntries(timeline.kinds.map((k) => [k.kind, k.label]));

  async function placeOf(providerId: string, at: { locationId?: string; unitId?: string }): Promise<Place> {
    try {
      return await timeline.place(providerId, at.locationId, at.unitId);
    } catch (e) {
      // The place is in the path: one that is not the provider's is not found, not a typing error.
      if (e instanceof ValidationError) throw new NotFoundError(at.unitId ? 'Groep niet gevonden' : 'Locatie niet gevonden');
      throw e;
    }
  }

  async function placeFilter(providerId: string, at: { locationId?: string; unitId?: string }, values: TimelineQuery['values'], q: string) {
    // A place search of its own for a provider with many: each result links to that place's timeline.
    const all = await timeline.places(providerId, '', PLACE_SELECT_MAX);
    if (!all.more) return { placeGroups: placeOptions(all.rows, at), placeSearch: undefined };
    const found = q ? await timeline.places(providerId, q, PLACE_SEARCH_MAX) : undefined;
    return {
      placeGroups: undefined,
      placeSearch: {
        q,
        links: found ? placeLinks(providerId, found.rows, values) : undefined,
        more: found?.more,
      },
    };
  }

  async function show(req: Request, res: Response, at: { locationId?: string; unitId?: string }) {
    const providerId = String(req.params.id);
    const here = placeHref(providerId, at);
    const themes = await timeline.themes();
    // The place is in the path; the API's locationId and unitId mean nothing here.
    const { query, errors } = parseTimelineQuery(
      { ...req.query, locationId: undefined, unitId: undefined },
      kinds,
      themes.map((t) => t.code),
    );
    // Another place chosen in the form: its own page, with the other filters.
    if (req.query.plaats !== undefined) {
      const chosen = chosenPlace(asText(req.query.plaats));
      if (chosen && placeHref(providerId, chosen) !== here)
        return res.redirect(303, hrefWith(placeHref(providerId, chosen), keptFilters(query.values)));
    }
    const place = await placeOf(providerId, at);
    const title = timelineTitle(place);
    const view = {
      title,
      place,
      unitLabel: place.unit && unitLabel(place.unit.name),
      providerHref: fill(paths.providers.show, { id: providerId }),
      providerTimelineHref: at.locationId || at.unitId ? hrefWith(placeHref(providerId, {}), keptFilters(query.values)) : undefined,
      locationTimelineHref: place.unit
        ? hrefWith(placeHref(providerId, { locationId: place.unit.locationId }), keptFilters(query.values))
        : undefined,
      action: here,
      values: query.values,
      kindOptions: timeline.kinds.map((k) => ({ value: k.kind, text: k.label, selected: query.values.kind === k.kind })),
      themeOptions: themes.map((t) => ({
        value: t.code,
        text: t.active ? t.label : `${t.label} (vervallen)`,
        selected: query.values.theme === t.code,
      })),
      asOfText: query.values.asOf && isIsoDay(query.values.asOf) ? formatDay(query.values.asOf) : query.values.asOf,
      onlyOwn: scopeOf(req.user!).kind === 'inspector',
      ...(await placeFilter(providerId, at, query.values, asText(req.query.plaatsZoeken).trim().slice(0, 100))),
    };
    if (Object.keys(errors).length > 0) {
      return res.status(400).render(VIEW, {
        ...view,
        errors,
        errorList: Object.entries(errors).map(([field, text]) => ({ href: `#${fieldId(field)}`, text })),
        title: `${labels.errors.summary} — ${title}`,
      });
    }
    const filter = { ...query.filter, providerId, locationId: at.locationId, unitId: at.unitId };
    const page = await timeline.page(filter, query.position, TIMELINE_PAGE_SIZE, scopeOf(req.user!));
    const names = await timeline.placeNames(page.items);
    const themeLabels = Object.fromEntries(themes.map((t) => [t.code, t.label]));
    res.render(VIEW, {
      ...view,
      errors: {},
      items: page.items.map((i) => itemRow(opens(req.user!.roles, i) ? i : { ...i, href: null }, kindLabels, themeLabels, names)),
      links: pageLinks(here, query.values, page),
    });
  }

  return [
    get(paths.providers.timeline, TIMELINE_READERS, (req, res) => show(req, res, {})),
    get(paths.providers.locationTimeline, TIMELINE_READERS, (req, res) =>
      show(req, res, { locationId: String(req.params.locationId).toLowerCase() }),
    ),
    get(paths.providers.unitTimeline, TIMELINE_READERS, (req, res) => show(req, res, { unitId: String(req.params.unitId).toLowerCase() })),
  ];
}
