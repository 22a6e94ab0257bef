import { sql } from 'kysely';
import type { Executor } from '../db/connection';
import { countReporters } from '../signals/duplicates';
import type { ItemRef, Place } from './types';

/** A signal or mandatory report about a place, with what tells its reporter apart and its themes. */
export interface PlaceItem extends ItemRef {
  providerId: string;
  locationId: string | null;
  unitId: string | null;
  at: Date;
  themes: string[];
  keys: string[];
}

interface Row {
  kind: 'signal' | 'report';
  id: string;
  unit_id: string | null;
  location_id: string | null;
  at: Date;
  themes: string[];
  contact_keys: string[];
  duplicate_of: string | null;
  has_receipt: boolean;
  channel: string | null;
  provider_id: string;
}

/**
 * Who reported, as keys: items sharing a key come from one reporter (duplicates.countReporters joins them).
 * - a signal with contact details: a hash of its e-mail address and of its phone number (as signals.reportersOf does),
 *   or, with neither, of the name (two reporters who gave only the same name count once);
 * - a duplicate (duplicate_of) without contact details of its own counts with its original's reporter; with other
 *   details it is another person;
 * - an anonymous signal with a receipt code is a reporter of its own (each receipt belongs to one report);
 * - a signal without any way back (anonymous without a receipt, no details given, or its details removed by
 *   retention) counts once per channel: we never count more people than we can tell apart;
 * - a mandatory report counts as one reporter, the provider, however many it made.
 */
export function reporterKeys(r: Row): string[] {
  if (r.kind === 'report') return [`m:${r.provider_id}`];
  const keys = [...r.contact_keys, `s:${r.id}`];
  if (r.contact_keys.length === 0) {
    if (r.duplicate_of) keys.push(`s:${r.duplicate_of}`);
    else if (!r.has_receipt) keys.push(`c:${r.channel ?? ''}`);
  }
  return keys;
}

export const reporters = (items: ReadonlyArray<{ keys: string[] }>): number => countReporters(items);

// Hashed in the database like duplicateRepository.reporterKeys, so counting never reads anyone's contact details.
const contactKeys = sql<string[]>`array_remove(array[
    case when nullif(trim(c.email), '') is not null then 'e:' || md5(lower(trim(c.email))) end,
    case when length(regexp_replace(c.phone, '\\D', '', 'g')) >= 8
         then 'p:' || md5(regexp_replace(regexp_replace(c.phone, '\\D', '', 'g'), '^(00)?310?', '0')) end,
    case when nullif(trim(c.email), '') is null and coalesce(length(regexp_replace(c.phone, '\\D', '', 'g')), 0) < 8
              and nullif(trim(c.name), '') is not null
         then 'n:' || md5(lower(regexp_replace(trim(c.name), '\\s+', ' ', 'g'))) end
  ], null)`;

/**
 * The signals (by receipt) and mandatory reports (by the event's moment) in (from, to] about any of the groups and
 * locations given (a location's groups included), read in one query for one place or for all of the nightly scan's.
 * A duplicate without an assessment of its own takes its original's themes.
 */
export async function placeItems(db: Executor, places: readonly Place[], from: Date, to: Date): Promise<PlaceItem[]> {
  const units = [...new Set(places.filter((p) => p.unitId).map((p) => p.unitId!))];
  const locations = [...new Set(places.filter((p) => !p.unitId && p.locationId).map((p) => p.locationId!))];
  if (units.length === 0 && locations.length === 0) return [];
  const at = (alias: string) =>
    sql`(${sql.ref(`${alias}.unit_id`)} = any(${units}::uuid[]) or ${sql.ref(`${alias}.location_id`)} = any(${locations}::uuid[]))`;
  const { rows } = await sql<Row>`
    select 'signal' as kind, s.id, s.unit_id, s.location_id, s.received_at as at,
           coalesce(a.themes, oa.themes, '{}') as themes, ${contactKeys} as contact_keys,
           s.duplicate_of, s.receipt_hash is not null as has_receipt, s.channel, s.provider_id
      from signals s
      left join signal_contacts c on c.signal_id = s.id
      left join signal_assessments a on a.signal_id = s.id
      left join signal_assessments oa on oa.signal_id = s.duplicate_of
     where ${at('s')} and s.received_at > ${from} and s.received_at <= ${to}
    union all
    select 'report', r.id, r.unit_id, r.location_id, r.occurred_at, r.themes, '{}', null, false, null, r.provider_id
      from mandatory_reports r
     where ${at('r')} and r.occurred_at > ${from} and r.occurred_at <= ${to}
     order by at, id`.execute(db);
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    providerId: r.provider_id,
    locationId: r.location_id,
    unitId: r.unit_id,
    at: r.at,
    themes: r.themes,
    keys: reporterKeys(r),
  }));
}
