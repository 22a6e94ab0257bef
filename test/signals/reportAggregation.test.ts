import { sql } from 'kysely';
import { systemActor, type Actor } from '../../src/audit/types';
import { chartBuckets } from '../../src/signals/reporting/reportChart';
import type { Tally } from '../../src/signals/reporting/followUpReport';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { PASSWORD } from '../support/web';

// Issue 9 point 2: the report's figures from SQL, against figures worked out by hand. Around the end of summer time
// (25 October 2026) and the turn of the year (2026 has an ISO week 53, ending on Sunday 3 January 2027), the Amsterdam
// day of receipt decides the week and month, not the UTC one.
const NOW = new Date('2027-01-20T12:00:00Z');
const clock = fixedClock(NOW);
let ctx: TestContext;
const system = systemActor('test');
const youth = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Rapportage',
  description: 'Met de hand geteld.',
  contact: { phone: '06 11112222' },
};
const other = { ...youth, reporterType: 'ouder' };
const ref: Record<string, string> = {};

const t = (x: Partial<Tally>): Tally => {
  const full = { total: 0, met: 0, late: 0, breached: 0, unreachable: 0, open: 0, ...x };
  const decided = full.met + full.late + full.breached;
  return { ...full, shareWithinNorm: decided ? Math.round((full.met / decided) * 1000) / 1000 : null };
};

beforeAll(async () => {
  ctx = await testServices({ clock });
  const staff = async (name: string): Promise<Actor> => {
    const u = await ctx.services.users.create(system, {
      email: `${name.toLowerCase()}@igj.test`,
      name,
      roles: ['meldpunt'],
      password: PASSWORD,
    });
    return { userId: u.id, label: name, requestId: null };
  };
  const [xandra, yusuf] = [await staff('Xandra'), await staff('Yusuf')];
  const contact = (by: Actor, id: string, at: Date) =>
    ctx.services.contacts.recordAttempt(by, id, {
      at,
      channel: 'telefoon',
      successful: true,
      structuralUnsafety: 'nee',
      boundaryCrossing: 'nee',
    });
  // [name, input, received (UTC), outcome, who made contact]
  const plan: Array<[string, typeof youth, string, 'met' | 'late' | 'none' | 'unreachable', Actor?]> = [
    ['before', youth, '2026-10-18T21:59:00Z', 'met', xandra], // Sunday 18 October 23:59 CEST: before the period
    ['A', youth, '2026-10-24T22:30:00Z', 'met', xandra], // Sunday 25 October 00:30 CEST: week 43
    ['B', youth, '2026-10-25T22:30:00Z', 'late', yusuf], // Sunday 25 October 23:30 CET: still week 43
    ['C', youth, '2026-10-25T23:30:00Z', 'none'], // Monday 26 October 00:30 CET: week 44
    ['D', other, '2026-10-31T22:59:00Z', 'met', xandra], // Saturday 31 October 23:59: October
    ['E', other, '2026-10-31T23:00:00Z', 'unreachable'], // Sunday 1 November 00:00: November, week 44
    ['F', youth, '2026-12-31T22:30:00Z', 'met', xandra], // 31 December 23:30: week 53 of 2026, December
    ['G', youth, '2026-12-31T23:30:00Z', 'none'], // 1 January 2027 00:30: week 53 of 2026, January 2027
    ['H', other, '2027-01-03T22:30:00Z', 'late', yusuf], // Sunday 3 January 23:30: week 53 of 2026
    ['I', youth, '2027-01-03T23:30:00Z', 'met', yusuf], // Monday 4 January 00:30: week 1 of 2027
    ['O', youth, '2027-01-19T10:00:00Z', 'none'], // due tomorrow: open
    ['after', youth, '2027-01-31T23:00:00Z', 'met', xandra], // 1 February 00:00 CET: after the period
  ];
  for (const [name, input, receivedAt, outcome, by] of plan) {
    // Registered "at the time"; the report looks from 20 January.
    clock.set(new Date(Math.max(new Date(receivedAt).getTime() + 30 * 86_400_000, NOW.getTime())));
    const { signal } = await ctx.services.signals.register(system, { ...input, receivedAt });
    ref[name] = signal.reference;
    const received = new Date(receivedAt).getTime();
    if (outcome === 'met') await contact(by!, signal.id, new Date(received + 3_600_000));
    if (outcome === 'late') await contact(by!, signal.id, new Date(new Date(signal.dueAt).getTime() + 3_600_000));
    if (outcome === 'unreachable')
      await sql`update signals set unreachable_at = received_at + interval '3 days', unreachable_reason = 'Geen gehoor' where id = ${signal.id}`.execute(
        ctx.services.db,
      );
  }
  // Written in again about A the same day: left out of the counts, counted as a duplicate.
  const { signal: again } = await ctx.services.signals.register(system, { ...youth, receivedAt: '2026-10-25T08:00:00Z' });
  await ctx.services.signals.markDuplicate(system, again.id, ref.A!);
  clock.set(NOW);
}, 60_000);
afterAll(() => ctx.cleanup());

test('per ISO week and per month by the Amsterdam day, across the end of summer time and the turn of the year', async () => {
  const f = await ctx.services.followUpReport('2026-10-19', '2027-01-31');
  const none = t({});
  expect(f.weeks).toEqual([
    { week: '2026-W43', youth: t({ total: 2, met: 1, late: 1 }), others: none },
    { week: '2026-W44', youth: t({ total: 1, breached: 1 }), others: t({ total: 2, met: 1, unreachable: 1 }) },
    { week: '2026-W53', youth: t({ total: 2, met: 1, breached: 1 }), others: t({ total: 1, late: 1 }) },
    { week: '2027-W01', youth: t({ total: 1, met: 1 }), others: none },
    { week: '2027-W03', youth: t({ total: 1, open: 1 }), others: none },
  ]);
  expect(f.months).toEqual([
    { month: '2026-10', youth: t({ total: 3, met: 1, late: 1, breached: 1 }), others: t({ total: 1, met: 1 }) },
    { month: '2026-11', youth: none, others: t({ total: 1, unreachable: 1 }) },
    { month: '2026-12', youth: t({ total: 1, met: 1 }), others: none },
    { month: '2027-01', youth: t({ total: 3, met: 1, breached: 1, open: 1 }), others: t({ total: 1, late: 1 }) },
  ]);
  expect(f.youth).toEqual(t({ total: 7, met: 3, late: 1, breached: 2, open: 1 }));
  expect(f.youth.shareWithinNorm).toBe(0.5);
  expect(f.others).toEqual(t({ total: 3, met: 1, late: 1, unreachable: 1 }));
  expect([f.duplicates, f.youngPersonSelf]).toEqual([1, 8]);
  expect(f.staff).toEqual([
    { name: 'Xandra', contacts: 3, withinNorm: 3, shareWithinNorm: 1 },
    { name: 'Yusuf', contacts: 3, withinNorm: 1, shareWithinNorm: 0.333 },
  ]);
  expect(f.breaches.map((b) => b.reference)).toEqual([ref.B, ref.C, ref.G, ref.H]);
  expect(f.breachesPage).toEqual({ page: 1, perPage: 25, total: 4 });
  expect(f.unreachable.map((u) => u.reference)).toEqual([ref.E]);
  expect(f.unreachablePage).toEqual({ page: 1, perPage: 25, total: 1 });
  expect(f.now).toEqual({ overdue: 2, dueToday: 0 });
  // The chart's week 53 is there with its figures, between weeks 52 and 1.
  const weeks = chartBuckets(f).buckets.map((b) => [b.label, b.youth?.total ?? 0]);
  expect(weeks.slice(9, 12)).toEqual([
    ['wk 52 2026', 0],
    ['wk 53 2026', 2],
    ['wk 1 2027', 1],
  ]);
});

test('a single day is its Amsterdam day: 25 October 2026 has 25 hours, both youth signals of it are counted', async () => {
  const f = await ctx.services.followUpReport('2026-10-25', '2026-10-25');
  expect(f.youth).toEqual(t({ total: 2, met: 1, late: 1 }));
  expect(f.duplicates).toBe(1);
  expect(f.staff.map((s) => [s.name, s.contacts])).toEqual([
    ['Xandra', 1],
    ['Yusuf', 1],
  ]);
  const newYear = await ctx.services.followUpReport('2027-01-01', '2027-01-01');
  expect(newYear.weeks.map((w) => w.week)).toEqual(['2026-W53']);
  expect(newYear.months.map((m) => m.month)).toEqual(['2027-01']);
});

test('a period holds whole months and loose days: staff counts from both summaries, nothing twice', async () => {
  // 26 October to 31 December: the days of October, November whole, December whole; then October to February whole.
  const f = await ctx.services.followUpReport('2026-10-26', '2026-12-31');
  expect(f.staff).toEqual([{ name: 'Xandra', contacts: 2, withinNorm: 2, shareWithinNorm: 1 }]);
  const all = await ctx.services.followUpReport('2026-10-01', '2027-02-28');
  expect(all.staff.map((s) => [s.name, s.contacts])).toEqual([
    ['Xandra', 5],
    ['Yusuf', 3],
  ]);
});
