import { fill, paths } from '../web/paths';
import { hrefWith } from '../web/paging';
import { formatDateTime, formatDay } from '../web/format';
import { amsterdamDay, TIME_ZONE } from '../common/time';
import { encodeCursor } from './cursor';
import type { Place, TimelinePage } from './timelineService';
import type { TimelineItem } from './types';
import type { TimelineQuery } from './timelineQuery';

// Small pure functions shape the timeline for its page; the template stays free of logic.

type Values = TimelineQuery['values'];

/** The page of a place: the provider, one of its locations or one of its units. */
export function placeHref(providerId: string, place: { locationId?: string; unitId?: string }): string {
  if (place.unitId) return fill(paths.providers.unitTimeline, { id: providerId, unitId: place.unitId });
  if (place.locationId) return fill(paths.providers.locationTimeline, { id: providerId, locationId: place.locationId });
  return fill(paths.providers.timeline, { id: providerId });
}

/** The choice of the place select ('locatie:<id>' or 'groep:<id>') as the place it names; null when it names none. */
export function chosenPlace(v: string): { locationId?: string; unitId?: string } | null {
  if (v === '') return {};
  const m = /^(locatie|groep):([0-9a-f-]{36})$/i.exec(v);
  if (!m) return null;
  return m[1] === 'locatie' ? { locationId: m[2]!.toLowerCase() } : { unitId: m[2]!.toLowerCase() };
}

/** The filters to keep in every link (paging, another place); the place itself is in the path. */
export const keptFilters = (v: Values) => ({ kind: v.kind, theme: v.theme, from: v.from, to: v.to, asOf: v.asOf });

const AMSTERDAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Midnight items (a status begins on a day) show their day; everything else its date and time, in Amsterdam. */
const when = (d: Date): string =>
  AMSTERDAM_TIME.format(d) === '00:00:00' && d.getMilliseconds() === 0 ? formatDay(amsterdamDay(d)) : formatDateTime(d);

/** "groep Kompas", but "Groep Beuk" as it is: many units are named "Groep …" already. */
export const unitLabel = (name: string): string => (/^groep\b/i.test(name) ? name : `groep ${name}`);

export function timelineTitle(place: Place): string {
  if (place.unit) return `Tijdlijn van ${unitLabel(place.unit.name)} (${place.unit.locationName}, ${place.provider.name})`;
  if (place.location) return `Tijdlijn van locatie ${place.location.name} (${place.provider.name})`;
  return `Tijdlijn van ${place.provider.name}`;
}

export function itemRow(
  item: TimelineItem,
  kindLabels: Record<string, string>,
  themeLabels: Record<string, string>,
  placeNames: Record<string, string>,
) {
  const place = (item.unitId && placeNames[item.unitId]) || (item.locationId && placeNames[item.locationId]) || '';
  return {
    kind: item.kind,
    // A class per kind (app.css gives each its colour); the tag says it in words too.
    kindClass: `app-timeline__item--${item.kind.replace(/[^a-z-]/g, '')}`,
    kindLabel: kindLabels[item.kind] ?? item.kind,
    occurredIso: item.occurredAt.toISOString(),
    occurredText: when(item.occurredAt),
    registeredIso: item.registeredAt.toISOString(),
    registeredText: formatDateTime(item.registeredAt),
    title: item.title,
    href: item.href,
    place,
    themeText: item.themes.map((t) => themeLabels[t] ?? t).join(', '),
  };
}

/** "Nieuwer" and "Ouder" links that keep every filter; "Nieuwste" back to the first page once paged. */
export function pageLinks(base: string, values: Values, page: TimelinePage) {
  const kept = keptFilters(values);
  return {
    newer: page.newer ? hrefWith(base, { ...kept, newer: encodeCursor(page.newer) }) : undefined,
    older: page.older ? hrefWith(base, { ...kept, cursor: encodeCursor(page.older) }) : undefined,
    newest: page.newer ? hrefWith(base, kept) : undefined,
  };
}

/** The place select: the whole provider, each location, each of its units (only when there are few, see routes). */
export function placeOptions(
  rows: Array<{ locationId: string; locationName: string; unitId: string | null; unitName: string | null }>,
  current: { locationId?: string; unitId?: string },
) {
  const groups: Array<{ label: string; options: Array<{ value: string; text: string; selected: boolean }> }> = [];
  for (const r of rows) {
    let g = groups.find((x) => x.label === `Locatie ${r.locationName}` && x.options[0]?.value === `locatie:${r.locationId}`);
    if (!g) {
      g = {
        label: `Locatie ${r.locationName}`,
        options: [
          {
            value: `locatie:${r.locationId}`,
            text: `${r.locationName} (hele locatie)`,
            selected: current.locationId === r.locationId && !current.unitId,
          },
        ],
      };
      groups.push(g);
    }
    if (r.unitId) g.options.push({ value: `groep:${r.unitId}`, text: r.unitName ?? '', selected: current.unitId === r.unitId });
  }
  return groups;
}

/** Links to the places a search found, each to its own timeline with the other filters kept. */
export function placeLinks(
  providerId: string,
  rows: Array<{ locationId: string; locationName: string; unitId: string | null; unitName: string | null }>,
  values: Values,
) {
  const seen = new Set<string>();
  const links: Array<{ href: string; text: string }> = [];
  for (const r of rows) {
    if (!seen.has(r.locationId)) {
      seen.add(r.locationId);
      links.push({
        href: hrefWith(placeHref(providerId, { locationId: r.locationId }), keptFilters(values)),
        text: `Locatie ${r.locationName}`,
      });
    }
    if (r.unitId)
      links.push({
        href: hrefWith(placeHref(providerId, { unitId: r.unitId }), keptFilters(values)),
        text: `${r.unitName ?? ''} (locatie ${r.locationName})`,
      });
  }
  return links;
}
