import type { Executor } from '../db/connection';
import type { Place } from './types';

export interface PlaceNames {
  provider: string;
  location: string | null;
  unit: string | null;
  careType: string | null;
  places: number | null;
}

export const placeKey = (p: Place): string => `${p.providerId}|${p.locationId ?? ''}|${p.unitId ?? ''}`;

/** The names of many places at once (three small queries, whatever their number); what explanations and pages say. */
export async function placeNamesOf(db: Executor, places: readonly Place[]): Promise<Map<string, PlaceNames>> {
  const ids = (pick: (p: Place) => string | null) => [...new Set(places.map(pick).filter((x): x is string => x !== null))];
  const [providers, locations, units] = await Promise.all([
    ids((p) => p.providerId).length
      ? db
          .selectFrom('providers')
          .select(['id', 'name'])
          .where(
            'id',
            'in',
            ids((p) => p.providerId),
          )
          .execute()
      : [],
    ids((p) => p.locationId).length
      ? db
          .selectFrom('locations')
          .select(['id', 'name'])
          .where(
            'id',
            'in',
            ids((p) => p.locationId),
          )
          .execute()
      : [],
    ids((p) => p.unitId).length
      ? db
          .selectFrom('units')
          .select(['id', 'name', 'care_type', 'places'])
          .where(
            'id',
            'in',
            ids((p) => p.unitId),
          )
          .execute()
      : [],
  ]);
  const pn = new Map(providers.map((r) => [r.id, r.name]));
  const ln = new Map(locations.map((r) => [r.id, r.name]));
  const un = new Map(units.map((r) => [r.id, r]));
  return new Map(
    places.map((p) => {
      const u = p.unitId ? un.get(p.unitId) : undefined;
      return [
        placeKey(p),
        {
          provider: pn.get(p.providerId) ?? 'onbekende aanbieder',
          location: p.locationId ? (ln.get(p.locationId) ?? null) : null,
          unit: u?.name ?? null,
          careType: u?.care_type ?? null,
          places: u?.places ?? null,
        },
      ];
    }),
  );
}

/** The names of one place. */
export async function placeNames(db: Executor, place: Place): Promise<PlaceNames> {
  return (await placeNamesOf(db, [place])).get(placeKey(place))!;
}

/** "groep De Linde (De Heuvel, Aanbieder X)", "locatie De Heuvel (Aanbieder X)" or "Aanbieder X". */
export function placePhrase(n: PlaceNames): string {
  if (n.unit) return `groep ${n.unit} (${n.location ? `${n.location}, ` : ''}${n.provider})`;
  if (n.location) return `locatie ${n.location} (${n.provider})`;
  return `aanbieder ${n.provider}`;
}

/** "Aanbieder X — De Heuvel — De Linde": the place as a list or a digest names it. */
export const placeLine = (n: { provider: string; location: string | null; unit: string | null }): string =>
  [n.provider, n.location, n.unit].filter(Boolean).join(' — ');

export const samePlace = (a: Place, b: Place): boolean =>
  a.providerId === b.providerId && a.locationId === b.locationId && a.unitId === b.unitId;
