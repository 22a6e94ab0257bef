import { fixedClock } from '../../src/clock';
import { poissonUpperLimit } from '../../src/patterns/statistics';
import type { TestContext } from '../support/testServices';
import { alerts, bulkSignals, daysBefore, itemsOf, patternServices, provider, signal, spread, type Unit } from './support';

// Issue 10, point 3: a rise is judged per place against the group's own baseline and comparable groups, with exact
// Poisson limits; never a raw count.
const NOW = new Date('2026-11-20T09:00:00Z');
const clock = fixedClock(NOW);
let ctx: TestContext;
const WINDOW_START = daysBefore(NOW, 30);

beforeAll(async () => {
  ctx = await patternServices({ clock });
  // Comparable groups: five JeugdzorgPlus groups of 10 places with 10 signals between them in the last 30 days,
  // so 0.2 per place per 30 days.
  const peers = await provider(
    ctx.services,
    'Vergelijkbaar',
    Array.from({ length: 5 }, (_, i) => ({ name: `Peer ${i}`, careType: 'jeugdzorgplus', places: 10 })),
  );
  for (const u of peers.units) await bulkSignals(ctx.services, u, spread(NOW, 30, 2));
});
afterAll(() => ctx.cleanup());

const risesOf = async (providerId: string) => (await alerts(ctx.services, 'rise')).filter((a) => a.provider_id === providerId);

test('the exact Poisson limit: 0.6 expected gives a limit of about 3.5 at 99.8 %; nothing expected, nothing allowed', () => {
  expect(poissonUpperLimit(0.6, 0.998)).toBeCloseTo(3.46, 2);
  expect(poissonUpperLimit(12, 0.998)).toBeGreaterThan(22);
  expect(poissonUpperLimit(0, 0.998)).toBe(0);
});

describe('a group of 4 places with about one signal a month before', () => {
  let unit: Unit;
  beforeAll(async () => {
    unit = (await provider(ctx.services, 'Klein', [{ name: 'De Linde', careType: 'jeugdzorgplus', places: 4 }])).units[0]!;
    // 12 in the year before the window: own expectation 12 × 30 / 365 ≈ 1.0 in 30 days; peers 4 × 0.2 = 0.8.
    await bulkSignals(ctx.services, unit, spread(WINDOW_START, 365, 12));
  });

  test('one extra signal is not an alert', async () => {
    await bulkSignals(ctx.services, unit, spread(NOW, 30, 1));
    const s = await signal(ctx.services, unit, daysBefore(NOW, 1), { email: 'een@example.test' });
    await ctx.services.patterns.check({ kind: 'signal', id: s.id });
    await ctx.services.patterns.scan();
    expect(await risesOf(unit.providerId)).toEqual([]);
  });

  test('six in 30 days is: above its own baseline and above comparable groups, explained with both', async () => {
    // A minute after the nightly count of comparable groups (the scan above), which this check reads.
    clock.set(new Date(NOW.getTime() + 60_000));
    const more = await bulkSignals(ctx.services, unit, spread(daysBefore(NOW, 2), 20, 3), 'ouder', clock.now());
    const last = await signal(ctx.services, unit, NOW, { email: 'zes@example.test' });
    await ctx.services.patterns.check({ kind: 'signal', id: last.id });
    const found = await risesOf(unit.providerId);
    const forUnit = found.find((a) => a.unit_id === unit.id)!;
    expect(forUnit).toBeDefined();
    expect(Number(forUnit.observed)).toBe(6);
    expect(Number(forUnit.expected)).toBeCloseTo(0.99, 1);
    expect(Number(forUnit.upper_limit)).toBeCloseTo(poissonUpperLimit(12 * (30 / 365), 0.998), 1);
    expect(forUnit.explanation).toMatch(
      /^6 signalen in 30 dagen over groep De Linde \(Klein locatie, Klein\) \(4 plaatsen\); verwacht 1,0, grens 4,\d\. Verwacht is het hoogste van: eigen basislijn 1,0 \(12 in de 365 dagen ervoor\); vergelijkbare groepen \(JeugdzorgPlus \(gesloten jeugdhulp\)\) 0,8\.$/,
    );
    expect(await itemsOf(ctx.services, forUnit.id)).toEqual(expect.arrayContaining([...more, last.id]));
    // The provider as a whole (here only this group) is judged the same way, as its own alert.
    expect(found.filter((a) => a.unit_id === null).map((a) => Number(a.observed))).toEqual([6]);
  });
});

test('a group that is always busier is not a rise: above comparable groups, but not above its own baseline', async () => {
  const unit = (await provider(ctx.services, 'Druk', [{ name: 'De Beuk', careType: 'jeugdzorgplus', places: 4 }])).units[0]!;
  await bulkSignals(ctx.services, unit, spread(WINDOW_START, 365, 60)); // own expectation ≈ 4.9
  await bulkSignals(ctx.services, unit, spread(NOW, 30, 8));
  await ctx.services.patterns.scan();
  expect(await risesOf(unit.providerId)).toEqual([]);
});

test('a new group without a full window of history is judged against comparable groups only', async () => {
  const unit = (await provider(ctx.services, 'Nieuw', [{ name: 'De Es', careType: 'jeugdzorgplus', places: 4 }], daysBefore(NOW, 20)))
    .units[0]!;
  await bulkSignals(ctx.services, unit, spread(NOW, 15, 8));
  await ctx.services.patterns.scan();
  const [a] = (await risesOf(unit.providerId)).filter((x) => x.unit_id === unit.id);
  // The groups above count as comparable now too: (10 + 6 + 8) signals on 58 places, times 4 places.
  expect(Number(a!.expected)).toBeCloseTo((4 * 24) / 58, 1);
  expect(a!.explanation).toContain('eigen basislijn: nog geen volledige periode');
});

test('the minimum count keeps two signals from being a pattern, however little was expected', async () => {
  const unit = (await provider(ctx.services, 'Stil', [{ name: 'De Eik', careType: 'jeugdzorgplus', places: 4 }])).units[0]!;
  await bulkSignals(ctx.services, unit, spread(NOW, 30, 2));
  await ctx.services.patterns.scan();
  expect(await risesOf(unit.providerId)).toEqual([]);
});
