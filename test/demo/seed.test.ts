import { sql } from 'kysely';
import { seedDemo } from '../../src/demo/seed';
import { fixedClock, testServices, type TestContext } from '../support/testServices';

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

describe('with signals: histories that make each pattern rule fire, and near misses that do not', () => {
  let demo: TestContext;
  const clock = fixedClock(new Date());

  beforeAll(async () => {
    demo = await testServices({ clock });
  });
  afterAll(() => demo.cleanup());

  /** The group the demo's pattern histories use: a provider's group of a care type on its first location. */
  async function unitOf(provider: string, careType: string) {
    const { rows } = await sql<{ unit_id: string; location_id: string; provider_id: string }>`
      select u.id as unit_id, l.id as location_id, p.id as provider_id
        from providers p join locations l on l.provider_id = p.id join units u on u.location_id = l.id
       where p.name = ${`${provider} (fictief)`} and u.care_type = ${careType}
       order by (select count(*) from units x where x.location_id = l.id) desc, l.name, u.places desc, u.name
       limit 1`.execute(demo.services.db);
    return rows[0]!;
  }
  const openAlerts = () => demo.services.db.selectFrom('pattern_alerts').selectAll().where('status', '=', 'open').execute();
  const counts = async () => {
    const n = async (table: 'signals' | 'mandatory_reports' | 'pattern_alerts' | 'pattern_alert_history' | 'improvement_trajectories') =>
      Number(
        (
          await demo.services.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      signals: await n('signals'),
      reports: await n('mandatory_reports'),
      alerts: await n('pattern_alerts'),
      history: await n('pattern_alert_history'),
      trajectories: await n('improvement_trajectories'),
    };
  };

  test('after seeding each rule has an open alert where the demo means it, none at the near misses; a second run adds nothing', async () => {
    const first = await seedDemo(demo.services, () => undefined, clock);
    expect(first.signalsCreated).toBeGreaterThan(200);
    expect(first.patternSignalsCreated).toBeGreaterThan(40);
    expect(first.alertsCreated).toBeGreaterThan(0);
    const open = await openAlerts();
    const at = (rule: string, unitId: string) => open.filter((a) => a.rule === rule && a.unit_id === unitId);

    const cluster = await unitOf('Stichting De Lindehoeve', 'jeugdzorgplus');
    const rise = await unitOf('Open Huis De Wending', 'open-residentieel');
    const missing = await unitOf('Trainingshuis De Sprong', 'kleinschalig');
    const recurring = await unitOf('Jeugd-GGZ Oosterpoort', 'ggz-klinisch');
    const silent = await unitOf('Horizonzorg Jeugd', 'zikos');
    expect(at('cluster', cluster.unit_id).map((a) => [Number(a.observed), a.theme])).toEqual([[3, null]]);
    expect(at('rise', rise.unit_id).map((a) => Number(a.observed))).toEqual([8]);
    expect(at('missing-report', missing.unit_id).map((a) => Number(a.observed))).toEqual([1]);
    expect(at('recurrence', recurring.unit_id).map((a) => [Number(a.observed), a.theme])).toEqual([[2, 'vbm']]);
    expect(at('silence', silent.unit_id)).toHaveLength(1);
    for (const rule of ['cluster', 'rise', 'missing-report', 'recurrence', 'silence'])
      expect([rule, open.some((a) => a.rule === rule)]).toEqual([rule, true]);
    // Each firing place shows that rule only: the year of history keeps a cluster from also being a rise.
    expect(open.filter((a) => a.unit_id === cluster.unit_id).map((a) => a.rule)).toEqual(['cluster']);

    // Near misses: three signals from one young person; one extra signal on 4 places (two where about one was expected);
    // a meldplicht signal the provider did report. No alert of any rule at those groups, nor a cluster at their location
    // or a rise over their provider.
    const oneReporter = await unitOf('Jeugd-GGZ Het Kompas Zuid', 'ambulant');
    const steady = await unitOf('Gezinshuizen Het Anker', 'gezinshuis');
    const matched = await unitOf('Driemilieu De Oever', 'open-residentieel');
    for (const u of [oneReporter, steady, matched]) {
      expect(open.filter((a) => a.unit_id === u.unit_id)).toEqual([]);
      expect(open.filter((a) => a.rule === 'cluster' && a.location_id === u.location_id)).toEqual([]);
      expect(open.filter((a) => a.rule === 'rise' && a.provider_id === u.provider_id)).toEqual([]);
    }
    const items = await demo.services.db
      .selectFrom('signals')
      .select(['unit_id'])
      .where('unit_id', 'in', [oneReporter.unit_id, steady.unit_id, matched.unit_id])
      .where('received_at', '>', new Date(clock.now().getTime() - 30 * 86_400_000))
      .execute();
    expect(items.filter((s) => s.unit_id === oneReporter.unit_id)).toHaveLength(3);
    expect(items.filter((s) => s.unit_id === steady.unit_id)).toHaveLength(2);

    const before = await counts();
    const second = await seedDemo(demo.services, () => undefined, clock);
    expect(second).toMatchObject({ providersCreated: 0, signalsCreated: 0, reportsCreated: 0, patternSignalsCreated: 0, alertsCreated: 0 });
    expect(await counts()).toEqual(before);
    await demo.services.audit.checkpoint();
    expect((await demo.services.audit.verify()).ok).toBe(true);
  }, 300_000);
});
