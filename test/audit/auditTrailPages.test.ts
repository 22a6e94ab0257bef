import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor, type Actor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 8 point 17: the audit trail per signal (by id or reference, with all that hangs off it), provider and user,
// paged with a true count, filtered by Amsterdam days and by user, in Dutch; only for beheerders.
const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let admin: Awaited<ReturnType<typeof loginAs>>;
let mila: Actor;
const actor = systemActor('test');
const youth = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Opgesloten',
  description: 'Twee dagen op de kamer.',
  contact: { phone: '06 11112222' },
};
const rows = (html: string) => (html.match(/<tr class="utrecht-table__row">/g) ?? []).length - 1;
const caption = (html: string) => /<caption class="utrecht-table__caption">([^<]*)<\/caption>/.exec(html)?.[1];
const unescape = (href: string) => href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  admin = await loginAs(app, (await makeUser(ctx.services, ['beheerder'], 'bea@igj.test')).email);
  const m = await makeUser(ctx.services, ['meldpunt'], 'mila@igj.test');
  mila = { userId: m.id, label: m.name, requestId: null };
});
afterAll(() => ctx.cleanup());
beforeEach(() => clock.set(new Date('2026-11-20T09:00:00Z')));

test('a signal’s trail, by reference or by id, holds its contacts, assessment, consultation, messages and views, in Dutch', async () => {
  const insp = await makeUser(ctx.services, ['inspecteur'], 'ivo@igj.test');
  const p = await ctx.services.providers.create(actor, {
    name: 'De Gesloten Poort',
    locations: [{ name: 'L', address: 'A 1', municipality: 'Ede', units: [{ name: 'G', careType: 'jeugdzorgplus', places: 8 }] }],
  });
  await ctx.services.providers.setInspectors(actor, p.id, [insp.id], new Set([insp.id]));
  const { signal } = await ctx.services.signals.register(actor, { ...youth, providerId: p.id }, { receipt: true });
  const { signal: other } = await ctx.services.signals.register(actor, youth);
  await ctx.services.signals.claim(mila, signal.id);
  await ctx.services.contacts.recordAttempt(mila, signal.id, {
    at: '2026-11-20T09:00:00Z',
    channel: 'telefoon',
    successful: true,
    structuralUnsafety: 'nee',
    boundaryCrossing: 'nee',
  });
  await ctx.services.contacts.staffMessage(mila, signal.id, 'Hoi, hoe gaat het nu?');
  await ctx.services.assessments.assess(mila, signal.id, {
    possibleMisstand: true,
    seriousThreat: false,
    meldplicht: false,
    concernsJzp: true,
    themes: ['overig'],
    referrals: [],
    advice: 'Bel Jeugdstem',
  });
  await ctx.services.assessments.recordConsultation({ userId: insp.id, label: insp.name, requestId: null }, signal.id, 'Besproken');
  await ctx.services.signalReader.open(mila, { id: mila.userId!, roles: ['meldpunt'] } as never, signal.id);
  await ctx.services.contacts.recordAttempt(mila, other.id, {
    at: '2026-11-20T09:00:00Z',
    channel: 'telefoon',
    successful: true,
    structuralUnsafety: 'nee',
    boundaryCrossing: 'nee',
  });

  const byReference = await admin.agent.get(`/beheer/audit?objectId=${signal.reference.toLowerCase()}`);
  expect(byReference.status).toBe(200);
  const page = byReference.text;
  expect(page).toContain(`Audittrail van signaal ${signal.reference}`);
  for (const kind of ['signaal', 'contactpoging', 'bericht', 'beoordeling', 'afstemming'])
    expect(page).toMatch(new RegExp(`>${kind} [^<]+</a>`));
  expect(page).toContain('bekeken');
  expect(page).toContain('status: Nieuw → In behandeling');
  expect(page).toContain('behandelaar: — → Test meldpunt');
  expect(page).toContain('mogelijke misstand: ja');
  expect(page).toContain(`signaal: ${signal.reference}`);
  expect(page).toContain('ingezien: samenvatting, beschrijving');
  // Nothing of the other signal, no raw keys, and no text the staff wrote about the young person.
  expect(page).not.toContain(other.reference);
  for (const raw of ['signalId', 'assigneeId', 'possible_misstand', '"before"', 'Bel Jeugdstem', 'Besproken', 'Hoi, hoe gaat'])
    expect(page).not.toContain(raw);

  const byId = await admin.agent.get(`/beheer/audit?objectType=signal&objectId=${signal.id}`);
  expect(caption(byId.text)).toBe(caption(page));
  // Registered, claimed, a contact, a message, assessed, consulted, read (and whatever those set off).
  expect(rows(byId.text)).toBeGreaterThanOrEqual(7);
  expect(caption(page)).toBe(`Regels 1–${rows(page)} van ${rows(page)}, nieuwste eerst`);

  // The provider's own trail: its locations and groups, and who was assigned; not the signals about it.
  const provider = await admin.agent.get(`/beheer/audit?objectType=provider&objectId=${p.id}`);
  expect(provider.text).toContain('Audittrail van aanbieder De Gesloten Poort');
  expect(provider.text).toMatch(/>locatie L</);
  expect(provider.text).toMatch(/>groep G</);
  expect(provider.text).toContain('toegevoegd: Test inspecteur');
  expect(provider.text).not.toContain(signal.reference);
});

test('paged with a true count, newest first; the page links keep the filters', async () => {
  const { signal } = await ctx.services.signals.register(actor, youth);
  for (let i = 0; i < 60; i++) {
    clock.advance(60_000);
    await ctx.services.audit.recordRead(mila, 'signal', signal.id, ['summary']);
  }
  const first = await admin.agent.get(`/beheer/audit?objectType=signal&objectId=${signal.reference}`);
  expect(caption(first.text)).toBe('Regels 1–50 van 61, nieuwste eerst');
  expect(rows(first.text)).toBe(50);
  expect(first.text).toContain('20 november 2026 om 11:00');
  const next = /href="([^"]+)" rel="next"/.exec(first.text)![1]!;
  expect(unescape(next)).toBe(`/beheer/audit?objectType=signal&objectId=${signal.reference}&pagina=2`);
  const second = await admin.agent.get(unescape(next));
  expect(caption(second.text)).toBe('Regels 51–61 van 61, nieuwste eerst');
  // A page far past the end is the last page, not an empty one read at an offset of millions.
  const far = await admin.agent.get(`/beheer/audit?objectType=signal&objectId=${signal.reference}&pagina=1000000`);
  expect(caption(far.text)).toBe('Regels 51–61 van 61, nieuwste eerst');
  expect(rows(second.text)).toBe(11);
  expect(second.text).toContain('Pagina 2 van 2');
  // The oldest entry, the registration, comes last.
  expect(second.text.lastIndexOf('aangemaakt')).toBeGreaterThan(second.text.lastIndexOf('bekeken'));
  expect(second.text).toContain('rel="prev"');
  expect(second.text).not.toContain('rel="next"');
});

test('filtered by Amsterdam days and by user', async () => {
  const anna = await makeUser(ctx.services, ['meldpunt'], 'anna@igj.test');
  const { signal } = await ctx.services.signals.register(actor, youth);
  // 23:30 on the 19th and 00:30 on the 20th in Amsterdam (UTC+1 in November).
  clock.set(new Date('2026-11-19T22:30:00Z'));
  await ctx.services.audit.recordRead({ userId: anna.id, label: anna.name, requestId: null }, 'signal', signal.id, ['summary']);
  clock.set(new Date('2026-11-19T23:30:00Z'));
  await ctx.services.audit.recordRead(mila, 'signal', signal.id, ['summary']);
  const base = `/beheer/audit?objectId=${signal.reference}`;
  const day = await admin.agent.get(`${base}&from=2026-11-20&to=2026-11-20`);
  expect(rows(day.text)).toBe(2);
  expect(day.text).toContain('20 november 2026 om 00:30');
  expect(day.text).not.toContain('19 november 2026 om 23:30');
  const before = await admin.agent.get(`${base}&to=2026-11-19`);
  expect(caption(before.text)).toBe('1 regel');
  const byAnna = await admin.agent.get(`${base}&actorId=${anna.id}`);
  expect(caption(byAnna.text)).toBe('1 regel');
  expect(byAnna.text).toContain('19 november 2026 om 23:30');
  expect(byAnna.text).toMatch(new RegExp(`<option value="${anna.id}" selected>`));
});

test('bad filters are shown beside their field; an unknown reference finds nothing', async () => {
  const bad = await admin.agent.get('/beheer/audit?from=2026-13-01&objectType=x');
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('Vul een geldige datum in, zoals 2026-11-23');
  expect(bad.text).toContain('Kies een soort uit de lijst');
  const reversed = await admin.agent.get('/beheer/audit?from=2026-11-21&to=2026-11-20');
  expect(reversed.status).toBe(400);
  expect(reversed.text).toContain('De einddatum ligt vóór de begindatum');
  expect(reversed.text).toContain('value="2026-11-21"');
  const unknown = await admin.agent.get('/beheer/audit?objectId=S-2026-999999');
  expect(unknown.text).toContain('Geen signaal, aanbieder of gebruiker gevonden');
  expect(caption(unknown.text)).toBe('0 regels');
});

test('only beheerders read the trail; the signal and provider pages link to it for them alone', async () => {
  for (const role of ['meldpunt', 'manager', 'inspecteur'] as const) {
    const other = await loginAs(app, (await makeUser(ctx.services, [role])).email);
    expect((await other.agent.get('/beheer/audit')).status).toBe(403);
  }
  const { signal } = await ctx.services.signals.register(actor, youth);
  const link = `href="/beheer/audit?objectType=signal&objectId=${signal.id}"`;
  const both = await loginAs(app, (await makeUser(ctx.services, ['meldpunt', 'beheerder'])).email);
  expect(unescape((await both.agent.get(`/signalen/${signal.id}`)).text)).toContain(link);
  const only = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  const plain = await only.agent.get(`/signalen/${signal.id}`);
  expect(plain.status).toBe(200);
  expect(plain.text).not.toContain('/beheer/audit');
  const p = await ctx.services.providers.create(actor, { name: 'Het Anker', locations: [] });
  expect(unescape((await admin.agent.get(`/aanbieders/${p.id}`)).text)).toContain(
    `href="/beheer/audit?objectType=provider&objectId=${p.id}"`,
  );
  const insp = await loginAs(app, (await makeUser(ctx.services, ['inspecteur'])).email);
  expect((await insp.agent.get(`/aanbieders/${p.id}`)).text).not.toContain('/beheer/audit');
  const u = await makeUser(ctx.services, ['manager']);
  const userPage = await admin.agent.get(`/beheer/gebruikers/${u.id}`);
  expect(unescape(userPage.text)).toContain(`href="/beheer/audit?objectType=user&objectId=${u.id}"`);
  const trail = await admin.agent.get(`/beheer/audit?objectType=user&objectId=${u.id}`);
  expect(trail.text).toContain(`Audittrail van gebruiker ${u.name}`);
  expect(trail.text).toContain('rol met toegang tot persoonsgegevens toegekend');
});

test('a mandatory report in the trail is named by its reference, not its id', async () => {
  const p = await ctx.services.providers.create(actor, { name: 'Huize Melding', locations: [] });
  const { report } = await ctx.services.reports.register(
    mila,
    {
      kind: 'geweld',
      occurredAt: '2026-11-19T20:00:00Z',
      providerId: p.id,
      youngPeopleInvolved: 1,
      summary: 'Vechtpartij',
      description: 'Twee jongeren.',
    },
    { via: 'ui' },
  );
  const page = (await admin.agent.get(`/beheer/audit?actorId=${mila.userId}`)).text;
  expect(page).toContain(`melding (calamiteit of geweld) ${report.reference}</a>`);
  expect(page).not.toContain(`melding (calamiteit of geweld) ${report.id}`);
});
