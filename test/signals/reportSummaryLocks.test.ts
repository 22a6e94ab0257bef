import { sql } from 'kysely';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';

// The report's summary rows are changed by triggers on signals. Two corrections of signals of the same day in opposite
// directions (youth to others and back) must wait for each other, never deadlock.
const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;

beforeAll(async () => {
  ctx = await testServices({ clock });
});
afterAll(() => ctx.cleanup());

test('opposite reporter-type flips of two signals of one day, 300 times at once on two connections, never deadlock', async () => {
  const register = async (reporterType: string) =>
    (
      await ctx.services.signals.register(systemActor('test'), {
        channel: 'telefoon',
        reporterType,
        summary: 'Omgezet',
        description: 'Het type melder wordt gecorrigeerd.',
        contact: { phone: '06 12345678' },
      })
    ).signal.id;
  const [a, b] = [await register('jeugdige'), await register('ouder')];
  const flip = async (id: string) => {
    const client = await ctx.services.pool.connect();
    try {
      for (let i = 0; i < 300; i++)
        await client.query(
          `update signals set reporter_type = case when reporter_type = 'jeugdige' then 'ouder' else 'jeugdige' end where id = $1`,
          [id],
        );
    } finally {
      client.release();
    }
  };
  await expect(Promise.all([flip(a), flip(b)])).resolves.toBeDefined();
  // And the summary still adds up: one youth and one other on that day, as at the start (300 flips each).
  const day = await ctx.services.db
    .selectFrom('signal_day_figures')
    .select(['youth', 'total'])
    .where(sql<boolean>`day = '2026-11-20'::date`)
    .orderBy('youth')
    .execute();
  expect(day.map((r) => [r.youth, r.total])).toEqual([
    [false, 1],
    [true, 1],
  ]);
}, 60_000);
