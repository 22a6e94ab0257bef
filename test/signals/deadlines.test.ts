import { addWorkingDays, dueAt, isPublicHoliday } from '../../src/signals/followUp/deadlines';
import { followUpStatus } from '../../src/signals/types';

const hours48 = { unit: 'hours' as const, amount: 48 };
const days5 = { unit: 'working-days' as const, amount: 5 };

test('48 hours are 48 real hours across the end of summer time (25 October 2026)', () => {
  expect(dueAt(new Date('2026-10-24T10:00:00Z'), hours48).toISOString()).toBe('2026-10-26T10:00:00.000Z');
  // On the wall clock that is 12:00 → 11:00, because the clocks went back an hour in between.
});

test('48 hours across the start of summer time (29 March 2026) too', () => {
  expect(dueAt(new Date('2026-03-28T09:30:00Z'), hours48).toISOString()).toBe('2026-03-30T09:30:00.000Z');
});

test('5 working days skip the weekend', () => {
  // Monday 16 November 2026, 14:00 Amsterdam (13:00Z) → Monday 23 November, 14:00 Amsterdam.
  expect(dueAt(new Date('2026-11-16T13:00:00Z'), days5).toISOString()).toBe('2026-11-23T13:00:00.000Z');
});

test('5 working days across Christmas skip 25 and 26 December and the weekend', () => {
  // Tuesday 22 December 2026 10:00 Amsterdam: 23, 24, (25 Kerstmis, 26 Tweede kerstdag, 27 Sunday), 28, 29, 30.
  expect(dueAt(new Date('2026-12-22T09:00:00Z'), days5).toISOString()).toBe('2026-12-30T09:00:00.000Z');
  // And on to New Year: Wednesday 30 December → 31, (1 January), 4, 5, 6, 7 January.
  expect(addWorkingDays(new Date('2026-12-30T09:00:00Z'), 5).toISOString()).toBe('2027-01-07T09:00:00.000Z');
});

test('working days keep the Amsterdam wall-clock time across a DST change', () => {
  // Friday 23 October 2026 16:00 summer time (14:00Z) → Friday 30 October 16:00 winter time (15:00Z).
  expect(addWorkingDays(new Date('2026-10-23T14:00:00Z'), 5).toISOString()).toBe('2026-10-30T15:00:00.000Z');
});

test('a signal received on a Saturday counts from Monday', () => {
  expect(addWorkingDays(new Date('2026-11-21T10:00:00Z'), 1).toISOString()).toBe('2026-11-23T10:00:00.000Z');
});

test('Dutch public holidays', () => {
  expect(['2026-12-25', '2026-12-26', '2026-04-27', '2026-05-14', '2027-01-01'].every(isPublicHoliday)).toBe(true);
  expect(['2026-12-24', '2026-05-04', '2026-11-11'].some(isPublicHoliday)).toBe(false);
});

test('follow-up status: contact before or at due is met, after due late, none after due breached', () => {
  const due = new Date('2026-10-26T10:00:00Z');
  const now = new Date('2026-10-27T00:00:00Z');
  expect(followUpStatus({ dueAt: due, contactedAt: new Date('2026-10-26T10:00:00Z'), unreachableAt: null }, now)).toBe('met');
  expect(followUpStatus({ dueAt: due, contactedAt: new Date('2026-10-26T10:00:01Z'), unreachableAt: null }, now)).toBe('late');
  expect(followUpStatus({ dueAt: due, contactedAt: null, unreachableAt: null }, now)).toBe('breached');
  expect(followUpStatus({ dueAt: due, contactedAt: null, unreachableAt: null }, new Date('2026-10-26T09:59:59Z'))).toBe('open');
  expect(followUpStatus({ dueAt: due, contactedAt: null, unreachableAt: now }, now)).toBe('unreachable');
});
