import { fixedClock } from '../../src/clock';
import type { TestContext } from '../support/testServices';
import {
  actor,
  alerts,
  assess,
  bulkSignals,
  daysBefore,
  DAY,
  itemsOf,
  patternServices,
  provider,
  report,
  setRule,
  signal,
  type Unit,
} from './support';

// Issue 10, point 3: missing mandatory report, recurrence and silence, each on a crafted case and a near miss.
const NOW = new Date('2026-11-20T09:00:00Z'); // a Friday, 10:00 in Amsterdam
const clock = fixedClock(NOW);
let ctx: TestContext;
const manager = { id: 'manager', roles: ['manager'] as const };

beforeAll(async () => {
  ctx = await patternServices({ clock });
});
afterAll(() => ctx.cleanup());
beforeEach(() => clock.set(NOW));

let n = 0;
const freshUnit = async (careType = 'open-residentieel', createdAt?: Date): Promise<Unit> =>
  (await provider(ctx.services, `Aanbieder ${++n}`, [{ name: `Groep ${n}`, careType, places: 8 }], createdAt)).units[0]!;
const of = async (rule: string, unit: Unit) => (await alerts(ctx.services, rule)).filter((a) => a.provider_id === unit.providerId);

describe('missing mandatory report', () => {
  // Three working days after Friday 20 November 10:00: Wednesday 25 November 10:00 Amsterdam time.
  const DUE = new Date('2026-11-25T09:00:00Z');

  test('meldplicht and no report within 3 working days: the job at the due instant raises it, the scan does not repeat it', async () => {
    const unit = await freshUnit();
    const s = await signal(ctx.services, unit, NOW, { email: 'm1@example.test' });
    await assess(ctx.services, s.id, ['veiligheid'], true);
    const first = await ctx.services.patterns.check({ kind: 'assessment', id: s.id });
    expect(first.missingReportDueAt).toEqual(DUE);
    clock.set(new Date(DUE.getTime() - 60_000));
    await ctx.services.patterns.checkMissingReport(s.id);
    expect(await of('missing-report', unit)).toEqual([]);
    clock.set(DUE);
    await ctx.services.patterns.checkMissingReport(s.id);
    const [a] = await of('missing-report', unit);
    expect(a!.explanation).toBe(
      `Signaal ${s.reference} (ontvangen 20 november 2026 om 10:00) is beoordeeld als ‘had de aanbieder moeten melden’, maar over ` +
        `groep ${unit.name} (Aanbieder ${n} locatie, Aanbieder ${n}) kwam binnen 3 werkdagen (tot 25 november 2026 om 10:00) geen melding van de aanbieder.`,
    );
    expect(await itemsOf(ctx.services, a!.id)).toEqual([s.id]);
    await ctx.services.patterns.decide(actor, manager, a!.id, { decision: 'navraag', reason: 'Aanbieder gebeld' });
    await ctx.services.patterns.scan();
    await ctx.services.patterns.checkMissingReport(s.id);
    expect((await of('missing-report', unit)).map((x) => x.status)).toEqual(['closed']);
  });

  test('a matching report from the provider in time: no alert; a report about another group does not match', async () => {
    const p = await provider(ctx.services, 'Twee groepen', [
      { name: 'A', careType: 'open-residentieel', places: 6 },
      { name: 'B', careType: 'open-residentieel', places: 6 },
    ]);
    const [a, b] = p.units as [Unit, Unit];
    const sa = await signal(ctx.services, a, NOW, { email: 'ma@example.test' });
    const sb = await signal(ctx.services, b, NOW, { email: 'mb@example.test' });
    await assess(ctx.services, sa.id, ['veiligheid'], true);
    await assess(ctx.services, sb.id, ['veiligheid'], true);
    // The provider reports the event at group A (it happened the day before the signal), registered on Monday.
    await report(ctx.services, a, daysBefore(NOW, 1), [], new Date('2026-11-23T12:00:00Z'));
    clock.set(new Date(DUE.getTime() + 60_000));
    await ctx.services.patterns.scan();
    const found = (await alerts(ctx.services, 'missing-report')).filter((x) => x.provider_id === p.id);
    expect(found.map((x) => x.unit_id)).toEqual([b.id]);
  });

  test('a signal not assessed as meldplicht never raises it', async () => {
    const unit = await freshUnit();
    const s = await signal(ctx.services, unit, NOW, { email: 'm3@example.test' });
    await assess(ctx.services, s.id, ['veiligheid'], false);
    clock.set(new Date(NOW.getTime() + 10 * DAY));
    await ctx.services.patterns.scan();
    await ctx.services.patterns.checkMissingReport(s.id);
    expect(await of('missing-report', unit)).toEqual([]);
  });
});

describe('recurrence', () => {
  const CLOSED = new Date('2026-06-01T10:00:00Z');
  let unit: Unit;
  beforeAll(async () => {
    unit = await freshUnit();
    await ctx.services.db
      .insertInto('improvement_trajectories')
      .values({
        provider_id: unit.providerId,
        themes: ['vbm', 'personeel'],
        opened_at: new Date('2026-01-05T10:00:00Z'),
        closed_at: CLOSED,
      })
      .execute();
  });

  test('a theme before the closing, or another theme after it, is no recurrence', async () => {
    const before = await signal(ctx.services, unit, new Date('2026-05-20T10:00:00Z'), { email: 'r1@example.test' });
    await assess(ctx.services, before.id, ['vbm']);
    const other = await signal(ctx.services, unit, daysBefore(NOW, 3), { email: 'r2@example.test' });
    await assess(ctx.services, other.id, ['onderwijs']);
    await ctx.services.patterns.check({ kind: 'assessment', id: other.id });
    await ctx.services.patterns.scan();
    expect(await of('recurrence', unit)).toEqual([]);
  });

  test('the theme returns after the trajectory was closed: an alert on that theme, strengthened by a report', async () => {
    const s = await signal(ctx.services, unit, daysBefore(NOW, 2), { email: 'r3@example.test' });
    await assess(ctx.services, s.id, ['vbm', 'bejegening']);
    await ctx.services.patterns.check({ kind: 'assessment', id: s.id });
    const [a] = await of('recurrence', unit);
    expect([a!.theme, a!.unit_id, a!.location_id, Number(a!.observed)]).toEqual(['vbm', null, null, 1]);
    expect(a!.explanation).toMatch(
      /^Het thema ‘.+’ kwam terug bij aanbieder Aanbieder \d+: 1 signaal sinds het verbetertraject op dit thema werd afgesloten op 1 juni 2026 om 12:00\.$/,
    );
    const r = await report(ctx.services, unit, daysBefore(NOW, 1), ['vbm']);
    await ctx.services.patterns.check({ kind: 'report', id: r });
    const after = await of('recurrence', unit);
    expect(after).toHaveLength(1);
    expect(await itemsOf(ctx.services, a!.id)).toEqual([s.id, r].sort());
  });

  test('a theme under an open trajectory again is being worked on: no alert', async () => {
    const u = await freshUnit();
    await ctx.services.db
      .insertInto('improvement_trajectories')
      .values([
        { provider_id: u.providerId, themes: ['personeel'], opened_at: new Date('2026-01-05T10:00:00Z'), closed_at: CLOSED },
        { provider_id: u.providerId, themes: ['personeel'], opened_at: new Date('2026-09-01T10:00:00Z') },
      ])
      .execute();
    const s = await signal(ctx.services, u, daysBefore(NOW, 2), { email: 'r4@example.test' });
    await assess(ctx.services, s.id, ['personeel']);
    await ctx.services.patterns.check({ kind: 'assessment', id: s.id });
    expect(await of('recurrence', u)).toEqual([]);
  });
});

describe('silence', () => {
  const LONG_AGO = new Date('2025-01-01T10:00:00Z');

  test('a closed-care group with no young person in 6 months: an alert naming the last contact', async () => {
    const unit = await freshUnit('jeugdzorgplus', LONG_AGO);
    await bulkSignals(ctx.services, unit, [new Date('2026-03-02T10:00:00Z')], 'jeugdige');
    // A parent's signal is no young person's contact.
    await bulkSignals(ctx.services, unit, [daysBefore(NOW, 10)], 'ouder');
    await ctx.services.patterns.scan();
    const [a] = await of('silence', unit);
    expect([a!.unit_id, Number(a!.observed), a!.status]).toEqual([unit.id, 0, 'open']);
    expect(a!.explanation).toContain('sinds 2 maart 2026 om 11:00 (langer dan 6 maanden)');
    expect(await itemsOf(ctx.services, a!.id)).toEqual([]);
    // The scan again: the same open alert, nothing new.
    await ctx.services.patterns.scan();
    expect(await of('silence', unit)).toHaveLength(1);
  });

  test('a silent group younger than the period is not silent; a young person by Jeugdstem breaks the silence', async () => {
    const young = await freshUnit('jeugdzorgplus', daysBefore(NOW, 150));
    const heard = await freshUnit('zikos', LONG_AGO);
    await signal(ctx.services, heard, daysBefore(NOW, 60), { channel: 'jeugdstem', reporterType: 'jeugdige' });
    const open = await freshUnit('open-residentieel', LONG_AGO);
    await ctx.services.patterns.scan();
    expect([...(await of('silence', young)), ...(await of('silence', heard)), ...(await of('silence', open))]).toEqual([]);
  });

  test('after a decision the period starts again from the decision; the settings change the period', async () => {
    const unit = await freshUnit('zikos', LONG_AGO);
    await ctx.services.patterns.scan();
    const [a] = await of('silence', unit);
    await ctx.services.patterns.decide(actor, manager, a!.id, { decision: 'bezoek', reason: 'Bezoek gepland in december' });
    clock.set(new Date(NOW.getTime() + 30 * DAY));
    await ctx.services.patterns.scan();
    expect((await of('silence', unit)).map((x) => x.status)).toEqual(['closed']);
    await setRule(ctx.services, 'silence', 'months', 1);
    try {
      await ctx.services.patterns.scan();
      const now = await of('silence', unit);
      expect(now.map((x) => x.status)).toEqual(['closed', 'open']);
      expect(now[1]!.explanation).toContain('sinds het vorige besluit over stilte op 20 november 2026');
    } finally {
      await setRule(ctx.services, 'silence', 'months', 6);
    }
  });
});
