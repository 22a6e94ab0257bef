import { seedDemo } from '../../src/demo/seed';
import { testServices, type TestContext } from '../support/testServices';

// Issue 10, point 1: the demo has mandatory reports to look at: one late, one death in ZIKOS that the IGJ
// investigates itself, one without a decision yet; about a provider of the first demo inspector. A second run adds none.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await testServices();
});
afterAll(() => ctx.cleanup());

test('demo reports: late, a death in ZIKOS decided igj-onderzoek, undecided; idempotent', async () => {
  const first = await seedDemo(ctx.services);
  expect(first.reportsCreated).toBe(4);
  const rows = await ctx.services.db
    .selectFrom('mandatory_reports as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.late', 'r.death', 'r.closed_care', 'r.decision', 'u.care_type', 'r.provider_id'])
    .execute();
  expect(rows.filter((r) => r.late)).toHaveLength(1);
  expect(rows.filter((r) => r.death)).toEqual([
    expect.objectContaining({ care_type: 'zikos', closed_care: true, decision: 'igj-onderzoek' }),
  ]);
  expect(rows.filter((r) => r.decision === null).length).toBeGreaterThanOrEqual(1);
  const ines = (await ctx.services.users.list()).find((u) => u.email === 'inspecteur1@demo.igj.test')!;
  for (const r of rows) expect(await ctx.services.reports.canRead(ines, { providerId: r.provider_id, registeredBy: null })).toBe(true);
  expect((await seedDemo(ctx.services)).reportsCreated).toBe(0);
});
