import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { NotFoundError, ValidationError, type FieldErrors } from '../common/errors';
import { compareItems, cursorOf } from './keyset';
import { timelineSources } from './sources';
import type { TimelineCursor, TimelineFilter, TimelineItem, TimelinePosition, TimelineReader, TimelineSource } from './types';

export const TIMELINE_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

export interface TimelinePage {
  /** Newest first. */
  items: TimelineItem[];
  /** Where the next (older) page starts, or null when this page reaches the oldest item. */
  older: TimelineCursor | null;
  /** Where the page before (newer) ends, or null on the first page. */
  newer: TimelineCursor | null;
}

export interface Place {
  provider: { id: string; name: string };
  location?: { id: string; name: string };
  unit?: { id: string; name: string; locationId: string; locationName: string };
}

/**
 * One timeline per provider (and per location or unit): every kind of item that a source in ./sources delivers, merged
 * in one order. Each page asks each source for one item more than a page, from the cursor on, so no page reads a
 * provider's whole history; the kinds are not named here, a new one only joins the registry.
 */
export function timelineService(db: Db, sources: readonly TimelineSource[] = timelineSources) {
  const kinds = sources.map((s) => ({ kind: s.kind, label: s.label }));

  async function page(
    filter: TimelineFilter,
    position: TimelinePosition | null,
    limit: number,
    reader: TimelineReader,
  ): Promise<TimelinePage> {
    const size = Math.min(Math.max(1, Math.floor(limit)), MAX_PAGE_SIZE);
    const asked = sources.filter((s) => !filter.kinds || filter.kinds.includes(s.kind));
    const found = (await Promise.all(asked.map((s) => s.page(db, filter, position, size + 1, reader)))).flat();
    const newer = position?.direction === 'newer';
    const merged = found.sort((a, b) => (newer ? compareItems(b, a) : compareItems(a, b))).slice(0, size + 1);
    const more = merged.length > size;
    const items = merged.slice(0, size);
    if (!newer) {
      return {
        items,
        older: more ? cursorOf(items[items.length - 1]!) : null,
        // Coming from a cursor there is something newer: at least the item the cursor names.
        newer: position ? (items[0] ? cursorOf(items[0]) : position.cursor) : null,
      };
    }
    // Reached the newest: the first page itself, full, rather than a short page above it.
    if (!more) return page(filter, null, size, reader);
    items.reverse();
    return { items, older: cursorOf(items[items.length - 1]!), newer: cursorOf(items[0]!) };
  }

  /** The provider, and the location or unit asked for, which must be the provider's (404 for an unknown provider). */
  async function place(providerId: string, locationId?: string, unitId?: string): Promise<Place> {
    const provider = await db.selectFrom('providers').select(['id', 'name']).where('id', '=', providerId).executeTakeFirst();
    if (!provider) throw new NotFoundError('Aanbieder niet gevonden');
    const errors: FieldErrors = {};
    const result: Place = { provider };
    if (locationId) {
      const location = await db
        .selectFrom('locations')
        .select(['id', 'name'])
        .where('id', '=', locationId)
        .where('provider_id', '=', providerId)
        .executeTakeFirst();
      if (location) result.location = location;
      else errors.locationId = 'Deze locatie hoort niet bij deze aanbieder';
    }
    if (unitId) {
      const unit = await db
        .selectFrom('units as u')
        .innerJoin('locations as l', 'l.id', 'u.location_id')
        .select(['u.id', 'u.name', 'u.location_id as locationId', 'l.name as locationName'])
        .where('u.id', '=', unitId)
        .where('l.provider_id', '=', providerId)
        .executeTakeFirst();
      if (!unit) errors.unitId = 'Deze groep hoort niet bij deze aanbieder';
      else if (locationId && unit.locationId !== locationId) errors.unitId = 'Deze groep hoort niet bij de gekozen locatie';
      else result.unit = unit;
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return result;
  }

  /** The provider's locations and units to choose from: all when there are at most `limit`, else those matching q. */
  async function places(providerId: string, q: string, limit: number) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await db
      .selectFrom('locations as l')
      .leftJoin('units as u', 'u.location_id', 'l.id')
      .select(['l.id as locationId', 'l.name as locationName', 'u.id as unitId', 'u.name as unitName'])
      .where('l.provider_id', '=', providerId)
      .$if(q !== '', (qb) => qb.where((eb) => eb.or([eb('l.name', 'ilike', like), eb('u.name', 'ilike', like)])))
      .orderBy('l.name')
      .orderBy('l.id')
      .orderBy(sql`u.name nulls first`)
      .limit(limit + 1)
      .execute();
    return { rows: rows.slice(0, limit), more: rows.length > limit };
  }

  /** Names of the locations and units the items are about: 'Locatie X' or 'Locatie X · Y' (the unit). */
  async function placeNames(items: TimelineItem[]): Promise<Record<string, string>> {
    const locationIds = [...new Set(items.flatMap((i) => (i.locationId ? [i.locationId] : [])))];
    const unitIds = [...new Set(items.flatMap((i) => (i.unitId ? [i.unitId] : [])))];
    const [locations, units] = await Promise.all([
      locationIds.length ? db.selectFrom('locations').select(['id', 'name']).where('id', 'in', locationIds).execute() : [],
      unitIds.length
        ? db
            .selectFrom('units as u')
            .innerJoin('locations as l', 'l.id', 'u.location_id')
            .select(['u.id', 'u.name', 'l.name as locationName'])
            .where('u.id', 'in', unitIds)
            .execute()
        : [],
    ]);
    return Object.fromEntries([
      ...locations.map((l) => [l.id, `Locatie ${l.name}`]),
      ...units.map((u) => [u.id, `Locatie ${u.locationName} · ${u.name}`]),
    ]);
  }

  /** Every theme, also those no longer offered: an old signal keeps its theme. */
  const themes = () => db.selectFrom('themes').select(['code', 'label', 'active']).orderBy('position').execute();

  return { kinds, page, place, places, placeNames, themes };
}

export type TimelineService = ReturnType<typeof timelineService>;
