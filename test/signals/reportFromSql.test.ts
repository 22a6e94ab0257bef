import { sql } from 'kysely';
import { seedDemo } from '../../src/demo/seed';
import { systemActor } from '../../src/audit/types';
import type { FollowUpFigures, Tally } from '../../src/signals/reporting/followUpReport';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { oldFollowUpReport } from '../support/oldFollowUpReport';

// Issue 9 point 2: the report's figures come from SQL (day summaries kept by triggers), yet they are the figures the
// old computation made in Node from every signal of the period: on the demo year, for many periods, and after the
// kinds of change a signal goes through.
const NOW = new Date('2026-11-20T09:00:00Z');
const clock = fixedClock(NOW);
let ctx: TestContext;
let old: ReturnType<typeof oldFollowUpReport>;
const actor = systemActor('test');
const youth = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Dubbel',
  description: 'Tweemaal gemeld.',
  contact: { phone: '06 11112222' },
};
let original: { id: string; reference: string };
let again: { id: string };

beforeAll(async () => {
  ctx = await testServices({ clock });
  await seedDemo(ctx.services, () => undefined, clock);
  clock.set(NOW);
  old = oldFollowUpReport(ctx.services.db, clock);
  // The demo has no duplicates: one, so they are left out alike.
  original = (await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-19T09:00:00Z' })).signal;
  again = (await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-19T10:00:00Z' })).signal;
  await ctx.services.signals.markDuplicate(actor, again.id, original.reference);
}, 120_000);
afterAll(() => ctx.cleanup());

/** Every page of both lists, `perPage` at a time: the lists as one. */
async function allPages(from: string, to: string, perPage: number) {
  const first = await ctx.services.followUpReport(from, to, { perPage });
  const breaches = [...first.breaches];
  const unreachable = [...first.unreachable];
  for (let page = 2; (page - 1) * perPage < Math.max(first.breachesPage.total, first.unreachablePage.total); page++) {
    const next = await ctx.services.followUpReport(from, to, { perPage, breachesPage: page, unreachablePage: page });
    if (next.breachesPage.page === page) breaches.push(...next.breaches);
    if (next.unreachablePage.page === page) unreachable.push(...next.unreachable);
  }
  return { first, breaches, unreachable };
}

const figuresOnly = (f: FollowUpFigures) => {
  const { breaches: _b, unreachable: _u, breachesPage: _bp, unreachablePage: _up, ...rest } = f;
  return rest;
};

async function expectSame(from: string, to: string) {
  const before = await old(from, to);
  const { first, breaches, unreachable } = await allPages(from, to, 7);
  const { breaches: oldBreaches, unreachable: oldUnreachable, ...oldFigures } = before;
  expect([from, to, figuresOnly(first)]).toEqual([from, to, oldFigures]);
  expect(breaches).toEqual(oldBreaches);
  expect(unreachable).toEqual(oldUnreachable);
  expect(first.breachesPage.total).toBe(oldBreaches.length);
  expect(first.unreachablePage.total).toBe(oldUnreachable.length);
  return before;
}

const PERIODS: Array<[string, string]> = [
  ['2016-11-20', '2026-11-20'], // ten years: every demo signal
  ['2025-08-28', '2026-11-20'], // the demo year and the months before it
  ['2026-08-28', '2026-11-20'], // the default twelve weeks
  ['2026-03-01', '2026-03-31'], // a month with the change to summer time
  ['2026-02-14', '2026-07-09'], // starting and ending mid-month: staff from days and whole months
  ['2026-10-25', '2026-10-25'], // the day summer time ends
  ['2026-11-16', '2026-11-22'], // this week: open signals beside breached ones
];

const both = (f: { youth: Tally; others: Tally }, k: keyof Omit<Tally, 'shareWithinNorm'>) => f.youth[k] + f.others[k];

test('on the demo year the figures from SQL are the figures of the old computation: shares, counts, weeks, months, staff, lists', async () => {
  const year = await expectSame(...PERIODS[0]!);
  // The demo has every kind of outcome, so equality means something.
  const kinds = ['met', 'late', 'unreachable', 'open'] as const;
  expect(kinds.map((k) => [k, both(year, k) > 0])).toEqual(kinds.map((k) => [k, true]));
  expect([year.duplicates, year.youngPersonSelf]).toEqual([1, expect.any(Number)]);
  expect(year.staff.length).toBeGreaterThan(1);
  expect(year.weeks.length).toBeGreaterThan(40);
  for (const [from, to] of PERIODS.slice(1)) await expectSame(from, to);
  // Ten days on, the signals open today have passed their deadline: breached, in SQL as in Node.
  clock.set(new Date(NOW.getTime() + 10 * 86_400_000));
  const later = await expectSame(...PERIODS[0]!);
  expect(both(later, 'breached')).toBeGreaterThan(0);
  expect(later.now.overdue).toBeGreaterThan(0);
  for (const [from, to] of PERIODS.slice(-2)) await expectSame(from, to);
  clock.set(NOW);
}, 60_000);

test('the summaries follow every change of a signal, in its transaction: equal to the old computation after each', async () => {
  const db = ctx.services.db;
  const ids = (
    await sql<{ id: string }>`select id from signals where duplicate_of is null order by received_at limit 6`.execute(db)
  ).rows.map((r) => r.id);
  const [a, b, c, d] = ids as [string, string, string, string];
  const e = again.id;
  const check = () => expectSame('2016-11-20', '2026-11-20');
  // Another day, month and ISO week; another group; contacted; made unreachable; a duplicate and back.
  await sql`update signals set received_at = received_at + interval '40 days' where id = ${a}`.execute(db);
  await sql`update signals set reporter_type = case when reporter_type = 'ouder' then 'jeugdige' else 'ouder' end where id = ${b}`.execute(
    db,
  );
  await sql`update signals set contacted_at = due_at + interval '1 hour', contacted_by = (select id from users limit 1) where id = ${c}`.execute(
    db,
  );
  await sql`update signals set contacted_at = null, contacted_by = null, unreachable_at = due_at, unreachable_reason = 'Geen gehoor' where id = ${d}`.execute(
    db,
  );
  await ctx.services.signals.unmarkDuplicate(actor, e);
  await check();
  await ctx.services.signals.markDuplicate(actor, e, original.reference);
  await check();
  // A change rolled back leaves the summary as it was: it was made in the same transaction.
  const sums = () => sql<{ n: number }>`select sum(met + late + waiting + unreachable)::int as n from signal_day_figures`.execute(db);
  const before = (await sums()).rows[0]!.n;
  await expect(
    db.transaction().execute(async (trx) => {
      await sql`update signals set duplicate_of = null where id = ${e}`.execute(trx);
      expect(
        (await sql<{ n: number }>`select sum(met + late + waiting + unreachable)::int as n from signal_day_figures`.execute(trx)).rows[0]!
          .n,
      ).toBe(before + 1);
      throw new Error('terug');
    }),
  ).rejects.toThrow('terug');
  expect((await sums()).rows[0]!.n).toBe(before);
  await check();
}, 60_000);
