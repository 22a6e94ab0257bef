import { sql } from 'kysely';
import type { RiskWindow } from './riskQuery';

// The funnel's figures in SQL: one row per combination of places and count (a cell), however many groups share it.

/** How many ids of a cell come along: enough to name the groups of a cell above the limits. */
export const IDS_PER_CELL = 20;

/** The groups of one care type with places, as cells of (places, signals in the window), with the number of groups in each. */
export const cellsQuery = (careType: string, w: RiskWindow) =>
  sql<{ places: number; n: number; units: number; ids: string[] }>`
    with per_unit as (
      select r.unit_id, count(*)::int as n
        from risk_signals r join units u on u.id = r.unit_id
       where r.received_at > ${w.from} and r.received_at <= ${w.now} and u.care_type = ${careType}
       group by r.unit_id)
    select u.places, coalesce(c.n, 0) as n, count(*)::int as units, (array_agg(u.id order by u.id))[1:${IDS_PER_CELL}] as ids
      from units u left join per_unit c on c.unit_id = u.id
     where u.care_type = ${careType} and u.places > 0
     group by u.places, coalesce(c.n, 0)`;

export interface NamedUnit {
  id: string;
  name: string;
  places: number;
  care_type: string;
  location_id: string;
  location_name: string;
  provider_id: string;
  provider_name: string;
}

/** The names of the groups the funnel names (those above a limit, and a marked one). */
export const namesQuery = (ids: readonly string[]) =>
  sql<NamedUnit>`
    select u.id, u.name, u.places, u.care_type, l.id as location_id, l.name as location_name, p.id as provider_id, p.name as provider_name
      from units u join locations l on l.id = u.location_id join providers p on p.id = l.provider_id
     where u.id = any(${[...ids]}::uuid[])`;

/** One group with its count in the window: the group a rise alert links to, marked in the funnel. */
export const markedQuery = (unitId: string, w: RiskWindow) =>
  sql<NamedUnit & { n: number }>`
    select u.id, u.name, u.places, u.care_type, l.id as location_id, l.name as location_name, p.id as provider_id, p.name as provider_name,
           (select count(*)::int from risk_signals r where r.unit_id = u.id and r.received_at > ${w.from} and r.received_at <= ${w.now}) as n
      from units u join locations l on l.id = u.location_id join providers p on p.id = l.provider_id
     where u.id = ${unitId}`;
