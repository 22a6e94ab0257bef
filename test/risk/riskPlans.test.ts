import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { createDb, createPool, type Db } from '../../src/db/connection';
import { countQuery, pageQuery, placeOptionsQuery, windowAt, type RiskWindow } from '../../src/risk/riskQuery';
import { cellsQuery, markedQuery, namesQuery } from '../../src/risk/funnelQuery';
import type { RiskFilter } from '../../src/risk/riskFilter';
import { dropTestDatabase, urlFor } from '../support/db';
import { generateSet, indexes, nodes, planOf, seqScans, type PlanNode } from '../support/plans';

// Issue 10, point 5: the risk overview stays fast on a national history because no query it sends reads the signals
// (or the reports) table by a sequential scan: recent signals come from risk_signals through its index on the moment of
// receipt, late reports through their partial index. Every query of the page, with each view, sort and filter, is
// EXPLAINed against a generated ten-year history (30,000 signals, analysed), as test/db/sweepPlans.test.ts does.

const name = `jt_test_riskplans_${randomBytes(4).toString('hex')}`;
let db: Db;
let w: RiskWindow;

beforeAll(async () => {
  await generateSet(name);
  db = createDb(createPool(urlFor(name), 1));
  w = windowAt(new Date());
  // What the generator leaves out, in realistic numbers: open alerts on one group in twenty (closed ones on more) and a
  // few statuses.
  await sql`insert into pattern_alerts (rule, provider_id, location_id, unit_id, explanation, observed, status, created_at, updated_at,
      decision, decision_reason, decided_at)
    select (array['cluster', 'rise', 'missing-report', 'silence'])[1 + abs(hashtext(u.id::text)) % 4], l.provider_id, l.id, u.id, 'x', 2,
      case when abs(hashtext(u.id::text)) % 4 = 0 then 'open' else 'closed' end, now(), now(),
      case when abs(hashtext(u.id::text)) % 4 = 0 then null else 'geen-actie' end,
      case when abs(hashtext(u.id::text)) % 4 = 0 then null else 'x' end,
      case when abs(hashtext(u.id::text)) % 4 = 0 then null else now() end
    from units u join locations l on l.id = u.location_id where abs(hashtext(u.id::text)) % 5 = 0`.execute(db);
  await sql`insert into provider_statuses (provider_id, kind, starts_on)
    select id, 'opnamestop', current_date - 10 from providers where abs(hashtext(id::text)) % 20 = 0`.execute(db);
  for (const t of [
    'signals',
    'risk_signals',
    'mandatory_reports',
    'pattern_alerts',
    'provider_statuses',
    'units',
    'locations',
    'providers',
  ])
    await sql`analyze ${sql.table(t)}`.execute(db);
}, 180_000);
afterAll(async () => {
  await db?.destroy();
  await dropTestDatabase(name);
});

const plan = (query: RawBuilder<unknown>) => planOf(db, query.compile(db));
const BIG = ['signals', 'risk_signals', 'mandatory_reports'];
const reads = (p: PlanNode) => new Set(nodes(p).flatMap((n) => (n['Relation Name'] ? [n['Relation Name']] : [])));

test('every query of the overview, in each view, sort and filter, reads recent signals and late reports through an index', async () => {
  const place = await db
    .selectFrom('locations')
    .select(['region', 'municipality'])
    .where('region', 'is not', null)
    .executeTakeFirstOrThrow();
  const inspector = await db.selectFrom('provider_inspectors').select('user_id').executeTakeFirstOrThrow();
  const base: RiskFilter = { view: 'aanbieders', sort: 'score', dir: 'desc', page: 1 };
  const filters: RiskFilter[] = [];
  for (const view of ['aanbieders', 'groepen'] as const) {
    for (const sort of ['score', 'name', 'signals', 'rate', 'late'] as const) filters.push({ ...base, view, sort });
    filters.push({ ...base, view, careType: 'jeugdzorgplus', region: place.region!, rule: 'rise' });
    filters.push({ ...base, view, municipality: place.municipality, inspectorId: inspector.user_id });
  }
  const found = [];
  for (const f of filters) {
    for (const [what, query] of [
      ['page', pageQuery(f, w, 0, 25)],
      ['page 20', pageQuery(f, w, 475, 25)],
      ['count', countQuery(f)],
    ] as const) {
      const p = await plan(query);
      found.push({ view: f.view, sort: f.sort, what, seqScans: seqScans(p, BIG) });
      if (what === 'page') {
        // It never reads the wide signals table at all: risk_signals holds what it counts.
        expect(reads(p).has('signals')).toBe(false);
        expect(indexes(p)).toContain('risk_signals_received');
        expect(indexes(p)).toContain('mandatory_reports_late');
      }
    }
  }
  expect(found.filter((r) => r.seqScans.length > 0)).toEqual([]);
});

test('the funnel reads its care type’s recent signals through an index, and names groups by key', async () => {
  const unit = await db.selectFrom('units').select('id').where('care_type', '=', 'jeugdzorgplus').executeTakeFirstOrThrow();
  for (const query of [
    cellsQuery('jeugdzorgplus', w),
    cellsQuery('kleinschalig', w),
    namesQuery([unit.id]),
    markedQuery(unit.id, w),
    placeOptionsQuery(),
  ]) {
    const p = await plan(query);
    expect(seqScans(p, BIG)).toEqual([]);
    expect(reads(p).has('signals')).toBe(false);
  }
});
