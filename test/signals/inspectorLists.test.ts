import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import type { Role } from '../../src/auth/roles';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 8, point 10: an inspector's list of consultations (open first, by due time), and on a provider's page that
// provider's signals, newest first with status and follow-up, each only for those who may read them.

const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
const actor = systemActor('test');
let ctx: TestContext;
let app: Express;
type Session = Awaited<ReturnType<typeof loginAs>> & { id: string };
const s: Record<string, Session> = {};
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};
let slot: string;
let kust: string;

async function session(key: string, roles: Role[]) {
  const u = await makeUser(ctx.services, roles, `${key}@igj.test`);
  s[key] = { ...(await loginAs(app, u.email)), id: u.id };
}
async function register(key: string, providerId: string, receivedAt: string) {
  const input = {
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: key,
    description: 'Niet voor lijsten',
    receivedAt,
    providerId,
    contact: { phone: '06 98769876' },
  };
  const { signal } = await ctx.services.signals.register(actor, input);
  [ids[key], refs[key]] = [signal.id, signal.reference];
}
const consultationDue = (key: string, due: string) =>
  ctx.services.db
    .updateTable('consultations')
    .set({ due_at: new Date(due) })
    .where('signal_id', '=', ids[key]!)
    .execute();
const refsIn = (html: string) => [...html.matchAll(/>(S-\d{4}-\d{6})</g)].map((m) => m[1]);
const unescape = (h: string) => h.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  await session('ines', ['inspecteur']);
  await session('ivo', ['inspecteur']);
  await session('mark', ['manager']);
  await session('mila', ['meldpunt']);
  await session('bea', ['beheerder']);
  const all = new Set([s.ines!.id, s.ivo!.id]);
  const jzp = (name: string) => ({
    name,
    locations: [
      { name: `${name} Ede`, address: 'Weg 1', municipality: 'Ede', units: [{ name: 'Toren', careType: 'jeugdzorgplus', places: 6 }] },
    ],
  });
  slot = (await ctx.services.providers.create(actor, jzp('Het Slot'))).id;
  kust = (await ctx.services.providers.create(actor, jzp('De Kust'))).id;
  await ctx.services.providers.setInspectors(actor, slot, [s.ines!.id], all);
  await ctx.services.providers.setInspectors(actor, kust, [s.ivo!.id], all);
  await register('later', slot, '2026-11-18T08:00:00Z');
  await register('eerst', slot, '2026-11-19T08:00:00Z');
  await register('gedaan', slot, '2026-11-17T08:00:00Z');
  await register('ander', kust, '2026-11-19T09:00:00Z');
  await consultationDue('later', '2026-11-25T09:00:00Z');
  await consultationDue('eerst', '2026-11-19T09:00:00Z');
  await ctx.services.assessments.recordConsultation(
    { userId: s.ines!.id, label: 'Ines', requestId: null },
    ids.gedaan!,
    'Besproken met de aanbieder',
  );
});
afterAll(() => ctx.cleanup());

test('an inspector’s consultations: open ones first by due time, then recorded ones; never another inspector’s', async () => {
  const html = (await s.ines!.agent.get('/afstemmingen')).text;
  expect(refsIn(html)).toEqual([refs.eerst, refs.later, refs.gedaan]);
  expect(html).toContain('Afstemmingen 1–3 van 3');
  expect(html).toMatch(/<span class="app-tag app-tag--danger">Te laat<\/span>/);
  expect(html).toContain('Vastgelegd op 20 november 2026 om 10:00 door Test inspecteur');
  // The outcome is free text that may name someone: the list says only that it was recorded.
  expect(html).not.toContain('Besproken met de aanbieder');
  expect(refsIn((await s.ines!.agent.get('/afstemmingen?status=te-laat')).text)).toEqual([refs.eerst]);
  expect(refsIn((await s.ines!.agent.get('/afstemmingen?status=afgerond')).text)).toEqual([refs.gedaan]);
  expect(refsIn((await s.ivo!.agent.get('/afstemmingen')).text)).toEqual([refs.ander]);
});

test('a manager sees every consultation; meldpunt and beheerder are refused', async () => {
  expect(new Set(refsIn((await s.mark!.agent.get('/afstemmingen?status=open')).text))).toEqual(
    new Set([refs.eerst, refs.later, refs.ander]),
  );
  expect((await s.mila!.agent.get('/afstemmingen')).status).toBe(403);
  expect((await s.bea!.agent.get('/afstemmingen')).status).toBe(403);
});

test('the consultation list is paged and its page links keep the filter', async () => {
  for (let i = 0; i < 26; i++) await register(`reeks ${i}`, kust, new Date(Date.parse('2026-11-10T08:00:00Z') + i * 60_000).toISOString());
  const first = (await s.ivo!.agent.get('/afstemmingen?status=open')).text;
  expect(first).toContain('Afstemmingen 1–25 van 27');
  const next = unescape(/href="([^"]+)" rel="next"/.exec(first)![1]!);
  expect(next).toBe('/afstemmingen?status=open&page=2');
  expect((await s.ivo!.agent.get(next)).text).toContain('Afstemmingen 26–27 van 27');
});

test('a provider page lists its signals newest first, with status and follow-up, for whoever may read them', async () => {
  const page = (await s.mila!.agent.get(`/aanbieders/${slot}`)).text;
  expect(page).toContain('Signalen over deze aanbieder');
  expect(refsIn(page)).toEqual([refs.eerst, refs.later, refs.gedaan]);
  expect(page).toContain('Nieuw');
  // Received 17 November, no contact: its 48 hours have passed.
  expect(page).toContain('Termijn verlopen zonder contact');
  expect(page).not.toContain('06 98769876');
  expect(page).not.toContain('Niet voor lijsten');
  expect(page).toContain(`href="/signalen/${ids.eerst}"`);
  expect(refsIn((await s.ines!.agent.get(`/aanbieders/${slot}`)).text)).toEqual([refs.eerst, refs.later, refs.gedaan]);
  // Another provider's inspector sees the section, but none of these signals; a beheerder has no section at all.
  const stranger = (await s.ivo!.agent.get(`/aanbieders/${slot}`)).text;
  expect(stranger).toContain('Signalen over deze aanbieder');
  expect(refsIn(stranger)).toEqual([]);
  const admin = (await s.bea!.agent.get(`/aanbieders/${slot}`)).text;
  expect(admin).not.toContain('Signalen over deze aanbieder');
  expect(refsIn(admin)).toEqual([]);
});

test('a provider page pages its signals (ten at a time) and links to the search filtered on the provider', async () => {
  const html = (await s.mark!.agent.get(`/aanbieders/${kust}`)).text;
  expect(html).toContain('(1–10 van 27)');
  expect(unescape(html)).toContain(`href="/signalen?provider=${kust}"`);
  const next = unescape(/href="([^"]+)" rel="next"/.exec(html)![1]!);
  expect(next).toBe(`/aanbieders/${kust}?page=2#signalen`);
  const third = (await s.mark!.agent.get(`/aanbieders/${kust}?page=3`)).text;
  expect(third).toContain('(21–27 van 27)');
  expect(refsIn(third).at(-1)).toBe(refs['reeks 0']);
});

test('the consultation of a duplicate lapses: not open, not late, and said to have lapsed', async () => {
  await register('dubbel', slot, '2026-11-19T10:00:00Z');
  await consultationDue('dubbel', '2026-11-19T12:00:00Z');
  expect(refsIn((await s.ines!.agent.get('/afstemmingen?status=te-laat')).text)).toContain(refs.dubbel);
  await ctx.services.signals.markDuplicate(actor, ids.dubbel!, refs.eerst!);
  expect(refsIn((await s.ines!.agent.get('/afstemmingen?status=te-laat')).text)).not.toContain(refs.dubbel);
  expect(refsIn((await s.ines!.agent.get('/afstemmingen?status=open')).text)).not.toContain(refs.dubbel);
  const done = (await s.ines!.agent.get('/afstemmingen?status=afgerond')).text;
  expect(refsIn(done)).toContain(refs.dubbel);
  expect(done).toContain('Vervallen: dubbel van een ander signaal');
  expect((await ctx.services.assessments.overdueConsultations()).first.map((c) => c.reference)).not.toContain(refs.dubbel);
  await ctx.services.signals.unmarkDuplicate(actor, ids.dubbel!);
});
