import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { createPool } from '../../src/db/connection';
import type { Database } from '../../src/db/database';
import { monthlyCounts, type PlaceRef } from '../../src/providers/monthlyCounts';
import { periodRange, type Period } from '../../src/providers/monthlyViews';
import { createTestDatabase, dropTestDatabase, urlFor } from '../support/db';
import { nodes, type PlanNode } from '../support/plans';

// Issue 10 point 7: the chart's counts come from SQL through the place's index. A provider with 50,000 signals over
// ten years among 300 others (as the national data set has its busiest): every query for every period and place is
// EXPLAINed and run; none reads the signals table by a sequential scan, and the provider's signals are counted from
// signals_provider_received (and its location and unit siblings) without visiting the table.

const name = `charts_plans_${randomBytes(4).toString('hex')}`;
const BIG = 50_000;
let db: Kysely<Database>;
let captured: CompiledQuery[] = [];
let provider: string;
let location: string;
let unit: string;

beforeAll(async () => {
  await createTestDatabase(name);
  const pool = createPool(urlFor(name), 4);
  db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') captured.push(e.query);
    },
  });
  await sql`insert into providers (name, type) select 'Aanbieder ' || g, 'jeugdhulpaanbieder' from generate_series(1, 300) g`.execute(db);
  await sql`insert into providers (name, type) values ('De Drukke', 'jeugdhulpaanbieder')`.execute(db);
  await sql`insert into locations (provider_id, name, address, municipality)
    select p.id, 'Locatie ' || g, 'Straat ' || g, 'Ede' from providers p cross join generate_series(1, 4) g`.execute(db);
  await sql`insert into units (location_id, name, care_type, places)
    select l.id, 'Groep ' || g, 'jeugdzorgplus', 8 from locations l cross join generate_series(1, 3) g`.execute(db);
  provider = (await db.selectFrom('providers').select('id').where('name', '=', 'De Drukke').executeTakeFirstOrThrow()).id;
  // Every provider's signals over ten years; the busy one has BIG, the others 100 each, spread over its groups.
  await sql`with places as (
      select p.id as provider_id, l.id as location_id, u.id as unit_id,
        row_number() over (partition by p.id order by u.id) - 1 as k, count(*) over (partition by p.id) as n
      from providers p join locations l on l.provider_id = p.id join units u on u.location_id = l.id),
    wanted as (select p.id as provider_id, case when p.id = ${provider}::uuid then ${BIG}::int else 100 end as n from providers p),
    rows as (select w.provider_id, g, now() - (random() * interval '3650 days') as at from wanted w cross join lateral generate_series(1, w.n) g)
    insert into signals (reference, received_at, registered_at, channel, reporter_type, young_person_self, provider_id, location_id,
      unit_id, summary, description, status, norm_id, norm_label, due_at, updated_at)
    select 'S-' || row_number() over (), r.at, r.at + interval '1 hour', 'telefoon', 'jeugdige', true, r.provider_id, pl.location_id,
      pl.unit_id, 'x', 'x', 'afgesloten', n.id, n.label, r.at + interval '48 hours', r.at
    from rows r join places pl on pl.provider_id = r.provider_id and pl.k = r.g % pl.n
    cross join (select id, label from follow_up_norms order by created_at limit 1) n`.execute(db);
  // One in fifty a duplicate of an earlier signal of its provider.
  await sql`update signals s set duplicate_of = (select o.id from signals o where o.provider_id = s.provider_id and o.id <> s.id limit 1)
    where hashtext(s.id::text) % 50 = 0`.execute(db);
  await sql`insert into mandatory_reports (reference, kind, occurred_at, reported_at, registered_at, registered_via, provider_id,
      location_id, unit_id, young_people_involved, closed_care, summary, description, themes, due_at, late, updated_at)
    select 'M-' || id, 'geweld', received_at, received_at, received_at, 'load', provider_id, location_id, unit_id, 1, true, 'x', 'x',
      '{vbm}', received_at + interval '3 days', false, received_at
    from signals where hashtext(id::text) % 10 = 2`.execute(db);
  // As autovacuum leaves a table that has been written to: statistics, and the visibility map index-only scans read.
  for (const t of ['signals', 'mandatory_reports', 'locations', 'units', 'providers'])
    await sql`vacuum analyze ${sql.table(t)}`.execute(db);
  const place = await db
    .selectFrom('units as u')
    .innerJoin('locations as l', 'l.id', 'u.location_id')
    .select(['u.id as unit', 'l.id as location'])
    .where('l.provider_id', '=', provider)
    .executeTakeFirstOrThrow();
  [unit, location] = [place.unit, place.location];
}, 300_000);
afterAll(async () => {
  await db?.destroy();
  await dropTestDatabase(name);
});

/** The queries one count sends, each EXPLAINed with ANALYZE; and the counts. */
async function plansOf(place: PlaceRef, period: Period) {
  captured = [];
  const thisMonth = new Date().toISOString().slice(0, 7);
  const counts = await monthlyCounts(db, place, periodRange(period, thisMonth));
  const queries = captured;
  captured = [];
  const plans: PlanNode[] = [];
  for (const q of queries) {
    const r = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>({ ...q, sql: `explain (analyze, format json) ${q.sql}` });
    plans.push(r.rows[0]!['QUERY PLAN'][0]!.Plan);
  }
  return { counts, plans: plans.flatMap(nodes) };
}

test('for every period and place: no sequential scan of signals, the place’s own index, the counts right', async () => {
  const found = [];
  for (const [what, place, column] of [
    ['provider', { providerId: provider }, 'provider_id'],
    ['location', { locationId: location }, 'location_id'],
    ['unit', { unitId: unit }, 'unit_id'],
  ] as const) {
    for (const period of ['12', '24', '60', 'all'] as const) {
      const { counts, plans } = await plansOf(place, period);
      const id = Object.values(place)[0];
      const range = periodRange(period, new Date().toISOString().slice(0, 7));
      const from = range.from ? sql`and received_at >= (${`${range.from}-01`}::timestamp at time zone 'Europe/Amsterdam')` : sql``;
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from signals
        where ${sql.ref(column)} = ${id} and duplicate_of is null ${from}`.execute(db);
      const signalScans = plans.filter((n) => n['Relation Name'] === 'signals');
      found.push({
        what: `${what}, ${period}`,
        seqScans: signalScans.filter((n) => n['Node Type'] === 'Seq Scan').length,
        indexes: [...new Set(signalScans.map((n) => n['Index Name']).filter((i) => i?.endsWith('_received')))],
        counted: counts.reduce((n, c) => n + c.signals, 0) === rows[0]!.n,
      });
    }
  }
  expect(found).toEqual(
    found.map((f) => ({
      what: f.what,
      seqScans: 0,
      indexes: [`signals_${f.what.split(',')[0]}_received`],
      counted: true,
    })),
  );
}, 120_000);

test('ten years of the busiest provider: its signals counted from the index alone', async () => {
  const { plans } = await plansOf({ providerId: provider }, 'all');
  const scan = plans.find((n) => n['Index Name'] === 'signals_provider_received');
  expect(scan?.['Node Type']).toBe('Index Only Scan');
}, 60_000);
