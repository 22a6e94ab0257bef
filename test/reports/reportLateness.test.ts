import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { reportDueAt } from '../../src/reports/report';
import { actor, reportPlaces, type Places } from './support';

// Issue 10, point 1: a report made more than 3 working days after the event is late. Working days skip weekends and
// Dutch public holidays, counted on Amsterdam's calendar at the event's Amsterdam wall-clock time (the signals' own
// working-day rule). The clock stands at the moment the IGJ hears of it, which is the reported time by default.

const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
let ctx: TestContext;
let p: Places;

beforeAll(async () => {
  ctx = await testServices({ clock });
  p = await reportPlaces(ctx.services);
});
afterAll(() => ctx.cleanup());

/** Registers a report of an event at `occurredAt`, received by the IGJ now (the clock) unless `reportedAt` is given. */
async function reportAt(occurredAt: string, now: string, reportedAt?: string) {
  clock.set(new Date(now));
  const { report } = await ctx.services.reports.register(
    actor,
    {
      kind: 'calamiteit',
      occurredAt,
      reportedAt,
      providerId: p.huis,
      youngPeopleInvolved: 1,
      summary: 'Incident',
      description: 'Beschrijving',
    },
    { via: 'api' },
  );
  return report;
}

test('over a weekend: Friday 15:00 is due Wednesday 15:00; a minute before is in time, a minute after late', async () => {
  // Friday 20 November 2026, 15:00 in Amsterdam (CET).
  const friday = '2026-11-20T15:00:00+01:00';
  expect(reportDueAt(new Date(friday)).toISOString()).toBe('2026-11-25T14:00:00.000Z');
  const inTime = await reportAt(friday, '2026-11-25T14:59:00+01:00');
  expect([inTime.dueAt.toISOString(), inTime.late]).toEqual(['2026-11-25T14:00:00.000Z', false]);
  expect((await reportAt(friday, '2026-11-25T15:00:00+01:00')).late).toBe(false);
  expect((await reportAt(friday, '2026-11-25T15:01:00+01:00')).late).toBe(true);
  // Three calendar days would have been Monday; Tuesday is still in time.
  expect((await reportAt(friday, '2026-11-24T09:00:00+01:00')).late).toBe(false);
});

test('over Christmas: Wednesday 23 December is due Tuesday 29 December (25 and 26 December and the weekend skipped)', async () => {
  const event = '2026-12-23T12:00:00+01:00';
  expect(reportDueAt(new Date(event)).toISOString()).toBe('2026-12-29T11:00:00.000Z');
  expect((await reportAt(event, '2026-12-28T17:00:00+01:00')).late).toBe(false);
  expect((await reportAt(event, '2026-12-29T12:30:00+01:00')).late).toBe(true);
});

test('over Easter Monday: Thursday 2 April is due Wednesday 8 April (Good Friday is a working day)', async () => {
  const event = '2026-04-02T10:00:00+02:00';
  expect(reportDueAt(new Date(event)).toISOString()).toBe('2026-04-08T08:00:00.000Z');
  expect((await reportAt(event, '2026-04-08T09:59:00+02:00')).late).toBe(false);
  expect((await reportAt(event, '2026-04-08T10:01:00+02:00')).late).toBe(true);
});

test('across the change to winter time the due moment keeps Amsterdam wall-clock time', async () => {
  // Friday 23 October 2026 12:00 CEST; clocks go back on Sunday 25 October.
  const event = '2026-10-23T12:00:00+02:00';
  expect(reportDueAt(new Date(event)).toISOString()).toBe('2026-10-28T11:00:00.000Z');
  // An event just before midnight Amsterdam time counts from that Amsterdam day, not from the UTC one.
  expect(reportDueAt(new Date('2026-11-19T23:30:00+01:00')).toISOString()).toBe('2026-11-24T22:30:00.000Z');
});

test('the reported time given apart from now decides, not when the IGJ registered it', async () => {
  // Registered a week later, but the provider reported on Monday: in time.
  const r = await reportAt('2026-11-20T15:00:00+01:00', '2026-12-01T09:00:00+01:00', '2026-11-23T08:00:00+01:00');
  expect([r.late, r.reportedAt.toISOString(), r.registeredAt.toISOString()]).toEqual([
    false,
    '2026-11-23T07:00:00.000Z',
    '2026-12-01T08:00:00.000Z',
  ]);
  const row = await ctx.services.db
    .selectFrom('mandatory_reports')
    .select(['late', 'due_at'])
    .where('id', '=', r.id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ late: false, due_at: new Date('2026-11-25T14:00:00Z') });
});
