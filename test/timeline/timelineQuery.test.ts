import { decodeCursor, encodeCursor } from '../../src/timeline/cursor';
import { parseTimelineQuery, startOfAmsterdamDay } from '../../src/timeline/timelineQuery';

const KINDS = ['signal', 'report', 'consultation', 'status'];

test('a day begins at Amsterdam midnight, in winter, in summer and on the days the clocks change', () => {
  expect(startOfAmsterdamDay('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
  expect(startOfAmsterdamDay('2026-07-15').toISOString()).toBe('2026-07-14T22:00:00.000Z');
  expect(startOfAmsterdamDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
  expect(startOfAmsterdamDay('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  expect(startOfAmsterdamDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
  expect(startOfAmsterdamDay('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
});

test('"to" and "asOf" as a day include that whole day; an instant is taken as written', () => {
  const { query, errors } = parseTimelineQuery({ from: '2026-07-01', to: '2026-07-01', asOf: '2026-07-01' }, KINDS, []);
  expect(errors).toEqual({});
  expect(query.filter.from!.toISOString()).toBe('2026-06-30T22:00:00.000Z');
  expect(query.filter.to!.toISOString()).toBe('2026-07-01T22:00:00.000Z');
  expect(query.filter.asOf!.toISOString()).toBe('2026-07-01T21:59:59.999Z');
  const instant = parseTimelineQuery({ asOf: '2026-07-01T10:00:00+02:00' }, KINDS, []).query.filter.asOf;
  expect(instant!.toISOString()).toBe('2026-07-01T08:00:00.000Z');
  for (const bad of ['2026-7-1', '01-07-2026', '2026-07-01T25:00:00Z', '2026-07-01T10:00', '99999-01-01', '2026-02-29'])
    expect([bad, parseTimelineQuery({ from: bad }, KINDS, []).errors.from]).toEqual([bad, expect.any(String)]);
});

test('the cursor round-trips and refuses what it did not make', () => {
  const c = { at: '2026-03-01T10:00:00.000123Z', kind: 'status', id: '0b9e0f0e-8d1c-4d6b-9a39-0c5f3c1f0a11:end' };
  expect(decodeCursor(encodeCursor(c), KINDS)).toEqual(c);
  expect(decodeCursor(encodeCursor({ ...c, kind: 'alert' }), KINDS)).toBeNull();
  expect(decodeCursor(encodeCursor({ ...c, at: '2026-03-01T10:00:00Z' }), KINDS)).toBeNull();
  expect(decodeCursor(encodeCursor({ ...c, id: 'nope' }), KINDS)).toBeNull();
  expect(decodeCursor('x'.repeat(300), KINDS)).toBeNull();
  expect(decodeCursor('', KINDS)).toBeNull();
});
