import { createApp } from '../../src/app';
import { loginAs, makeUser } from '../support/web';
import { fixedClock } from '../../src/clock';
import type { TestContext } from '../support/testServices';
import { actor, alerts, daysBefore, patternServices, provider, signal } from './support';

// Issue 10, point 2: alerts join the provider timeline as their own kind, titled without personal data.
const NOW = new Date('2026-11-20T09:00:00Z');
const clock = fixedClock(NOW);
let ctx: TestContext;

beforeAll(async () => {
  ctx = await patternServices({ clock });
});
afterAll(() => ctx.cleanup());

test('an alert is on the timeline when it was raised, with its decision only as known on the date asked', async () => {
  const unit = (await provider(ctx.services, 'Tijdlijn', [{ name: 'Groep', careType: 'open-residentieel', places: 8 }])).units[0]!;
  for (const who of ['a', 'b', 'c']) await signal(ctx.services, unit, daysBefore(NOW, 2), { email: `${who}@example.test` });
  await ctx.services.patterns.scan();
  const [cluster] = await alerts(ctx.services, 'cluster');
  clock.set(new Date(NOW.getTime() + 86_400_000));
  await ctx.services.patterns.decide(actor, { id: 'm', roles: ['manager'] }, cluster!.id, { decision: 'navraag', reason: 'Gebeld' });
  const page = (asOf?: Date) =>
    ctx.services.timeline.page({ providerId: unit.providerId, unitId: unit.id, kinds: ['alert'], asOf }, null, 50, { kind: 'all' });
  const items = (await page()).items.filter((i) => i.id === cluster!.id);
  expect(items).toEqual([
    expect.objectContaining({
      kind: 'alert',
      occurredAt: NOW,
      registeredAt: NOW,
      title: 'Waarschuwing: Cluster van meldingen · besluit: navraag bij de aanbieder',
      themes: [],
      locationId: unit.locationId,
      unitId: unit.id,
      href: `/patronen/${cluster!.id}`,
    }),
  ]);
  const then = (await page(new Date(NOW.getTime() + 60_000))).items.find((i) => i.id === cluster!.id);
  expect(then?.title).toBe('Waarschuwing: Cluster van meldingen · open');
  expect((await page(new Date(NOW.getTime() - 60_000))).items).toEqual([]);
});

test('on the timeline page an alert links to its page for inspectors and managers, and is plain text for meldpunt', async () => {
  const app = createApp(ctx.services, { loginRateLimit: 1000 });
  const unit = (await provider(ctx.services, 'Tijdlijn twee', [{ name: 'Groep', careType: 'open-residentieel', places: 8 }])).units[0]!;
  for (const who of ['d', 'e', 'f']) await signal(ctx.services, unit, daysBefore(clock.now(), 1), { email: `${who}@example.test` });
  await ctx.services.patterns.scan();
  const [cluster] = (await alerts(ctx.services, 'cluster')).filter((a) => a.unit_id === unit.id);
  const page = async (role: 'manager' | 'meldpunt') => {
    const s = await loginAs(app, (await makeUser(ctx.services, [role])).email);
    return (await s.agent.get(`/aanbieders/${unit.providerId}/tijdlijn?kind=alert`)).text;
  };
  expect(await page('manager')).toContain(`href="/patronen/${cluster!.id}"`);
  const meldpunt = await page('meldpunt');
  expect(meldpunt).toContain('Waarschuwing: Cluster van meldingen');
  expect(meldpunt).not.toContain(`/patronen/${cluster!.id}`);
});
