import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../db/connection';
import type { LocationRow, ProviderRow, ProviderStatusRow, UnitRow } from '../db/database';
import { CLOSED_CARE_TYPES, type CareType } from './types';

export interface SummaryRow {
  id: string;
  name: string;
  kvk_number: string | null;
  type: string;
  municipalities: string[] | null;
  places: number | null;
  closed_care: boolean | null;
  flags: string[] | null;
}

/** Providers matching by name, KvK number, location name or municipality, and optionally a care type of one of their units. */
function matching(db: Executor, q: string, careType?: CareType) {
  const like = `%${q
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let query = db.selectFrom('providers as p');
  if (q.trim()) {
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(p.name)`, 'like', like),
        eb('p.kvk_number', '=', q.trim()),
        eb.exists(
          eb
            .selectFrom('locations as l')
            .select(sql`1`.as('one'))
            .whereRef('l.provider_id', '=', 'p.id')
            .where((e2) => e2.or([e2(sql`lower(l.municipality)`, 'like', like), e2(sql`lower(l.name)`, 'like', like)])),
        ),
      ]),
    );
  }
  if (careType) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('units as u')
          .innerJoin('locations as l', 'l.id', 'u.location_id')
          .select(sql`1`.as('one'))
          .whereRef('l.provider_id', '=', 'p.id')
          .where('u.care_type', '=', careType),
      ),
    );
  }
  return query;
}

/** One page of the matching providers by name, with the facts a list needs, in one query. */
export function search(
  db: Executor,
  q: string,
  today: string,
  page: { offset: number; limit: number } = { offset: 0, limit: 200 },
  careType?: CareType,
): Promise<SummaryRow[]> {
  return matching(db, q, careType)
    .select([
      'p.id',
      'p.name',
      'p.kvk_number',
      'p.type',
      sql<string[]>`array(select distinct l.municipality from locations l where l.provider_id = p.id order by 1)`.as('municipalities'),
      sql<number>`(select coalesce(sum(u.places), 0)::int from units u join locations l on l.id = u.location_id where l.provider_id = p.id)`.as(
        'places',
      ),
      sql<boolean>`exists(select 1 from units u join locations l on l.id = u.location_id where l.provider_id = p.id and u.care_type = any(${CLOSED_CARE_TYPES}))`.as(
        'closed_care',
      ),
      sql<
        string[]
      >`array(select distinct s.kind from provider_statuses s where s.provider_id = p.id and s.starts_on <= ${today}::date and (s.ends_on is null or s.ends_on >= ${today}::date) order by 1)`.as(
        'flags',
      ),
    ])
    .orderBy('p.name')
    .orderBy('p.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

/** How many providers match, for the list's "1–50 van 5.040". */
export async function countMatching(db: Executor, q: string, careType?: CareType): Promise<number> {
  const r = await matching(db, q, careType)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const findById = (db: Executor, id: string): Promise<ProviderRow | undefined> =>
  db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();

export const findByKvk = (db: Executor, kvk: string): Promise<ProviderRow | undefined> =>
  db.selectFrom('providers').selectAll().where('kvk_number', '=', kvk).executeTakeFirst();

export const findByName = (db: Executor, name: string): Promise<ProviderRow | undefined> =>
  db
    .selectFrom('providers')
    .selectAll()
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .orderBy('created_at')
    .executeTakeFirst();

export const locationsOf = (db: Executor, providerId: string): Promise<LocationRow[]> =>
  db.selectFrom('locations').selectAll().where('provider_id', '=', providerId).orderBy('name').execute();

export const unitsOf = (db: Executor, locationIds: string[]): Promise<UnitRow[]> =>
  locationIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('units').selectAll().where('location_id', 'in', locationIds).orderBy('name').execute();

export const statusesOf = (db: Executor, providerId: string): Promise<ProviderStatusRow[]> =>
  db.selectFrom('provider_statuses').selectAll().where('provider_id', '=', providerId).orderBy('starts_on', 'desc').execute();

export const inspectorsOf = (db: Executor, providerId: string): Promise<Array<{ id: string; name: string }>> =>
  db
    .selectFrom('provider_inspectors as pi')
    .innerJoin('users as u', 'u.id', 'pi.user_id')
    .select(['u.id', 'u.name'])
    .where('pi.provider_id', '=', providerId)
    .orderBy('u.name')
    .execute();

export const insertProvider = (db: Executor, v: { name: string; kvk_number: string | null; type: string }) =>
  db.insertInto('providers').values(v).returningAll().executeTakeFirstOrThrow();

export const updateProvider = (db: Executor, id: string, v: { name: string; kvk_number: string | null; type: string; updated_at: Date }) =>
  db.updateTable('providers').set(v).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const insertLocation = (
  db: Executor,
  v: { provider_id: string; name: string; address: string; municipality: string; region: string | null },
) => db.insertInto('locations').values(v).returningAll().executeTakeFirstOrThrow();

export const updateLocation = (
  db: Executor,
  id: string,
  v: { name: string; address: string; municipality: string; region: string | null },
) => db.updateTable('locations').set(v).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const findLocation = (db: Executor, id: string): Promise<LocationRow | undefined> =>
  db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();

export const findLocationByName = (db: Executor, providerId: string, name: string): Promise<LocationRow | undefined> =>
  db
    .selectFrom('locations')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();

export const insertUnit = (db: Executor, v: { location_id: string; name: string; care_type: string; places: number }) =>
  db.insertInto('units').values(v).returningAll().executeTakeFirstOrThrow();

export const updateUnit = (db: Executor, id: string, v: { name: string; care_type: string; places: number }) =>
  db.updateTable('units').set(v).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const findUnit = (db: Executor, id: string): Promise<UnitRow | undefined> =>
  db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();

export const findUnitByName = (db: Executor, locationId: string, name: string): Promise<UnitRow | undefined> =>
  db
    .selectFrom('units')
    .selectAll()
    .where('location_id', '=', locationId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();

/** Serialises changes to one provider's inspectors, so two saves at once cannot both report the same "before". */
export const lockProvider = (db: Executor, id: string) =>
  db.selectFrom('providers').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export async function replaceInspectors(db: Executor, providerId: string, userIds: string[]): Promise<void> {
  await db.deleteFrom('provider_inspectors').where('provider_id', '=', providerId).execute();
  if (userIds.length > 0) {
    await db
      .insertInto('provider_inspectors')
      .values(userIds.map((user_id) => ({ provider_id: providerId, user_id })))
      .execute();
  }
}

export const insertStatus = (
  db: Executor,
  v: {
    provider_id: string;
    kind: string;
    starts_on: string;
    ends_on: string | null;
    note: string | null;
    created_at: Date;
    ends_recorded_at: Date | null;
  },
) => db.insertInto('provider_statuses').values(v).returningAll().executeTakeFirstOrThrow();

export const findStatus = (db: Executor, id: string): Promise<ProviderStatusRow | undefined> =>
  db.selectFrom('provider_statuses').selectAll().where('id', '=', id).executeTakeFirst();

// `at`: when the end was recorded, so the timeline's "as known on" can leave it out before then.
export const endStatus = (db: Executor, id: string, endsOn: string, at: Date) =>
  db.updateTable('provider_statuses').set({ ends_on: endsOn, ends_recorded_at: at }).where('id', '=', id).execute();

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Places for the public form: locations (with their provider), providers without locations, and groups (units).
 * Every word typed must occur in the name, location, municipality or provider, so adding the place narrows a search;
 * a group shows up only when a word is in its own name. One query, so the limit holds for all kinds together.
 * With `wholeProviders` (staff), a provider whose name holds every word is also a choice of its own, before its locations.
 */
export function searchPlaces(db: Executor, q: string, limit: number, opts: { wholeProviders?: boolean } = {}) {
  const typed = q.trim().toLowerCase();
  const words = typed.split(/\s+/).slice(0, 6).map(likeOf);
  const placeText = sql<string>`lower(concat_ws(' ', p.name, l.name, l.municipality))`;
  const unitText = sql<string>`lower(concat_ws(' ', u.name, l.name, l.municipality, p.name))`;
  const locations = db
    .selectFrom('providers as p')
    .leftJoin('locations as l', 'l.provider_id', 'p.id')
    .select(['p.id as provider_id', 'p.name as provider_name', 'l.id as location_id', 'l.name as location_name', 'l.municipality'])
    .select([
      sql<string | null>`null::uuid`.as('unit_id'),
      sql<string | null>`null::text`.as('unit_name'),
      sql<string | null>`null::text`.as('care_type'),
    ])
    .select(sql<number>`0`.as('rank'))
    .where((eb) => eb.and(words.map((w) => eb(placeText, 'like', w))));
  const units = db
    .selectFrom('units as u')
    .innerJoin('locations as l', 'l.id', 'u.location_id')
    .innerJoin('providers as p', 'p.id', 'l.provider_id')
    .select(['p.id as provider_id', 'p.name as provider_name', 'l.id as location_id', 'l.name as location_name', 'l.municipality'])
    // Groups whose name holds all that was typed come before groups found partly by their location.
    .select([
      'u.id as unit_id',
      'u.name as unit_name',
      'u.care_type',
      sql<number>`case when lower(u.name) like ${likeOf(typed)} then 1 else 2 end`.as('rank'),
    ])
    .where((eb) => eb.and(words.map((w) => eb(unitText, 'like', w))))
    .where((eb) => eb.or(words.map((w) => eb(sql`lower(u.name)`, 'like', w))));
  // Providers with locations; one without any already came as its own row through the left join above.
  const wholeProviders = db
    .selectFrom('providers as p')
    .select(['p.id as provider_id', 'p.name as provider_name'])
    .select([sql<string | null>`null::uuid`.as('location_id'), sql<string | null>`null::text`.as('location_name')])
    .select([sql<string | null>`null::text`.as('municipality'), sql<string | null>`null::uuid`.as('unit_id')])
    .select([sql<string | null>`null::text`.as('unit_name'), sql<string | null>`null::text`.as('care_type'), sql<number>`0`.as('rank')])
    .where((eb) => eb.and(words.map((w) => eb(sql`lower(p.name)`, 'like', w))))
    .where(sql<SqlBool>`exists (select 1 from locations pl where pl.provider_id = p.id)`);
  const all = opts.wholeProviders ? locations.unionAll(units).unionAll(wholeProviders) : locations.unionAll(units);
  return db
    .selectFrom(all.as('x'))
    .selectAll()
    .orderBy('rank')
    .orderBy('provider_name')
    .orderBy('provider_id')
    .orderBy(sql`location_name nulls first`)
    .orderBy('unit_name')
    .limit(limit)
    .execute();
}
