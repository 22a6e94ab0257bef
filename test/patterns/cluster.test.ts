import { fixedClock } from '../../src/clock';
import type { TestContext } from '../support/testServices';
import {
  actor,
  alerts,
  assess,
  daysBefore,
  historyOf,
  itemsOf,
  patternServices,
  provider,
  report,
  setRule,
  signal,
  type Unit,
} from './support';

// Issue 10, point 3: a cluster counts independent reporters about one group (or location) within a window.
const NOW = new Date('2026-11-20T09:00:00Z');
const clock = fixedClock(NOW);
let ctx: TestContext;

beforeAll(async () => {
  ctx = await patternServices({ clock });
});
afterAll(() => ctx.cleanup());
beforeEach(() => clock.set(NOW));

let n = 0;
const freshUnit = async (careType = 'open-residentieel', places = 8): Promise<Unit> =>
  (await provider(ctx.services, `Aanbieder cluster ${++n}`, [{ name: `Groep ${n}`, careType, places }])).units[0]!;
const check = (id: string, kind: 'signal' | 'assessment' | 'report' = 'signal') => ctx.services.patterns.check({ kind, id });
const clustersAt = async (unit: Unit) => (await alerts(ctx.services, 'cluster')).filter((a) => a.provider_id === unit.providerId);

test('three different people about one group within 30 days: one alert naming the group, the items and the figures', async () => {
  const unit = await freshUnit();
  const a = await signal(ctx.services, unit, daysBefore(NOW, 20), { email: 'anna@example.test' });
  const b = await signal(ctx.services, unit, daysBefore(NOW, 10), { phone: '06 12345678' });
  expect((await check(b.id)).tally.created).toBe(0);
  const c = await signal(ctx.services, unit, daysBefore(NOW, 1), { email: 'chris@example.test' });
  await check(c.id);
  const found = await clustersAt(unit);
  // One: the location does not repeat what its group's alert says.
  expect(found.map((x) => [x.unit_id, x.theme, Number(x.observed), Number(x.upper_limit), x.status])).toEqual([
    [unit.id, null, 3, 3, 'open'],
  ]);
  expect(await itemsOf(ctx.services, found[0]!.id)).toEqual([a.id, b.id, c.id].sort());
  expect(found[0]!.explanation).toBe(
    `3 verschillende melders meldden in 30 dagen over groep ${unit.name} (Aanbieder cluster ${n} locatie, Aanbieder cluster ${n}): 3 signalen; grens 3 verschillende melders.`,
  );
});

test('three signals from the same person are not a cluster (same e-mail, or the same number written two ways)', async () => {
  const unit = await freshUnit();
  await signal(ctx.services, unit, daysBefore(NOW, 5), { email: 'Sam@Example.test ' });
  await signal(ctx.services, unit, daysBefore(NOW, 4), { email: 'sam@example.test', phone: '06-11122233' });
  const last = await signal(ctx.services, unit, daysBefore(NOW, 3), { phone: '+31 6 11122233' });
  await check(last.id);
  expect(await clustersAt(unit)).toEqual([]);
});

test('anonymous reports without a way back count once per channel; with a receipt each is its own reporter', async () => {
  const unit = await freshUnit();
  for (const d of [6, 5, 4]) await signal(ctx.services, unit, daysBefore(NOW, d), { channel: 'telefoon' });
  const last = await signal(ctx.services, unit, daysBefore(NOW, 3), { channel: 'telefoon' });
  await check(last.id);
  expect(await clustersAt(unit)).toEqual([]);
  // Another channel is another reporter, the provider's own report one more: three.
  await signal(ctx.services, unit, daysBefore(NOW, 2), { channel: 'jeugdstem' });
  const r = await report(ctx.services, unit, daysBefore(NOW, 2));
  await check(r, 'report');
  const found = await clustersAt(unit);
  expect(found.map((x) => Number(x.observed))).toEqual([3]);
  expect(found[0]!.explanation).toContain('5 signalen en 1 melding van de aanbieder');

  const other = await freshUnit();
  for (const d of [3, 2]) await signal(ctx.services, other, daysBefore(NOW, d), { channel: 'formulier', receipt: true });
  const third = await signal(ctx.services, other, daysBefore(NOW, 1), { channel: 'formulier', receipt: true });
  await check(third.id);
  expect((await clustersAt(other)).map((x) => Number(x.observed))).toEqual([3]);
});

test('a duplicate counts with its original unless it is another person', async () => {
  const unit = await freshUnit();
  const original = await signal(ctx.services, unit, daysBefore(NOW, 6), { email: 'eva@example.test' });
  const same = await signal(ctx.services, unit, daysBefore(NOW, 5), { channel: 'brief', reporterType: 'ouder' });
  await ctx.services.signals.markDuplicate(actor, same.id, original.reference);
  const b = await signal(ctx.services, unit, daysBefore(NOW, 4), { email: 'bo@example.test' });
  await check(b.id);
  // Eva (with her duplicate, which has no details of its own) and Bo: two.
  expect(await clustersAt(unit)).toEqual([]);
  const other = await signal(ctx.services, unit, daysBefore(NOW, 3), { email: 'iris@example.test' });
  await ctx.services.signals.markDuplicate(actor, other.id, original.reference);
  await check(other.id);
  // Iris reported the same matter, but she is another person: three.
  expect((await clustersAt(unit)).map((x) => Number(x.observed))).toEqual([3]);
});

test('signals older than the window do not count', async () => {
  const unit = await freshUnit();
  await signal(ctx.services, unit, daysBefore(NOW, 31), { email: 'oud@example.test' });
  await signal(ctx.services, unit, daysBefore(NOW, 20), { email: 'twee@example.test' });
  const c = await signal(ctx.services, unit, daysBefore(NOW, 1), { email: 'drie@example.test' });
  await check(c.id);
  expect(await clustersAt(unit)).toEqual([]);
});

test('per theme: a cluster on one theme raises its own alert beside the one regardless of theme', async () => {
  const unit = await freshUnit();
  const s1 = await signal(ctx.services, unit, daysBefore(NOW, 9), { email: 'a1@example.test' });
  const s2 = await signal(ctx.services, unit, daysBefore(NOW, 8), { email: 'a2@example.test' });
  const s3 = await signal(ctx.services, unit, daysBefore(NOW, 7), { email: 'a3@example.test' });
  await assess(ctx.services, s1.id, ['vbm']);
  await assess(ctx.services, s2.id, ['vbm', 'veiligheid']);
  await assess(ctx.services, s3.id, ['bejegening']);
  await check(s3.id, 'assessment');
  expect((await clustersAt(unit)).map((x) => x.theme)).toEqual([null]);
  const r = await report(ctx.services, unit, daysBefore(NOW, 2), ['vbm']);
  await check(r, 'report');
  const found = (await clustersAt(unit)).sort((x, y) => (x.theme ?? '').localeCompare(y.theme ?? ''));
  expect(found.map((x) => [x.theme, Number(x.observed)])).toEqual([
    [null, 4],
    ['vbm', 3],
  ]);
  expect(found[1]!.explanation).toContain('over het thema ‘');
  expect(await itemsOf(ctx.services, found[1]!.id)).toEqual([s1.id, s2.id, r].sort());
});

test('a strengthening item updates the open alert: one alert, more items, a history row; running again changes nothing', async () => {
  const unit = await freshUnit();
  for (const who of ['p1', 'p2', 'p3']) await signal(ctx.services, unit, daysBefore(NOW, 5), { email: `${who}@example.test` });
  await ctx.services.patterns.scan();
  const [first] = await clustersAt(unit);
  expect(first).toBeDefined();
  clock.set(new Date(NOW.getTime() + 3_600_000));
  const fourth = await signal(ctx.services, unit, NOW, { email: 'p4@example.test' });
  await check(fourth.id);
  const after = await clustersAt(unit);
  expect(after).toHaveLength(1);
  expect(after[0]!.id).toBe(first!.id);
  expect(Number(after[0]!.observed)).toBe(4);
  expect(after[0]!.updated_at.getTime()).toBe(clock.now().getTime());
  expect(await itemsOf(ctx.services, first!.id)).toHaveLength(4);
  expect((await historyOf(ctx.services, first!.id)).map((h) => [h.kind, Number(h.observed), h.items])).toEqual([
    ['created', 3, 3],
    ['strengthened', 4, 4],
  ]);
  // Idempotent: the check and the scan again change nothing.
  await check(fourth.id);
  await ctx.services.patterns.scan();
  expect(await historyOf(ctx.services, first!.id)).toHaveLength(2);
  expect((await clustersAt(unit))[0]!.updated_at.getTime()).toBe(clock.now().getTime());
  const audit = await ctx.services.audit.find({ objectType: 'pattern-alert', objectId: first!.id, limit: 10 });
  expect(audit.map((e) => [e.action, e.actorLabel]).reverse()).toEqual([
    ['create', 'patroondetectie'],
    ['update', 'patroondetectie'],
  ]);
});

test('a closed alert stays closed on a rescan; a new item after the decision gives a new alert', async () => {
  const unit = await freshUnit();
  for (const who of ['q1', 'q2', 'q3']) await signal(ctx.services, unit, daysBefore(NOW, 5), { email: `${who}@example.test` });
  await ctx.services.patterns.scan();
  const [alert] = await clustersAt(unit);
  await ctx.services.patterns.decide(actor, { id: 'x', roles: ['manager'] }, alert!.id, {
    decision: 'geen-actie',
    reason: 'Bekend bij de inspecteur',
  });
  await ctx.services.patterns.scan();
  expect((await clustersAt(unit)).map((a) => a.status)).toEqual(['closed']);
  const q4 = await signal(ctx.services, unit, daysBefore(NOW, 1), { email: 'q4@example.test' });
  await check(q4.id);
  const now = await clustersAt(unit);
  expect(now.map((a) => a.status)).toEqual(['closed', 'open']);
  expect(await itemsOf(ctx.services, now[1]!.id)).toHaveLength(4);
});

test('the settings change behaviour: two reporters are a cluster once the threshold is 2', async () => {
  const unit = await freshUnit();
  await signal(ctx.services, unit, daysBefore(NOW, 2), { email: 'r1@example.test' });
  const b = await signal(ctx.services, unit, daysBefore(NOW, 1), { email: 'r2@example.test' });
  await check(b.id);
  expect(await clustersAt(unit)).toEqual([]);
  await setRule(ctx.services, 'cluster', 'reporters', 2);
  try {
    await check(b.id);
    expect((await clustersAt(unit)).map((a) => Number(a.observed))).toEqual([2]);
  } finally {
    await setRule(ctx.services, 'cluster', 'reporters', 3);
  }
});

test('a location: reporters spread over its groups make a location alert; one group with the cluster alone does not', async () => {
  const p = await provider(ctx.services, 'Aanbieder twee groepen', [
    { name: 'Noord', careType: 'open-residentieel', places: 6 },
    { name: 'Zuid', careType: 'open-residentieel', places: 6 },
  ]);
  const [north, south] = p.units as [Unit, Unit];
  await signal(ctx.services, north, daysBefore(NOW, 3), { email: 'l1@example.test' });
  await signal(ctx.services, north, daysBefore(NOW, 2), { email: 'l2@example.test' });
  const s = await signal(ctx.services, south, daysBefore(NOW, 1), { email: 'l3@example.test' });
  await check(s.id);
  const found = (await alerts(ctx.services, 'cluster')).filter((a) => a.provider_id === p.id);
  expect(found.map((a) => [a.location_id, a.unit_id, Number(a.observed)])).toEqual([[p.locationId, null, 3]]);
  expect(found[0]!.explanation).toContain('over locatie Aanbieder twee groepen locatie (Aanbieder twee groepen)');
});

test('after retention removed the contact details, signals count once per channel: never more people than can be told apart', async () => {
  const unit = await freshUnit();
  const ids: string[] = [];
  for (const who of ['t1', 't2', 't3'])
    ids.push((await signal(ctx.services, unit, daysBefore(NOW, 20), { email: `${who}@example.test` })).id);
  await ctx.services.db.deleteFrom('signal_contacts').where('signal_id', 'in', ids).execute();
  await ctx.services.db.updateTable('signals').set({ contact_removed_at: NOW }).where('id', 'in', ids).execute();
  await ctx.services.patterns.scan();
  expect(await clustersAt(unit)).toEqual([]);
  // A reporter by another channel is told apart all the same.
  await signal(ctx.services, unit, daysBefore(NOW, 1), { channel: 'email' });
  const last = await signal(ctx.services, unit, daysBefore(NOW, 1), { email: 't4@example.test' });
  await check(last.id);
  expect((await clustersAt(unit)).map((a) => Number(a.observed))).toEqual([3]);
});
