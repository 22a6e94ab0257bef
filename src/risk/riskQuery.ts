import { sql, type RawBuilder } from 'kysely';
import { amsterdamDay } from '../common/time';
import { LATE_REPORT_MONTHS, SIGNAL_WINDOW_DAYS, WEIGHTS } from './score';
import { lastVisitSql } from './lastVisit';
import type { RiskFilter, Sort } from './riskFilter';

/**
 * The risk overview's queries: one for a page (every figure aggregated in SQL, for every provider or group, then
 * ranked and cut to the page) and one for the true count. Nothing is loaded row by row into Node.
 *
 * Recent signals come from risk_signals (migration 016: one narrow row per counted signal, kept by triggers), late
 * reports through the partial index mandatory_reports_late, open alerts through pattern_alerts_list; statuses and the
 * place tables are small. The expectation of a group is what comparable groups (the same care type, over all of the
 * country, in the same window) lead to expect: places × signals per place of that care type, or for a group without
 * places (ambulant care) the care type's signals per such group. A provider's places and expectation are its groups'
 * added up; its signals are all signals about it, also those that name only the provider or a location.
 */

const DAY_MS = 86_400_000;

export interface RiskWindow {
  now: Date;
  /** Signals received after this and up to now are recent. */
  from: Date;
  /** Late reports reported after this count. */
  lateFrom: Date;
  /** Today in Amsterdam, for the statuses that hold now. */
  today: string;
}

export function windowAt(now: Date): RiskWindow {
  const lateFrom = new Date(now);
  lateFrom.setUTCMonth(lateFrom.getUTCMonth() - LATE_REPORT_MONTHS);
  return { now, from: new Date(now.getTime() - SIGNAL_WINDOW_DAYS * DAY_MS), lateFrom, today: amsterdamDay(now) };
}

/** One row of either view, as the page query returns it. */
export interface RiskRow {
  id: string;
  name: string;
  /** Groups only: the group's place. */
  care_type: string | null;
  location_id: string | null;
  location_name: string | null;
  provider_id: string;
  provider_name: string;
  places: number;
  alerts: number;
  /** Open alerts per rule, e.g. { cluster: 2, rise: 1 }; null without any. */
  rules: Record<string, number> | null;
  missing: number;
  signals: number;
  expected: number;
  late: number;
  verscherpt_toezicht: string | null;
  opnamestop: string | null;
  last_visit: string | null;
  score: number;
}

const lit = (n: number) => sql.lit(n);

/**
 * What every provider and group is measured against, as common table expressions: the recent signals per provider and
 * group (one pass over the window), and per care type the signals per place (groups with places) and per group (groups
 * without). Small aggregates joined where needed rather than one joined table of every group: that was a third slower.
 */
const norms = (w: RiskWindow) => sql`
  recent as materialized (
    select provider_id, unit_id, count(*)::int as n from risk_signals
     where received_at > ${w.from} and received_at <= ${w.now}
     group by provider_id, unit_id),
  -- Summed again per group: a group belongs to one provider, but nothing in the schema forbids a signal saying otherwise.
  per_unit as (select unit_id, sum(n)::int as n from recent where unit_id is not null group by unit_id),
  norms as (
    select u.care_type,
           (sum(r.n) filter (where u.places > 0))::float8 / nullif(sum(u.places), 0) as per_place,
           (sum(r.n) filter (where u.places = 0))::float8 / nullif(count(*) filter (where u.places = 0), 0) as per_group
      from units u left join per_unit r on r.unit_id = u.id
     group by u.care_type),
  statuses as (
    select provider_id,
           to_char(min(starts_on) filter (where kind = 'verscherpt-toezicht'), 'YYYY-MM-DD') as verscherpt_toezicht,
           to_char(min(starts_on) filter (where kind = 'opnamestop'), 'YYYY-MM-DD') as opnamestop
      from provider_statuses
     where starts_on <= ${w.today}::date and (ends_on is null or ends_on >= ${w.today}::date)
     group by provider_id)`;

/** A group's expectation: places × signals per place of its care type, or for a group without places the care type's per group. */
const expectedOf = (u: string, nm: string) =>
  sql`case when ${sql.ref(`${u}.places`)} > 0 then ${sql.ref(`${u}.places`)} * coalesce(${sql.ref(`${nm}.per_place`)}, 0)
           else coalesce(${sql.ref(`${nm}.per_group`)}, 0) end`;

/** Open alerts per provider or per group: the count, the count per rule, and the signals behind missing-report alerts. */
const openAlerts = (key: 'provider_id' | 'unit_id') => sql`
  alerts as (
    select key, sum(n)::int as n, jsonb_object_agg(rule, n) as rules, sum(missing)::int as missing
      from (select ${sql.ref(key)} as key, rule, count(*)::int as n,
                   coalesce(sum(observed) filter (where rule = 'missing-report'), 0) as missing
              from pattern_alerts where status = 'open' ${key === 'unit_id' ? sql`and unit_id is not null` : sql``}
             group by 1, 2) a
     group by key)`;

const lateReports = (key: 'provider_id' | 'unit_id', w: RiskWindow) => sql`
  late as (
    select ${sql.ref(key)} as key, count(*)::int as n from mandatory_reports
     where late and reported_at > ${w.lateFrom} and reported_at <= ${w.now} ${key === 'unit_id' ? sql`and unit_id is not null` : sql``}
     group by 1)`;

/** The score: the sum score.ts explains, over the columns of a row. */
const scoreSql = sql`
  ${lit(WEIGHTS.alert)} * alerts + ${lit(WEIGHTS.missing)} * missing + ${lit(WEIGHTS.late)} * late
  + ${lit(WEIGHTS.excessSignal)} * greatest(0, signals - expected)
  + case when verscherpt_toezicht is not null then ${lit(WEIGHTS.verscherptToezicht)} else 0 end
  + case when opnamestop is not null then ${lit(WEIGHTS.opnamestop)} else 0 end`;

/**
 * The filter as conditions on the row's provider id, and in the groups view its group, care type and location. The page
 * and the count use the same conditions, so the count is the true number of rows the pages go through.
 */
function conditions(f: RiskFilter, at: { provider: string; unit?: string; careType?: string; location?: string }): RawBuilder<unknown> {
  const c: RawBuilder<unknown>[] = [sql`true`];
  const provider = sql.ref(at.provider);
  if (f.careType)
    c.push(
      at.careType
        ? sql`${sql.ref(at.careType)} = ${f.careType}`
        : sql`exists (select 1 from locations fl join units fu on fu.location_id = fl.id
                       where fl.provider_id = ${provider} and fu.care_type = ${f.careType})`,
    );
  for (const [column, value] of [
    ['region', f.region],
    ['municipality', f.municipality],
  ] as const)
    if (value)
      c.push(
        at.location
          ? sql`exists (select 1 from locations fl where fl.id = ${sql.ref(at.location)} and ${sql.ref(`fl.${column}`)} = ${value})`
          : sql`exists (select 1 from locations fl where fl.provider_id = ${provider} and ${sql.ref(`fl.${column}`)} = ${value})`,
      );
  if (f.inspectorId)
    c.push(sql`exists (select 1 from provider_inspectors pi where pi.provider_id = ${provider} and pi.user_id = ${f.inspectorId})`);
  if (f.rule)
    c.push(sql`exists (select 1 from pattern_alerts fa where fa.status = 'open' and fa.rule = ${f.rule}
                         and ${at.unit ? sql`fa.unit_id = ${sql.ref(at.unit)}` : sql`fa.provider_id = ${provider}`})`);
  return sql.join(c, sql` and `);
}

/** The sort expressions over the columns of `scored`, qualified with `t` (so the outer query can order its page again). */
const ORDER: Record<Sort, (t: string) => RawBuilder<unknown>> = {
  score: (t) => sql.ref(`${t}.score`),
  name: (t) => sql.ref(`${t}.sort_name`),
  alerts: (t) => sql.ref(`${t}.alerts`),
  signals: (t) => sql.ref(`${t}.signals`),
  rate: (t) => sql`${sql.ref(`${t}.signals`)}::float8 / nullif(${sql.ref(`${t}.places`)}, 0)`,
  missing: (t) => sql.ref(`${t}.missing`),
  late: (t) => sql.ref(`${t}.late`),
};

// Ties: the higher score first, then by name; the id makes every page's cut the same.
const orderBy = (f: RiskFilter, t: string): RawBuilder<unknown> =>
  sql`${ORDER[f.sort](t)} ${sql.raw(f.dir === 'asc' ? 'asc' : 'desc')} nulls last, ${sql.ref(`${t}.score`)} desc, ${sql.ref(
    `${t}.sort_name`,
  )}, ${sql.ref(`${t}.id`)}`;

const providerRows = (f: RiskFilter) => sql`
  per_provider as (select provider_id, sum(n)::int as n from recent group by provider_id),
  expected as (
    select l.provider_id, sum(u.places)::int as places, sum(${expectedOf('u', 'nm')}) as expected
      from units u join locations l on l.id = u.location_id join norms nm on nm.care_type = u.care_type
     group by l.provider_id),
  rows as (
    select p.id, p.id as provider_id, null::uuid as location_id, null::text as care_type, lower(p.name) as sort_name,
           coalesce(e.places, 0) as places, coalesce(a.n, 0) as alerts, a.rules, coalesce(a.missing, 0) as missing,
           coalesce(s.n, 0) as signals, coalesce(e.expected, 0) as expected, coalesce(lt.n, 0) as late,
           st.verscherpt_toezicht, st.opnamestop
      from providers p
      left join expected e on e.provider_id = p.id
      left join per_provider s on s.provider_id = p.id
      left join alerts a on a.key = p.id
      left join late lt on lt.key = p.id
      left join statuses st on st.provider_id = p.id
     where ${conditions(f, { provider: 'p.id' })})`;

/**
 * Groups are ranked on their figures alone and named afterwards (the page's rows only): 27,000 groups joined to three
 * name tables before ranking cost more than the ranking. Sorting by name needs the names first, and takes that cost.
 */
const groupRows = (f: RiskFilter) => sql`
  rows as (
    select u.id, l.provider_id, u.location_id, u.care_type,
           ${f.sort === 'name' ? sql`array[lower(np.name), lower(l.name), lower(u.name)]` : sql`null::text[]`} as sort_name,
           u.places, coalesce(a.n, 0) as alerts, a.rules, coalesce(a.missing, 0) as missing,
           coalesce(r.n, 0) as signals, ${expectedOf('u', 'nm')} as expected, coalesce(lt.n, 0) as late,
           st.verscherpt_toezicht, st.opnamestop
      from units u
      join locations l on l.id = u.location_id
      join norms nm on nm.care_type = u.care_type
      ${f.sort === 'name' ? sql`join providers np on np.id = l.provider_id` : sql``}
      left join per_unit r on r.unit_id = u.id
      left join alerts a on a.key = u.id
      left join late lt on lt.key = u.id
      left join statuses st on st.provider_id = l.provider_id
     where ${conditions(f, { provider: 'l.provider_id', unit: 'u.id', careType: 'u.care_type', location: 'u.location_id' })})`;

/** One page of the ranking (figures for every provider or group, ranked in SQL, `limit` rows from `offset`), then named. */
export function pageQuery(f: RiskFilter, w: RiskWindow, offset: number, limit: number): RawBuilder<RiskRow> {
  const key = f.view === 'groepen' ? 'unit_id' : 'provider_id';
  return sql<RiskRow>`
    with ${norms(w)}, ${openAlerts(key)}, ${lateReports(key, w)},
    ${f.view === 'groepen' ? groupRows(f) : providerRows(f)},
    scored as (select *, (${scoreSql})::float8 as score from rows),
    page as (select * from scored s order by ${orderBy(f, 's')} offset ${offset} limit ${limit})
    select pg.id, ${f.view === 'groepen' ? sql`u.name` : sql`p.name`} as name, pg.care_type, pg.location_id, l.name as location_name,
           pg.provider_id, p.name as provider_name, pg.places, pg.alerts, pg.rules, pg.missing, pg.signals, pg.expected, pg.late,
           pg.verscherpt_toezicht, pg.opnamestop, ${lastVisitSql('pg.provider_id')} as last_visit, pg.score
      from page pg
      join providers p on p.id = pg.provider_id
      left join units u on u.id = pg.id and ${f.view === 'groepen' ? sql`true` : sql`false`}
      left join locations l on l.id = pg.location_id
     order by ${orderBy(f, 'pg')}`;
}

/** How many providers or groups the filter keeps: the same conditions, without any figure. */
export function countQuery(f: RiskFilter): RawBuilder<{ n: number }> {
  return f.view === 'groepen'
    ? sql<{ n: number }>`select count(*)::int as n from units u join locations l on l.id = u.location_id
        where ${conditions(f, { provider: 'l.provider_id', unit: 'u.id', careType: 'u.care_type', location: 'u.location_id' })}`
    : sql<{ n: number }>`select count(*)::int as n from providers p where ${conditions(f, { provider: 'p.id' })}`;
}

/** The regions and municipalities the filter offers: those of the registered locations. */
export const placeOptionsQuery = () =>
  sql<{ kind: 'region' | 'municipality'; value: string }>`
    select distinct 'region' as kind, region as value from locations where region is not null and region <> ''
    union
    select distinct 'municipality', municipality from locations where municipality <> ''
    order by 1, 2`;
