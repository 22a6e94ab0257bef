import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { createPool } from '../../src/db/connection';
import type { Database } from '../../src/db/database';
import { timelineService } from '../../src/timeline/timelineService';
import type { TimelineFilter, TimelinePosition, TimelineReader } from '../../src/timeline/types';
import { createTestDatabase, dropTestDatabase, urlFor } from '../support/db';
import { nodes, type PlanNode } from '../support/plans';

// "Stays fast for a provider with tens of thousands of items": a provider with 50,000 signals (and reports and
// consultations) among 300 others. Every query the timeline sends for a first page and for a page deep in the history
// is EXPLAINed (and run, ANALYZE): none reads the signals table by a sequential scan, and each reads about a page of
// signals through an index, not the provider's history.

const name = `h2_timeline_plans_${randomBytes(4).toString('hex')}`;
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
  // Every provider's signals over ten years; the busy one has BIG, the others 100 each, each in one of its units.
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
  await sql`insert into signal_assessments (signal_id, possible_misstand, serious_threat, meldplicht, concerns_jzp, themes, referrals, assessed_at)
    select id, false, false, false, true, array[(array['vbm', 'veiligheid', 'personeel'])[1 + (hashtext(id::text) & 1)]], '{}',
      received_at + interval '1 day' from signals where hashtext(id::text) % 10 <> 0`.execute(db);
  await sql`insert into consultations (signal_id, provider_id, created_at, due_at, outcome_at)
    select id, provider_id, received_at + interval '2 hours', received_at + interval '5 days', received_at + interval '3 days'
    from signals where hashtext(id::text) % 10 = 1`.execute(db);
  await sql`insert into mandatory_reports (reference, kind, occurred_at, reported_at, registered_at, registered_via, provider_id,
      location_id, unit_id, young_people_involved, closed_care, summary, description, themes, due_at, late, updated_at)
    select 'M-' || id, 'geweld', received_at, received_at, received_at, 'load', provider_id, location_id, unit_id, 1, true, 'x', 'x',
      '{vbm}', received_at + interval '3 days', false, received_at
    from signals where hashtext(id::text) % 20 = 2`.execute(db);
  for (const t of ['signals', 'signal_assessments', 'consultations', 'mandatory_reports', 'locations', 'units', 'providers'])
    await sql`analyze ${sql.table(t)}`.execute(db);
  const place = await db
    .selectFrom('units as u')
    .innerJoin('locations as l', 'l.id', 'u.location_id')
    .select(['u.id as unit', 'l.id as location'])
    .where('l.provider_id', '=', provider)
    .executeTakeFirstOrThrow();
  [unit, location] = [place.unit, place.location];
}, 240_000);
afterAll(async () => {
  await db?.destroy();
  await dropTestDatabase(name);
});

/** The queries one timeline page sends, each EXPLAINed with ANALYZE. */
async function plansOf(
  filter: Omit<TimelineFilter, 'providerId'>,
  position: TimelinePosition | null,
  reader: TimelineReader = { kind: 'all' },
) {
  captured = [];
  const page = await timelineService(db).page({ providerId: provider, ...filter }, position, 50, reader);
  const queries = captured;
  captured = []; // the EXPLAINs below are logged too
  const plans: PlanNode[] = [];
  for (const q of queries) {
    const r = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>({
      ...q,
      sql: `explain (analyze, format json) ${q.sql}`,
    });
    plans.push(r.rows[0]!['QUERY PLAN'][0]!.Plan);
  }
  return { page, plans };
}

/** Per scan of signals: its kind, index, and the rows it read (kept and filtered out). */
const signalScans = (plans: PlanNode[]) =>
  plans
    .flatMap(nodes)
    .filter((n) => n['Relation Name'] === 'signals')
    .map((n) => ({
      type: n['Node Type'],
      index: n['Index Name'],
      read: (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1) + (n['Rows Removed by Filter'] ?? 0) * (n['Actual Loops'] ?? 1),
    }));

/** The instant and id of the signal halfway through a place's history: a cursor deep in it. */
async function middleOf(filter: Omit<TimelineFilter, 'providerId'>): Promise<TimelinePosition> {
  let q = db
    .selectFrom('signals')
    .select([sql<string>`to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at'), 'id']);
  q = filter.unitId
    ? q.where('unit_id', '=', filter.unitId)
    : filter.locationId
      ? q.where('location_id', '=', filter.locationId)
      : q.where('provider_id', '=', provider);
  const n = (
    await db
      .selectFrom(q.as('x'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
  const mid = await q
    .orderBy('received_at')
    .orderBy('id')
    .offset(Math.floor(Number(n) / 2))
    .limit(1)
    .executeTakeFirstOrThrow();
  return { cursor: { at: mid.at, kind: 'signal', id: mid.id }, direction: 'older' };
}

test('the first page and a page deep in the history read a page of signals through an index, for every place filter', async () => {
  const cases: Array<[string, Omit<TimelineFilter, 'providerId'>]> = [
    ['provider', {}],
    ['location', { locationId: location }],
    ['unit', { unitId: unit }],
    ['signals only, as known a year ago', { kinds: ['signal'], asOf: new Date(Date.now() - 365 * 86_400_000) }],
  ];
  const found = [];
  for (const [what, filter] of cases) {
    for (const [where, position] of [
      ['first page', null],
      ['deep page', await middleOf(filter)],
    ] as const) {
      const { page, plans } = await plansOf(filter, position);
      const scans = signalScans(plans);
      found.push({
        what: `${what}, ${where}`,
        items: page.items.length,
        seqScans: scans.filter((s) => s.type === 'Seq Scan').length,
        // Each query reads a page of signals and those its filter passes over (a unit's consultations are found among
        // the provider's: 1 in 12 here), never the history of 50,000.
        tooMany: scans.filter((s) => s.read > 2_000),
        indexes: plans
          .flatMap(nodes)
          .flatMap((n) => (n['Index Name']?.match(/^signals_(provider|location|unit)_received$/) ? [n['Index Name']] : [])),
      });
    }
  }
  expect(found).toEqual(
    found.map((f) => ({
      what: f.what,
      items: 50,
      seqScans: 0,
      tooMany: [],
      indexes: [expect.stringMatching(/^signals_(provider|location|unit)_received$/)],
    })),
  );
}, 60_000);

test('reports and consultations are read through their own indexes; an assigned inspector’s page avoids a scan of signals too', async () => {
  const user = await db
    .insertInto('users')
    .values({ email: 'inspecteur@plans.test', name: 'I', password_hash: 'x', roles: ['inspecteur'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('provider_inspectors').values({ provider_id: provider, user_id: user.id }).execute();
  const { page, plans } = await plansOf({}, null, { kind: 'inspector', userId: user.id });
  expect(page.items).toHaveLength(50);
  const all = plans.flatMap(nodes);
  const scanned = ['signals', 'consultations', 'mandatory_reports', 'signal_assessments'];
  expect(all.filter((n) => n['Node Type'] === 'Seq Scan' && scanned.includes(n['Relation Name']!))).toEqual([]);
  const used = new Set(all.map((n) => n['Index Name']).filter(Boolean));
  expect(used).toContain('signals_provider_received');
  expect(used).toContain('mandatory_reports_provider_occurred');
  expect(used).toContain('consultations_provider_created');
}, 60_000);
