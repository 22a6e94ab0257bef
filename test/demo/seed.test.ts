import { seedDemo } from '../../src/demo/seed';
import { testServices, type TestContext } from '../support/testServices';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await testServices();
});
afterAll(() => ctx.cleanup());

test('demo data: users for every role and about 40 fictional providers, 12 of them JeugdzorgPlus with ZIKOS; a second run adds nothing', async () => {
  const lines: string[] = [];
  const first = await seedDemo(ctx.services, (l) => lines.push(l));
  expect(first.providersCreated).toBe(40);
  for (const role of ['beheerder', 'manager', 'meldpunt', 'inspecteur'])
    expect(lines.some((l) => l.startsWith(role) && l.includes('demo-jeugdtoezicht-2026'))).toBe(true);

  const all = await ctx.services.providers.search('');
  expect(all).toHaveLength(40);
  expect(all.every((p) => p.name.endsWith('(fictief)'))).toBe(true);
  const closed = all.filter((p) => p.closedCare);
  expect(closed).toHaveLength(12);
  for (const p of closed) {
    const full = await ctx.services.providers.get(p.id);
    expect(full.locations.flatMap((l) => l.units).some((u) => u.careType === 'zikos')).toBe(true);
    expect(full.inspectors.length).toBeGreaterThanOrEqual(2);
  }

  const second = await seedDemo(ctx.services);
  expect(second.providersCreated).toBe(0);
  expect(await ctx.services.providers.search('')).toHaveLength(40);
  expect((await ctx.services.users.list()).length).toBe(8);
  // verify-audit compares the chain with its anchor outside the database (npm run seed:demo writes one too).
  await ctx.services.audit.checkpoint();
  expect((await ctx.services.audit.verify()).ok).toBe(true);
});
