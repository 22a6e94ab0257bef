import { sql } from 'kysely';
import { systemActor } from '../../src/audit/types';
import type { TimelineItem, TimelinePosition, TimelineReader } from '../../src/timeline/types';
import { cursorOf } from '../../src/timeline/keyset';
import { testServices, type TestContext } from '../support/testServices';
import { assess, insertConsultation, insertReport, insertSignal, insertStatus } from './support';

// Issue 10, point 2: one timeline per provider, newest first in one total order across kinds, paged by cursor, filtered,
// and "as known on" a date. The items are written at exact instants so ties and microseconds are tested, not luck.

let ctx: TestContext;
const actor = systemActor('test');
const ALL: TimelineReader = { kind: 'all' };
let p: string;
let other: string;
let l1: string;
let l2: string;
let u1: string;
let u2: string;
let u3: string;

const page = (filter: Record<string, unknown>, position: TimelinePosition | null = null, limit = 50, reader: TimelineReader = ALL) =>
  ctx.services.timeline.page({ providerId: p, ...filter }, position, limit, reader);
const keys = (items: TimelineItem[]) => items.map((i) => `${i.kind}:${i.id}`);

beforeAll(async () => {
  ctx = await testServices();
  const unit = (name: string) => ({ name, careType: 'jeugdzorgplus', places: 8 });
  const provider = await ctx.services.providers.create(actor, {
    name: 'De Tijdlijn',
    locations: [
      { name: 'Noord', address: 'A 1', municipality: 'Ede', units: [unit('Eik'), unit('Beuk')] },
      { name: 'Zuid', address: 'B 2', municipality: 'Ede', units: [unit('Linde')] },
    ],
  });
  p = provider.id;
  [l1, l2] = provider.locations.map((l) => l.id) as [string, string];
  [u1, u2] = provider.locations[0]!.units.map((u) => u.id) as [string, string];
  u3 = provider.locations[1]!.units[0]!.id;
  other = (await ctx.services.providers.create(actor, { name: 'Een Ander', locations: [] })).id;
});
afterAll(() => ctx.cleanup());

afterEach(async () => {
  for (const t of ['consultations', 'signal_assessments', 'mandatory_reports', 'provider_statuses'])
    await sql`delete from ${sql.table(t)}`.execute(ctx.services.db);
  await sql`delete from signals`.execute(ctx.services.db);
});

test('newest first; at one instant the kinds keep one order (status, signal, report, consultation), then the id; microseconds count', async () => {
  const db = ctx.services.db;
  // Midnight in Amsterdam on 2 March 2026, when the opnamestop begins.
  const t = '2026-03-01T23:00:00.000000Z';
  const a = await insertSignal(db, { providerId: p, at: t, id: '00000000-0000-4000-8000-00000000000a' });
  const b = await insertSignal(db, { providerId: p, at: t, id: '00000000-0000-4000-8000-00000000000b' });
  const later = await insertSignal(db, { providerId: p, at: '2026-03-01T23:00:00.000500Z' });
  const r = await insertReport(db, { providerId: p, at: t });
  const c = await insertConsultation(db, { signalId: a, providerId: p, at: t });
  const s = await insertStatus(db, { providerId: p, kind: 'opnamestop', startsOn: '2026-03-02', createdAt: '2026-03-02T09:00:00Z' });
  await insertSignal(db, { providerId: other, at: t });
  const found = await page({});
  expect(keys(found.items)).toEqual([
    `signal:${later}`,
    `status:${s}:start`,
    `signal:${b}`,
    `signal:${a}`,
    `report:${r}`,
    `consultation:${c}`,
  ]);
  expect(found.items[0]!.at).toBe('2026-03-01T23:00:00.000500Z');
  expect(found.items[1]).toMatchObject({ occurredAt: new Date(t), title: 'Begin opnamestop', locationId: null, themes: [] });
  expect(found).toMatchObject({ older: null, newer: null });
});

test('paging by cursor over many pages, both ways, gives every item once and in order, ties across pages too', async () => {
  const db = ctx.services.db;
  // Few distinct instants, so nearly every page boundary falls inside a tie.
  const instants = ['2026-01-05T10:00:00Z', '2026-01-05T10:00:00.000001Z', '2026-02-01T08:30:00Z', '2026-02-10T23:00:00Z'];
  const signals: string[] = [];
  for (let i = 0; i < 24; i++) signals.push(await insertSignal(db, { providerId: p, at: instants[i % 4]!, locationId: l1, unitId: u1 }));
  for (let i = 0; i < 9; i++) await insertReport(db, { providerId: p, at: instants[i % 4]! });
  for (let i = 0; i < 6; i++) await insertConsultation(db, { signalId: signals[i]!, providerId: p, at: instants[(i + 1) % 4]! });
  await insertStatus(db, {
    providerId: p,
    kind: 'verscherpt-toezicht',
    startsOn: '2026-02-11',
    endsOn: '2026-02-20',
    createdAt: '2026-02-11T09:00:00Z',
  });
  const whole = keys((await page({}, null, 200)).items);
  expect(whole).toHaveLength(24 + 9 + 6 + 2);
  expect(new Set(whole).size).toBe(whole.length);

  for (const size of [1, 4, 7]) {
    const pages: TimelineItem[][] = [];
    let position: TimelinePosition | null = null;
    for (;;) {
      const got = await page({}, position, size);
      pages.push(got.items);
      expect(got.items.length).toBeLessThanOrEqual(size);
      if (!got.older) break;
      position = { cursor: got.older, direction: 'older' };
    }
    expect(keys(pages.flat())).toEqual(whole);
    // Back up from the last page with "Nieuwer": the same pages in reverse, ending on the first page itself.
    const back: string[][] = [];
    let current = pages[pages.length - 1]!;
    for (;;) {
      const got = await page({}, { cursor: cursorOf(current[0]!), direction: 'newer' }, size);
      back.push(keys(got.items));
      if (!got.newer) break;
      current = got.items;
    }
    expect(back).toEqual(pages.slice(0, -1).reverse().map(keys));
  }
});

test('every filter: kind, theme, location, unit and period, alone and together', async () => {
  const db = ctx.services.db;
  const s1 = await insertSignal(db, { providerId: p, at: '2026-01-10T10:00:00Z', locationId: l1, unitId: u1 });
  const s2 = await insertSignal(db, { providerId: p, at: '2026-01-20T10:00:00Z', locationId: l1, unitId: u2 });
  const s3 = await insertSignal(db, { providerId: p, at: '2026-02-01T10:00:00Z', locationId: l2, unitId: u3 });
  const s4 = await insertSignal(db, { providerId: p, at: '2026-02-05T10:00:00Z' });
  await assess(db, s1, ['vbm', 'veiligheid'], '2026-01-11T10:00:00Z');
  await assess(db, s3, ['vbm'], '2026-02-02T10:00:00Z');
  const r1 = await insertReport(db, { providerId: p, at: '2026-01-15T10:00:00Z', locationId: l1, unitId: u1, themes: ['vbm'] });
  const r2 = await insertReport(db, { providerId: p, at: '2026-02-03T10:00:00Z', locationId: l2, themes: ['personeel'] });
  const c1 = await insertConsultation(db, { signalId: s1, providerId: p, at: '2026-01-12T10:00:00Z' });
  const st = await insertStatus(db, { providerId: p, kind: 'opnamestop', startsOn: '2026-01-25', createdAt: '2026-01-25T12:00:00Z' });
  const ids = async (f: Record<string, unknown>) => (await page(f)).items.map((i) => i.id);

  expect(await ids({})).toEqual([s4, r2, s3, `${st}:start`, s2, r1, c1, s1]);
  expect(await ids({ kinds: ['signal'] })).toEqual([s4, s3, s2, s1]);
  expect(await ids({ kinds: ['report', 'status'] })).toEqual([r2, `${st}:start`, r1]);
  expect(await ids({ theme: 'vbm' })).toEqual([s3, r1, c1, s1]);
  expect(await ids({ theme: 'personeel' })).toEqual([r2]);
  expect(await ids({ locationId: l1 })).toEqual([s2, r1, c1, s1]);
  expect(await ids({ unitId: u1 })).toEqual([r1, c1, s1]);
  expect(await ids({ locationId: l2, theme: 'vbm' })).toEqual([s3]);
  // From inclusive, to exclusive (the route turns a day "t/m" into the next day's start).
  expect(await ids({ from: new Date('2026-01-15T10:00:00Z'), to: new Date('2026-02-03T10:00:00Z') })).toEqual([s3, `${st}:start`, s2, r1]);
  expect(await ids({ from: new Date('2026-02-01T00:00:00Z'), kinds: ['signal'], unitId: u3 })).toEqual([s3]);
  // The themes shown are the assessment's; the other provider's items never appear.
  expect((await page({ kinds: ['signal'] })).items.map((i) => i.themes)).toEqual([[], ['vbm'], [], ['vbm', 'veiligheid']]);
  expect(await ctx.services.timeline.page({ providerId: other }, null, 50, ALL)).toEqual({ items: [], older: null, newer: null });
});

test('"as known on" hides what was registered later, and what was learnt later about what was known', async () => {
  const db = ctx.services.db;
  const asOf = new Date('2026-03-01T12:00:00Z');
  // Received before asOf but registered after it: not known yet.
  const lateRegistered = await insertSignal(db, { providerId: p, at: '2026-02-27T10:00:00Z', registeredAt: '2026-03-02T09:00:00Z' });
  const known = await insertSignal(db, { providerId: p, at: '2026-02-20T10:00:00Z', registeredAt: '2026-02-20T11:00:00Z' });
  await assess(db, known, ['vbm'], '2026-03-05T10:00:00Z');
  const assessedInTime = await insertSignal(db, { providerId: p, at: '2026-02-10T10:00:00Z' });
  await assess(db, assessedInTime, ['veiligheid'], '2026-02-11T10:00:00Z');
  const c = await insertConsultation(db, { signalId: known, providerId: p, at: '2026-02-21T10:00:00Z', outcomeAt: '2026-03-03T10:00:00Z' });
  const r = await insertReport(db, { providerId: p, at: '2026-02-01T10:00:00Z', registeredAt: '2026-02-25T10:00:00Z' });
  const lateReport = await insertReport(db, { providerId: p, at: '2026-02-02T10:00:00Z', registeredAt: '2026-03-01T12:00:01Z' });
  await sql`update mandatory_reports set decision = 'igj-onderzoek', decision_reasons = 'x', decided_at = '2026-03-04T10:00:00Z' where id = ${r}::uuid`.execute(
    db,
  );
  const st = await insertStatus(db, {
    providerId: p,
    kind: 'verscherpt-toezicht',
    startsOn: '2026-01-01',
    endsOn: '2026-02-15',
    createdAt: '2026-01-01T09:00:00Z',
    endsRecordedAt: '2026-03-10T09:00:00Z',
  });

  const now = await page({});
  expect(now.items.map((i) => i.id)).toEqual([lateRegistered, c, known, `${st}:end`, assessedInTime, lateReport, r, `${st}:start`]);
  const then = await page({ asOf });
  expect(then.items.map((i) => i.id)).toEqual([c, known, assessedInTime, r, `${st}:start`]);
  const byId = Object.fromEntries(then.items.map((i) => [i.id, i]));
  expect(byId[known]!.themes).toEqual([]);
  expect(byId[assessedInTime]!.themes).toEqual(['veiligheid']);
  expect(byId[c]!.title).toMatch(/ · open$/);
  expect(byId[r]!.title).not.toContain('IGJ onderzoekt');
  // Today the same items say what was learnt since.
  const nowById = Object.fromEntries(now.items.map((i) => [i.id, i]));
  expect(nowById[known]!.themes).toEqual(['vbm']);
  expect(nowById[c]!.title).toMatch(/ · uitkomst vastgelegd$/);
  expect(nowById[r]!.title).toContain('IGJ onderzoekt zelf');
  expect(nowById[`${st}:end`]!.title).toBe('Einde verscherpt toezicht (laatste dag 15-02-2026)');
  // Registered in time but received a moment after asOf (a clock a little ahead, within the tolerance): known.
  const ahead = await insertSignal(db, { providerId: p, at: '2026-03-01T12:03:00Z', registeredAt: '2026-03-01T11:59:00Z' });
  expect((await page({ asOf, kinds: ['signal'] })).items.map((i) => i.id)).toEqual([ahead, known, assessedInTime]);
  // A theme assessed later does not match the theme filter as known then.
  expect((await page({ asOf, theme: 'vbm' })).items).toEqual([]);
  expect((await page({ theme: 'vbm' })).items.map((i) => i.id)).toEqual([c, known]);
  await sql`delete from signals where id = ${ahead}::uuid`.execute(db);
});

test('titles carry no personal data: reference, kind of reporter and channel, never a summary, description or note', async () => {
  const db = ctx.services.db;
  const s = await insertSignal(db, { providerId: p, at: '2026-02-01T10:00:00Z', reporterType: 'ouder' });
  await assess(db, s, ['vbm'], '2026-02-01T11:00:00Z');
  await insertConsultation(db, { signalId: s, providerId: p, at: '2026-02-01T12:00:00Z', outcomeAt: '2026-02-02T12:00:00Z' });
  await insertReport(db, { providerId: p, at: '2026-01-01T10:00:00Z', death: true, late: true });
  await insertStatus(db, {
    providerId: p,
    kind: 'opnamestop',
    startsOn: '2026-01-05',
    endsOn: '2026-01-20',
    createdAt: '2026-01-05T09:00:00Z',
  });
  const items = (await page({})).items;
  expect(items.map((i) => i.title)).toEqual([
    expect.stringMatching(/^Afstemming JeugdzorgPlus over S-\d{4}-\d{6} · uitkomst vastgelegd$/),
    expect.stringMatching(/^Signaal S-\d{4}-\d{6} · ouder of verzorger · telefoon$/),
    'Einde opnamestop (laatste dag 20-01-2026)',
    'Begin opnamestop',
    expect.stringMatching(/^Melding calamiteit M-\d{4}-\d{6} · overlijden · te laat gemeld$/),
  ]);
  const text = JSON.stringify(items);
  for (const part of ['Sanne', 'Vries', '12345678', 'Samenvatting', 'Beschrijving', 'Notitie', 'Advies', 'Besproken'])
    expect(text).not.toContain(part);
});

test('an inspector sees the signals and reports they may open, as their own pages decide; statuses are shown to every reader', async () => {
  const db = ctx.services.db;
  const mkInspector = async (email: string) =>
    (await ctx.services.users.create(actor, { email, name: email, roles: ['inspecteur'], password: 'correct horse battery' })).id;
  const assigned = await mkInspector(`toegewezen-${Date.now()}@igj.test`);
  const consulting = await mkInspector(`afstemming-${Date.now()}@igj.test`);
  const stranger = await mkInspector(`vreemde-${Date.now()}@igj.test`);
  await ctx.services.providers.setInspectors(actor, p, [assigned], new Set([assigned]));
  const s1 = await insertSignal(db, { providerId: p, at: '2026-02-01T10:00:00Z' });
  const s2 = await insertSignal(db, { providerId: p, at: '2026-02-02T10:00:00Z' });
  const c2 = await insertConsultation(db, { signalId: s2, providerId: p, at: '2026-02-02T11:00:00Z', outcomeAt: '2026-02-03T10:00:00Z' });
  await sql`update consultations set outcome_by = ${consulting}::uuid where id = ${c2}::uuid`.execute(db);
  const r = await insertReport(db, { providerId: p, at: '2026-01-01T10:00:00Z' });
  const st = await insertStatus(db, { providerId: p, kind: 'opnamestop', startsOn: '2026-01-05', createdAt: '2026-01-05T09:00:00Z' });
  const seen = async (reader: TimelineReader) => (await page({}, null, 50, reader)).items.map((i) => i.id);
  try {
    expect(await seen({ kind: 'inspector', userId: assigned })).toEqual([c2, s2, s1, `${st}:start`, r]);
    expect(await seen({ kind: 'inspector', userId: consulting })).toEqual([c2, s2, `${st}:start`]);
    expect(await seen({ kind: 'inspector', userId: stranger })).toEqual([`${st}:start`]);
    expect(await seen({ kind: 'none' })).toEqual([`${st}:start`]);
    // A report the inspector registered themself, as on the report pages.
    await sql`update mandatory_reports set registered_by = ${stranger}::uuid where id = ${r}::uuid`.execute(db);
    expect(await seen({ kind: 'inspector', userId: stranger })).toEqual([`${st}:start`, r]);
    // The rule is signalReader.canRead's: what the timeline shows, the signal page opens, and nothing else.
    for (const [userId, id] of [
      [assigned, s1],
      [consulting, s2],
      [stranger, s1],
      [consulting, s1],
    ] as const) {
      const shown = (await seen({ kind: 'inspector', userId })).includes(id);
      expect(await ctx.services.signalReader.canRead({ id: userId, roles: ['inspecteur'] }, { id })).toBe(shown);
    }
  } finally {
    await ctx.services.providers.setInspectors(actor, p, [], new Set());
  }
});

test('a status ended through the provider page records when: the end is not known before then', async () => {
  const before = new Date(Date.now() - 1000);
  await ctx.services.providers.addStatus(actor, p, { kind: 'opnamestop', startsOn: '2026-01-05' });
  const [status] = await ctx.services.db.selectFrom('provider_statuses').selectAll().where('provider_id', '=', p).execute();
  expect(status!.ends_recorded_at).toBeNull();
  await ctx.services.providers.endStatus(actor, p, status!.id, '2026-02-01');
  const ended = await ctx.services.db.selectFrom('provider_statuses').selectAll().where('id', '=', status!.id).executeTakeFirstOrThrow();
  expect(ended.ends_recorded_at!.getTime()).toBeGreaterThanOrEqual(before.getTime());
  expect((await page({})).items.map((i) => i.title)).toEqual(['Einde opnamestop (laatste dag 01-02-2026)', 'Begin opnamestop']);
  expect((await page({ asOf: new Date(ended.ends_recorded_at!.getTime() - 1) })).items.map((i) => i.title)).toEqual(['Begin opnamestop']);
});
