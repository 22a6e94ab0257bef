import type { Executor } from '../../db/connection';
import { isUuid, type FieldErrors } from '../../common/errors';
import { CLOSED_CARE_TYPES, isClosedCare } from '../../providers/types';

export interface Place {
  providerId: string | null;
  locationId: string | null;
  unitId: string | null;
  concernsClosedCare: boolean;
}

/**
 * Resolves provider, location and unit into one consistent place; a unit alone is enough.
 * A place whose unit (or, without a unit, any of its units) is JeugdzorgPlus or ZIKOS counts as closed care,
 * so that in doubt the provider's inspectors are consulted.
 */
export async function resolvePlace(
  db: Executor,
  ids: { providerId?: string; locationId?: string; unitId?: string },
  errors: FieldErrors,
): Promise<Place> {
  const none: Place = { providerId: null, locationId: null, unitId: null, concernsClosedCare: false };
  for (const key of ['providerId', 'locationId', 'unitId'] as const) {
    const v = ids[key];
    if (v !== undefined && v !== null && v !== '' && !isUuid(v)) errors[key] = 'Onbekende aanbieder, locatie of groep';
  }
  if (Object.keys(errors).some((k) => k in ids)) return none;
  const { locationId } = ids;
  let { providerId } = ids;
  const unitId = ids.unitId || undefined;
  if (unitId) {
    const u = await db
      .selectFrom('units')
      .innerJoin('locations', 'locations.id', 'units.location_id')
      .select(['units.location_id', 'locations.provider_id', 'units.care_type'])
      .where('units.id', '=', unitId)
      .executeTakeFirst();
    if (!u) return ((errors.unitId = 'Onbekende groep'), none);
    if ((locationId && locationId !== u.location_id) || (providerId && providerId !== u.provider_id))
      return ((errors.unitId = 'Deze groep hoort niet bij de gekozen locatie of aanbieder'), none);
    return { providerId: u.provider_id, locationId: u.location_id, unitId, concernsClosedCare: isClosedCare(u.care_type) };
  }
  if (locationId) {
    const l = await db.selectFrom('locations').select(['provider_id']).where('id', '=', locationId).executeTakeFirst();
    if (!l) return ((errors.locationId = 'Onbekende locatie'), none);
    if (providerId && providerId !== l.provider_id) return ((errors.locationId = 'Deze locatie hoort niet bij de gekozen aanbieder'), none);
    providerId = l.provider_id;
  }
  if (providerId) {
    const p = await db.selectFrom('providers').select('id').where('id', '=', providerId).executeTakeFirst();
    if (!p) return ((errors.providerId = 'Onbekende aanbieder'), none);
    let q = db
      .selectFrom('units')
      .innerJoin('locations', 'locations.id', 'units.location_id')
      .select('units.id')
      .where('locations.provider_id', '=', providerId)
      .where('units.care_type', 'in', CLOSED_CARE_TYPES);
    if (locationId) q = q.where('locations.id', '=', locationId);
    const closed = await q.executeTakeFirst();
    return { providerId, locationId: locationId ?? null, unitId: null, concernsClosedCare: Boolean(closed) };
  }
  return none;
}
