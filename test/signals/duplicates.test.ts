import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { countReporters } from '../../src/signals/duplicates';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 8, point 7: "Dubbel van S-…" links a duplicate to its original; both stay, the duplicate leaves the queue,
// enforcement and the report's counts, and its reporter still counts as a reporter of the original.
const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let meldpunt: Awaited<ReturnType<typeof loginAs>>;
let manager: Awaited<ReturnType<typeof loginAs>>;
const actor = systemActor('test');

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'], 'mila@igj.test')).email);
  manager = await loginAs(app, (await makeUser(ctx.services, ['manager'], 'mark@igj.test')).email);
});
afterAll(() => ctx.cleanup());
beforeEach(() => clock.set(new Date('2026-11-20T09:00:00Z')));

const register = async (summary: string, contact?: { phone?: string; email?: string }) =>
  (
    await ctx.services.signals.register(actor, {
      channel: 'telefoon',
      reporterType: contact ? 'jeugdige' : 'anoniem',
      anonymous: !contact,
      summary,
      description: 'Beschrijving.',
      contact,
    })
  ).signal;
const mark = (id: string, originalReference: string, as = meldpunt) =>
  as.agent.post(`/signalen/${id}/dubbel`).type('form').send({ _csrf: as.csrf, originalReference });
const queueText = async () => (await meldpunt.agent.get('/werkvoorraad')).text;

test('meldpunt marks a duplicate: both pages link, both histories say so, one audit entry, and it leaves the queue', async () => {
  const original = await register('Eerste melding', { phone: '06 11112222' });
  const duplicate = await register('Dezelfde zaak', { phone: '06 33334444' });
  expect(await queueText()).toContain(duplicate.reference);

  const res = await mark(duplicate.id, ` ${original.reference.toLowerCase()} `);
  expect(res.status).toBe(303);
  const dupPage = (await meldpunt.agent.get(`/signalen/${duplicate.id}`)).text;
  expect(dupPage).toContain(`Dubbel van <a class="utrecht-link" href="/signalen/${original.id}">${original.reference}</a>`);
  expect(dupPage).not.toContain('name="originalReference"');
  const origPage = (await meldpunt.agent.get(`/signalen/${original.id}`)).text;
  expect(origPage).toContain(`Dubbele meldingen: <a class="utrecht-link" href="/signalen/${duplicate.id}">${duplicate.reference}</a>`);
  expect(origPage).toContain('Samen met dit signaal 2 verschillende melders');

  const kinds = async (id: string) => (await ctx.services.signals.events(id)).map((e) => e.kind);
  expect(await kinds(duplicate.id)).toContain('duplicate-marked');
  expect(await kinds(original.id)).toContain('duplicate-added');
  const audits = await ctx.services.audit.find({ objectType: 'signal', objectId: duplicate.id, limit: 20 });
  expect(audits.filter((a) => a.action === 'update').map((a) => a.changes)).toEqual([
    { duplicateOf: { before: null, after: original.reference } },
  ]);

  const queue = await queueText();
  expect(queue).not.toContain(duplicate.reference);
  expect(queue).toContain(original.reference);
});

test('a wrong reference is refused with a Dutch message beside the field, keeping what was typed', async () => {
  const a = await register('A', { phone: '06 10000001' });
  const b = await register('B', { phone: '06 10000002' });
  const c = await register('C', { phone: '06 10000003' });
  await ctx.services.signals.markDuplicate(actor, b.id, a.reference);
  const cases: Array<[id: string, typed: string, message: string]> = [
    [c.id, '', 'Vul het kenmerk van het oorspronkelijke signaal in'],
    [c.id, '2026-12', 'Een kenmerk ziet eruit als S-2026-000123'],
    [c.id, 'S-2019-999999', 'Er is geen signaal met kenmerk S-2019-999999'],
    [c.id, c.reference, 'Een signaal kan geen dubbel van zichzelf zijn'],
    [c.id, b.reference, `${b.reference} is zelf een dubbel van ${a.reference}. Markeer dit signaal als dubbel van ${a.reference}`],
    [a.id, c.reference, `Dit signaal heeft zelf dubbele meldingen (${b.reference}) en kan daarom geen dubbel zijn`],
  ];
  for (const [id, typed, message] of cases) {
    const res = await mark(id, typed);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`id="veld-originalReference-error">${message}`);
    expect(res.text).toContain(`name="originalReference" type="text" value="${typed}"`);
  }
  // Already a duplicate (the form is gone from its page, but a second tab may still send it).
  expect(await ctx.services.signals.markDuplicate(actor, b.id, c.reference).catch((e: { fieldErrors: object }) => e.fieldErrors)).toEqual({
    originalReference: `Dit signaal is al gemarkeerd als dubbel van ${a.reference}`,
  });
  expect(await ctx.services.db.selectFrom('signals').select('duplicate_of').where('id', 'in', [a.id, c.id]).execute()).toEqual([
    { duplicate_of: null },
    { duplicate_of: null },
  ]);
});

test('inspectors cannot mark; only a manager undoes a marking, audited, and the signal is back in the queue', async () => {
  const original = await register('Origineel', { phone: '06 20000001' });
  const duplicate = await register('Dubbel', { phone: '06 20000002' });
  const inspector = await loginAs(app, (await makeUser(ctx.services, ['inspecteur'])).email);
  expect((await mark(duplicate.id, original.reference, inspector)).status).toBe(403);
  expect((await mark(duplicate.id, original.reference)).status).toBe(303);

  const undo = (as: typeof meldpunt) =>
    as.agent.post(`/signalen/${duplicate.id}/dubbel/ongedaan-maken`).type('form').send({ _csrf: as.csrf });
  expect((await undo(meldpunt)).status).toBe(403);
  expect((await meldpunt.agent.get(`/signalen/${duplicate.id}`)).text).not.toContain('Markering als dubbel ongedaan maken');
  expect((await manager.agent.get(`/signalen/${duplicate.id}`)).text).toContain('Markering als dubbel ongedaan maken');
  expect((await undo(manager)).status).toBe(303);
  const again = await undo(manager);
  expect(again.status).toBe(400);
  expect(again.text).toContain('Dit signaal is niet gemarkeerd als dubbel');

  const audits = await ctx.services.audit.find({ objectType: 'signal', objectId: duplicate.id, limit: 20 });
  expect(audits.filter((a) => a.action === 'update').map((a) => a.changes)).toEqual(
    expect.arrayContaining([{ duplicateOf: { before: original.reference, after: null } }]),
  );
  expect((await ctx.services.signals.events(duplicate.id)).map((e) => e.kind)).toContain('duplicate-unmarked');
  expect(await queueText()).toContain(duplicate.reference);
  expect((await meldpunt.agent.get(`/signalen/${original.id}`)).text).not.toContain('Dubbele meldingen');
});

test('enforcement neither breaches nor reminds a duplicate; once unmarked, the sweep breaches it', async () => {
  const original = await register('Te laat origineel', { phone: '06 30000001' });
  const duplicate = await register('Te laat dubbel', { phone: '06 30000002' });
  await ctx.services.signals.markDuplicate(actor, duplicate.id, original.reference);
  clock.set(new Date('2026-11-23T09:00:00Z'));
  const breachedAt = async (id: string) =>
    (await ctx.services.db.selectFrom('signals').select('breached_at').where('id', '=', id).executeTakeFirstOrThrow()).breached_at;

  expect(await ctx.services.enforcement.recordBreach(duplicate.id)).toBe(false);
  await ctx.services.enforcement.handle('reminder', { signalId: duplicate.id, dueAt: duplicate.dueAt.getTime() });
  await ctx.services.enforcement.sweep();
  expect(await breachedAt(duplicate.id)).toBeNull();
  expect(await breachedAt(original.id)).not.toBeNull();
  expect((await ctx.services.signals.events(duplicate.id)).map((e) => e.kind)).not.toEqual(expect.arrayContaining(['breach', 'reminder']));

  await ctx.services.signals.unmarkDuplicate(actor, duplicate.id);
  await ctx.services.enforcement.sweep();
  expect(await breachedAt(duplicate.id)).not.toBeNull();
});

test('the follow-up report leaves duplicates out of its counts and says how many it left out', async () => {
  clock.set(new Date('2026-12-01T09:00:00Z'));
  const original = await register('Rapport origineel', { phone: '06 40000001' });
  const duplicate = await register('Rapport dubbel', { phone: '06 40000002' });
  const before = await ctx.services.followUpReport('2026-12-01', '2026-12-01');
  expect(before.youth.total).toBe(2);
  await ctx.services.signals.markDuplicate(actor, duplicate.id, original.reference);
  clock.set(new Date('2026-12-05T09:00:00Z'));
  const after = await ctx.services.followUpReport('2026-12-01', '2026-12-01');
  expect(after.youth).toMatchObject({ total: 1, breached: 1 });
  expect(after.duplicates).toBe(1);
  expect(after.breaches.map((b) => b.reference)).toEqual([original.reference]);
  expect(after.now.overdue).toBe(before.now.overdue + 1);
});

test('the API shows duplicateOf beside the existing fields', async () => {
  const original = await register('API origineel', { phone: '06 50000001' });
  const duplicate = await register('API dubbel', { phone: '06 50000002' });
  await ctx.services.signals.markDuplicate(actor, duplicate.id, original.reference);
  const auth = `Bearer ${(await ctx.services.apiTokens.create(actor, 'koppeling')).token}`;
  const got = await request(app).get(`/api/v1/signals/${duplicate.id}`).set('Authorization', auth);
  expect(got.status).toBe(200);
  expect(got.body).toMatchObject({
    id: duplicate.id,
    reference: duplicate.reference,
    duplicateOf: { id: original.id, reference: original.reference },
  });
  const orig = await request(app).get(`/api/v1/signals/${original.id}`).set('Authorization', auth);
  expect(orig.body.duplicateOf).toBeNull();
});

describe('independent reporters of an original', () => {
  test('countReporters joins signals that share a phone or e-mail key, also through a third signal', () => {
    expect(countReporters([])).toBe(0);
    expect(countReporters([{ keys: [] }, { keys: [] }])).toBe(2);
    expect(countReporters([{ keys: ['p:1'] }, { keys: ['p:1', 'e:2'] }, { keys: ['e:2'] }, { keys: ['p:3'] }])).toBe(2);
    expect(countReporters([{ keys: ['p:1'] }, { keys: ['e:9'] }, { keys: ['e:9', 'p:1'] }])).toBe(1);
  });

  test('reportersOf counts the original’s reporter and each duplicate’s distinct reporter, from either signal', async () => {
    const original = await register('Patroon', { phone: '06 12345678' });
    const samePerson = await register('Belt nog eens', { phone: '+31 6 1234 5678' });
    const samePersonAgain = await register('En nog eens', { phone: '+31 (0)6-12345678' });
    const other = await register('Ander', { email: 'Iemand@Voorbeeld.nl' });
    const sameOther = await register('Ander weer', { email: 'iemand@voorbeeld.nl ' });
    const anonymous = await register('Anoniem');
    for (const d of [samePerson, samePersonAgain, other, sameOther, anonymous])
      await ctx.services.signals.markDuplicate(actor, d.id, original.reference);
    expect(await ctx.services.signals.reportersOf(original.id)).toEqual({ signals: 6, reporters: 3 });
    expect(await ctx.services.signals.reportersOf(anonymous.id)).toEqual({ signals: 6, reporters: 3 });
    const alone = await register('Alleen');
    expect(await ctx.services.signals.reportersOf(alone.id)).toEqual({ signals: 1, reporters: 1 });
  });
});

test('a closed signal cannot be the original: a new signal about a closed matter is a case of its own', async () => {
  const closed = await register('Oude zaak', { phone: '06 20000001' });
  await ctx.services.contacts.recordAttempt(actor, closed.id, {
    at: clock.now(),
    channel: 'telefoon',
    successful: true,
    structuralUnsafety: 'nee',
    boundaryCrossing: 'nee',
  });
  if ((await ctx.services.signals.get(closed.id)).status === 'nieuw')
    await ctx.services.signals.transition(actor, closed.id, 'in-behandeling');
  await ctx.services.signals.transition(actor, closed.id, 'afgesloten');
  const fresh = await register('Nieuwe zaak', { phone: '06 20000002' });
  const res = await mark(fresh.id, closed.reference);
  expect(res.status).toBe(400);
  expect(res.text).toContain(`${closed.reference} is afgesloten`);
  expect(await queueText()).toContain(fresh.reference);
});

test('an urgent duplicate makes its original urgent, so the young person who is not safe is still first in the queue', async () => {
  const original = await register('Zaak', { phone: '06 20000003' });
  const { signal: unsafe } = await ctx.services.signals.register(actor, {
    channel: 'formulier',
    reporterType: 'jeugdige',
    anonymous: true,
    safeNow: 'nee',
    summary: 'Niet veilig',
    description: 'Ik ben nu niet veilig.',
  });
  expect((await mark(unsafe.id, original.reference)).status).toBe(303);
  const row = await ctx.services.db.selectFrom('signals').select('urgent_at').where('id', '=', original.id).executeTakeFirstOrThrow();
  expect(row.urgent_at).not.toBeNull();
  const page = (await meldpunt.agent.get(`/signalen/${original.id}`)).text;
  expect(page).toContain('een dubbele melding van dit signaal is spoed');
  const urgentList = (await meldpunt.agent.get('/signalen?urgent=1')).text;
  expect(urgentList).toContain(original.reference);
  expect(urgentList).not.toContain(unsafe.reference);
  // The duplicate has no deadline or urgency of its own any more.
  const dupPage = (await meldpunt.agent.get(`/signalen/${unsafe.id}`)).text;
  expect(dupPage).toContain('via het oorspronkelijke signaal (dubbel)');
  expect(dupPage).not.toContain('Pak dit direct op');
});

test('an inspector sees the reference of a duplicate only when they may read that signal too', async () => {
  const mine = await ctx.services.providers.create(actor, { name: 'Eigen Zorg', type: 'jeugdhulpaanbieder' });
  const other = await ctx.services.providers.create(actor, { name: 'Andere Zorg', type: 'jeugdhulpaanbieder' });
  const inspector = await makeUser(ctx.services, ['inspecteur']);
  await ctx.services.providers.setInspectors(actor, mine.id, [inspector.id], new Set([inspector.id]));
  const about = async (providerId: string, summary: string, phone: string) =>
    (
      await ctx.services.signals.register(actor, {
        channel: 'telefoon',
        reporterType: 'ouder',
        providerId,
        summary,
        description: 'x',
        contact: { phone },
      })
    ).signal;
  const original = await about(mine.id, 'Over eigen zorg', '06 30000001');
  const elsewhere = await about(other.id, 'Over andere zorg', '06 30000002');
  expect((await mark(elsewhere.id, original.reference)).status).toBe(303);
  const agent = await loginAs(app, inspector.email);
  const page = (await agent.agent.get(`/signalen/${original.id}`)).text;
  expect(page).not.toContain(elsewhere.reference);
  expect(page.slice(page.indexOf('id="dubbel"') - 20, page.indexOf('id="dubbel"') + 600)).toContain('1 signaal over een andere aanbieder');
  const panel = page.slice(page.indexOf('id="dubbel"'), page.indexOf('id="dubbel"') + 600);
  expect(panel).toContain('Samen met dit signaal 2 verschillende melders');
});
