import { amsterdamDay } from '../../src/common/time';
import { fixedClock } from '../../src/clock';
import { monthlyCounts, type PlaceRef } from '../../src/providers/monthlyCounts';
import { countBars, parsePeriod, periodRange, PERIOD_ERROR } from '../../src/providers/monthlyViews';
import { countChart } from '../../src/providers/monthlyChart';
import { monthsIn } from '../../src/web/charts/months';
import { testServices, type TestContext } from '../support/testServices';
import { markDuplicate, place, reportsAt, signalsAt, type Place } from './support';

// Issue 10 point 7: signals and reports per month in Amsterdam, counted in SQL, checked against a count done the
// plain way (each instant's Amsterdam month from Intl, tallied in JavaScript) on instants around the turn of a year,
// the turn of a month in winter and summer time, and both changes of the clocks.
const NOW = new Date('2026-11-20T09:00:00Z');
let ctx: TestContext;
let here: Place;
let elsewhere: Place;
const signals: Array<{ at: Date; unit: number; duplicate: boolean }> = [];
const reports: Array<{ at: Date; unit: number }> = [];

const utc = (s: string) => new Date(`${s}Z`);
// Instant (UTC) → Amsterdam month, as the test means it: written out beside each.
const SIGNALS: Array<[string, number]> = [
  ['2019-06-15T10:00:00', 0], // 2019-06: the first year of 'all years'
  ['2025-09-30T22:30:00', 0], // 1 Oct 00:30 summer time → 2025-10
  ['2025-10-26T00:30:00', 1], // 02:30 summer time, the night the clocks go back → 2025-10
  ['2025-10-31T22:30:00', 0], // 31 Oct 23:30 winter time → 2025-10
  ['2025-10-31T23:30:00', 1], // 1 Nov 00:30 → 2025-11
  ['2025-12-31T22:30:00', 0], // 31 Dec 23:30 → 2025-12
  ['2025-12-31T23:30:00', 0], // 1 Jan 2026 00:30 → 2026-01 (the turn of the year)
  ['2026-01-31T22:59:00', 1], // 31 Jan 23:59 → 2026-01
  ['2026-01-31T23:30:00', 0], // 1 Feb 00:30 → 2026-02
  ['2026-03-29T00:30:00', 0], // 01:30 winter time, the night the clocks go forward → 2026-03
  ['2026-03-31T21:59:00', 1], // 31 Mar 23:59 summer time → 2026-03
  ['2026-03-31T22:30:00', 0], // 1 Apr 00:30 summer time → 2026-04
  ['2026-11-20T08:00:00', 0], // this month
];

beforeAll(async () => {
  ctx = await testServices({ clock: fixedClock(NOW) });
  here = await place(ctx.services, 'De Horst');
  elsewhere = await place(ctx.services, 'Het Anker');
  for (const [at, unit] of SIGNALS) {
    const [id] = await signalsAt(ctx.services, here, [utc(at)], unit);
    signals.push({ at: utc(at), unit, duplicate: false });
    // Each signal in January 2026 and October 2025 has a duplicate registered beside it: not counted apart.
    if (at.startsWith('2026-01') || at.startsWith('2025-10')) {
      const [dup] = await signalsAt(ctx.services, here, [new Date(utc(at).getTime() + 60_000)], unit);
      await markDuplicate(ctx.services, dup!, id!);
      signals.push({ at: new Date(utc(at).getTime() + 60_000), unit, duplicate: true });
    }
  }
  // A duplicate in another month than its original still does not count.
  const [late] = await signalsAt(ctx.services, here, [utc('2026-02-10T12:00:00')]);
  await markDuplicate(
    ctx.services,
    late!,
    (await ctx.services.db.selectFrom('signals').select('id').orderBy('received_at').executeTakeFirstOrThrow()).id,
  );
  signals.push({ at: utc('2026-02-10T12:00:00'), unit: 0, duplicate: true });
  for (const [at, unit] of [
    ['2025-12-31T23:30:00', 0],
    ['2026-01-31T23:30:00', 1],
    ['2026-03-31T22:30:00', 0],
    ['2026-10-25T01:30:00', 0], // 02:30 winter time after the clocks went back → 2026-10
  ] as const) {
    await reportsAt(ctx.services, here, [utc(at)], unit);
    reports.push({ at: utc(at), unit });
  }
  // Another provider's signals and reports in the same months count for it alone.
  await signalsAt(ctx.services, elsewhere, [utc('2026-01-31T23:30:00'), utc('2025-12-31T23:30:00')]);
  await reportsAt(ctx.services, elsewhere, [utc('2026-03-31T22:30:00')]);
});
afterAll(() => ctx.cleanup());

/** The plain way: each instant's month in Amsterdam through Intl, tallied. */
function plainCount(unit?: number) {
  const out = new Map<string, { signals: number; reports: number }>();
  const at = (d: Date) =>
    out.get(amsterdamDay(d).slice(0, 7)) ??
    out.set(amsterdamDay(d).slice(0, 7), { signals: 0, reports: 0 }).get(amsterdamDay(d).slice(0, 7))!;
  for (const s of signals) if (!s.duplicate && (unit === undefined || s.unit === unit)) at(s.at).signals++;
  for (const r of reports) if (unit === undefined || r.unit === unit) at(r.at).reports++;
  return [...out.entries()].map(([month, c]) => ({ month, ...c })).sort((a, b) => a.month.localeCompare(b.month));
}

test('per month in Amsterdam, as counted the plain way: provider, location and each group; duplicates left out', async () => {
  const all = { to: '2026-11' };
  const cases: Array<[PlaceRef, number | undefined]> = [
    [{ providerId: here.providerId }, undefined],
    [{ locationId: here.locationId }, undefined],
    [{ unitId: here.units[0]! }, 0],
    [{ unitId: here.units[1]! }, 1],
  ];
  for (const [ref, unit] of cases) expect(await monthlyCounts(ctx.services.db, ref, all)).toEqual(plainCount(unit));
  // Spelled out, so the plain way itself is checked too.
  const byMonth = Object.fromEntries((await monthlyCounts(ctx.services.db, { providerId: here.providerId }, all)).map((m) => [m.month, m]));
  expect(byMonth['2025-10']).toEqual({ month: '2025-10', signals: 3, reports: 0 });
  expect(byMonth['2025-11']).toEqual({ month: '2025-11', signals: 1, reports: 0 });
  expect(byMonth['2025-12']).toEqual({ month: '2025-12', signals: 1, reports: 0 });
  expect(byMonth['2026-01']).toEqual({ month: '2026-01', signals: 2, reports: 1 });
  expect(byMonth['2026-02']).toEqual({ month: '2026-02', signals: 1, reports: 1 });
  expect(byMonth['2026-03']).toEqual({ month: '2026-03', signals: 2, reports: 0 });
  expect(byMonth['2026-04']).toEqual({ month: '2026-04', signals: 1, reports: 1 });
  expect(byMonth['2026-10']).toEqual({ month: '2026-10', signals: 0, reports: 1 });
  expect(await monthlyCounts(ctx.services.db, { providerId: elsewhere.providerId }, all)).toEqual([
    { month: '2026-01', signals: 1, reports: 0 },
    { month: '2026-02', signals: 1, reports: 0 },
    { month: '2026-04', signals: 0, reports: 1 },
  ]);
});

test('a period starts and ends at Amsterdam midnight of its first and after its last month', async () => {
  // From February 2026: the signal at 23:30 UTC on 31 January is in, the one at 22:59 is not.
  const counts = await monthlyCounts(ctx.services.db, { providerId: here.providerId }, { from: '2026-02', to: '2026-03' });
  expect(counts).toEqual([
    { month: '2026-02', signals: 1, reports: 1 },
    { month: '2026-03', signals: 2, reports: 0 },
  ]);
});

test('the last 24 months by default, every month there, empty ones with zeros', async () => {
  const { range, bars } = await ctx.services.monthly.bars({ providerId: here.providerId }, parsePeriod(undefined).period);
  expect(range).toEqual({ unit: 'month', from: '2024-12', to: '2026-11' });
  expect(bars).toHaveLength(24);
  expect(bars[0]).toMatchObject({ key: '2024-12', label: 'dec 2024', lines: ['dec', '2024'], signals: 0, reports: 0 });
  expect(bars.find((b) => b.key === '2025-08')).toMatchObject({ label: 'aug 2025', lines: ['aug', ''], signals: 0, reports: 0 });
  expect(bars.find((b) => b.key === '2026-01')).toMatchObject({ lines: ['jan', '2026'], signals: 2, reports: 1 });
  expect(bars.at(-1)).toMatchObject({ key: '2026-11', signals: 1, reports: 0 });
  const { svg } = countChart(bars);
  // Two counts per month, zeros included: 48 figures above the axis.
  const counts = /<g class="app-chart__count">(.*?)<\/g>/.exec(svg)![1]!;
  expect(counts.match(/<text /g)).toHaveLength(48);
  // 15 of the 24 months have no signal and no report: two zeros each, not a gap; 6 more zeros beside a count.
  expect(counts.match(/>0<\/text>/g)).toHaveLength(2 * 15 + 6);
  expect(svg).not.toMatch(/style=|<script/);
});

test('beyond three years per calendar year: five years, or every year from the first signal on, quiet years as zeros', async () => {
  const five = await ctx.services.monthly.bars({ providerId: here.providerId }, '60');
  expect(five.range).toEqual({ unit: 'year', from: '2022-01', to: '2026-11' });
  expect(five.bars.map((b) => [b.label, b.signals, b.reports])).toEqual([
    ['2022', 0, 0],
    ['2023', 0, 0],
    ['2024', 0, 0],
    ['2025', 5, 0],
    ['2026 (tot nu)', 7, 4],
  ]);
  const all = await ctx.services.monthly.bars({ providerId: here.providerId }, 'all');
  expect(all.bars.map((b) => b.key)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
  expect(all.bars[0]).toMatchObject({ signals: 1, reports: 0 });
  const quiet = await ctx.services.monthly.bars({ unitId: elsewhere.units[1]! }, 'all');
  expect(quiet.bars).toEqual([{ key: '2026', label: '2026 (tot nu)', lines: ['2026', 'tot nu'], signals: 0, reports: 0 }]);
});

test('the period: one of the choices, anything else the default with a Dutch message', () => {
  expect(parsePeriod('12')).toEqual({ period: '12' });
  expect(parsePeriod('all')).toEqual({ period: 'all' });
  expect(parsePeriod('')).toEqual({ period: '24' });
  for (const bad of ['13', 'alles', ['12', '24'], { x: '1' }, '24 ', '__proto__', 'constructor'])
    expect(parsePeriod(bad)).toEqual({ period: '24', error: PERIOD_ERROR });
  expect(PERIOD_ERROR).toMatch(/^Kies een periode/);
  expect(periodRange('12', '2026-01')).toEqual({ unit: 'month', from: '2025-02', to: '2026-01' });
});

test('SVG stays small: 24 months and 60 months of a busy provider', () => {
  const months = periodRange('24', '2026-11');
  const busy = countBars(
    monthsIn(months.from!, months.to).map((month, i) => ({ month, signals: 300 + i * 7, reports: 30 + i })),
    months,
  );
  const monthly = countChart(busy).svg.length;
  const years = countChart(countBars([{ month: '2022-03', signals: 4812, reports: 480 }], periodRange('60', '2026-11'))).svg.length;
  console.log(`SVG: 24 months ${monthly} bytes, 60 months (per year) ${years} bytes`);
  expect(monthly).toBeLessThan(9_000);
  expect(years).toBeLessThan(3_000);
});
