import type { Express } from 'express';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 9, point 4: the provider filter of the work queue and the place picker of /signalen/nieuw were selects of
// every provider (35,194 options at national scale). They are searches now, working without JavaScript: plain GET
// forms and a form that shows itself again.

const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
const actor = systemActor('test');
let ctx: TestContext;
let app: Express;
let meldpunt: Awaited<ReturnType<typeof loginAs>>;
const id: Record<string, string> = {};

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  const berk = await ctx.services.providers.create(actor, {
    name: 'Berkenhorst Jeugdzorg',
    locations: [
      {
        name: 'Berkenhorst Zwolle',
        address: 'Laan 1',
        municipality: 'Zwolle',
        units: [
          { name: 'Eik', careType: 'jeugdzorgplus', places: 8 },
          { name: 'Linde', careType: 'open-residentieel', places: 6 },
        ],
      },
      {
        name: 'Berkenhorst Deventer',
        address: 'Weg 2',
        municipality: 'Deventer',
        units: [{ name: 'Beuk', careType: 'gezinshuis', places: 4 }],
      },
    ],
  });
  const vaart = await ctx.services.providers.create(actor, {
    name: 'De Vaart',
    locations: [
      { name: 'Vaarthuis', address: 'Kade 3', municipality: 'Ede', units: [{ name: 'Anker', careType: 'kleinschalig', places: 5 }] },
    ],
  });
  id.berk = berk.id;
  id.vaart = vaart.id;
  id.vaarthuis = vaart.locations[0]!.id;
  const zwolle = berk.locations.find((l) => l.municipality === 'Zwolle')!;
  id.zwolle = zwolle.id;
  id.deventer = berk.locations.find((l) => l.municipality === 'Deventer')!.id;
  id.eik = zwolle.units.find((u) => u.name === 'Eik')!.id;
  // Many more providers, so a select of all of them would show.
  await sql`insert into providers (name, type) select 'Zorgaanbieder ' || n, 'jeugdhulpaanbieder' from generate_series(1, 240) n`.execute(
    ctx.services.db,
  );
  const youth = {
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: 'Wacht',
    description: 'Wacht op contact.',
    contact: { phone: '06 11112222' },
  };
  for (const providerId of [berk.id, berk.id, vaart.id]) await ctx.services.signals.register(actor, { ...youth, providerId });
  await ctx.services.signals.register(actor, { ...youth, reporterType: 'ouder', providerId: berk.id });
});
afterAll(() => ctx.cleanup());

const tokenOf = (html: string) => /name="submission" value="([0-9a-f-]{36})"/.exec(html)![1]!;
const radios = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`type="radio" id="[^"]+" name="${name}" value="([^"]*)"( checked)?`, 'g'))].map(
    (m) => `${m[1]}${m[2] ? ' checked' : ''}`,
  );
const unescape = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const references = (html: string) => [...html.matchAll(/>(S-\d{4}-\d{6})<\/a>/g)].map((m) => m[1]!);
const signalsNamed = async (summary: string) =>
  ctx.services.db
    .selectFrom('signals')
    .select(['provider_id', 'location_id', 'unit_id', 'provider_text'])
    .where('summary', '=', summary)
    .execute();

test('no staff page holds a select with more than a few dozen options, with 242 providers', async () => {
  const largest: Record<string, number> = {};
  for (const page of ['/werkvoorraad', '/signalen', '/signalen/nieuw', '/aanbieders']) {
    const html = (await meldpunt.agent.get(page).expect(200)).text;
    const selects = [...html.matchAll(/<select[\s\S]*?<\/select>/g)].map((m) => (m[0].match(/<option/g) ?? []).length);
    largest[page] = Math.max(0, ...selects);
  }
  expect(Object.entries(largest).filter(([, n]) => n >= 30)).toEqual([]);
});

test('/signalen/nieuw: "Zoeken" shows the form again with the matching places, keeps everything typed, saves nothing', async () => {
  const form = await meldpunt.agent.get('/signalen/nieuw');
  const token = tokenOf(form.text);
  expect(form.text).not.toContain('name="place"');
  const typed = {
    _csrf: meldpunt.csrf,
    submission: token,
    receivedAt: '2026-11-20T08:15',
    channel: 'telefoon',
    reporterType: 'ouder',
    summary: 'Gezocht en gekozen',
    description: 'Moeder belde over de groep.',
    contactPhone: '06 55554444',
  };
  const found = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ ...typed, placeQ: 'eik', action: 'zoeken' })
    .expect(200);
  expect(radios(found.text, 'place')).toEqual([`u:${id.eik}`, '']);
  expect(found.text).toContain('Eik · JeugdzorgPlus (gesloten jeugdhulp) — Berkenhorst Zwolle, Berkenhorst Jeugdzorg');
  expect(tokenOf(found.text)).toBe(token);
  for (const v of ['2026-11-20T08:15', 'Gezocht en gekozen', '06 55554444', 'value="eik"']) expect(found.text).toContain(v);
  expect(found.text).toContain('Moeder belde over de groep.</textarea>');
  expect(await signalsNamed('Gezocht en gekozen')).toEqual([]);

  const sent = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ ...typed, placeQ: 'eik', place: `u:${id.eik}` })
    .expect(303);
  expect(await signalsNamed('Gezocht en gekozen')).toEqual([
    { provider_id: id.berk, location_id: id.zwolle, unit_id: id.eik, provider_text: null },
  ]);
  expect((await meldpunt.agent.get(sent.headers.location!)).text).toContain('Berkenhorst Jeugdzorg');
});

test('a provider name offers the whole provider and its locations; a place chosen earlier stays chosen in a new search', async () => {
  const base = { _csrf: meldpunt.csrf, action: 'zoeken' };
  const berk = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ ...base, placeQ: 'Berkenhorst' });
  expect(radios(berk.text, 'place')).toEqual([`p:${id.berk}`, `l:${id.deventer}`, `l:${id.zwolle}`, '']);
  expect(berk.text).toContain('Berkenhorst Jeugdzorg (hele aanbieder)');
  const again = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ ...base, placeQ: 'vaart', place: `l:${id.deventer}` });
  expect(radios(again.text, 'place')).toEqual([`l:${id.deventer} checked`, `p:${id.vaart}`, `l:${id.vaarthuis}`, '']);
  expect(again.text).toContain('Vaarthuis (Ede) — De Vaart');
  // Municipality and group words together narrow the search.
  const narrow = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ ...base, placeQ: 'zwolle linde' });
  expect(radios(narrow.text, 'place')).toHaveLength(2);
  expect(narrow.text).toContain('Linde · Open residentieel — Berkenhorst Zwolle');
  const none = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ ...base, placeQ: 'Nergenshuis' });
  expect(none.text).toContain('Niets gevonden voor ‘Nergenshuis’');
  const short = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ ...base, placeQ: 'B' });
  expect(short.text).toContain('Typ minstens twee letters');
});

test('searched but nothing chosen and nothing written: the form asks, rather than registering without the place', async () => {
  const body = {
    _csrf: meldpunt.csrf,
    channel: 'telefoon',
    reporterType: 'ouder',
    summary: 'Niet gekozen',
    description: 'Iets.',
    placeQ: 'vaart',
  };
  const refused = await meldpunt.agent.post('/signalen/nieuw').type('form').send(body).expect(400);
  expect(refused.text).toContain('id="veld-place-error">Kies de plek uit de zoekresultaten, of schrijf de plek in eigen woorden');
  expect(radios(refused.text, 'place')).toEqual([`p:${id.vaart}`, `l:${id.vaarthuis}`, '']);
  expect(await signalsNamed('Niet gekozen')).toEqual([]);
  // "None of these" chosen, or the place written down: registered as before.
  await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ ...body, place: '', providerText: 'Een huis in Ede' })
    .expect(303);
  expect(await signalsNamed('Niet gekozen')).toEqual([
    { provider_id: null, location_id: null, unit_id: null, provider_text: 'Een huis in Ede' },
  ]);
  // A search text that cannot be searched for is said beside the search box.
  const bad = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ _csrf: meldpunt.csrf, action: 'zoeken', placeQ: 'x'.repeat(201) });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('id="veld-placeQ-error">Gebruik hoogstens 200 tekens');
});

test('work queue: the provider filter finds by name, municipality, location or group; the choice stays in the URL with a "wis" link', async () => {
  for (const q of ['berkenhorst', 'Deventer', 'Berkenhorst Zwolle', 'beuk']) {
    const page = await meldpunt.agent.get(`/werkvoorraad?providerQ=${encodeURIComponent(q)}`);
    expect({ q, found: radios(page.text, 'providerId') }).toEqual({ q, found: [id.berk] });
  }
  const found = await meldpunt.agent.get('/werkvoorraad?providerQ=zwolle');
  expect(found.text).toContain('Berkenhorst Jeugdzorg (Deventer, Zwolle)');
  const many = await meldpunt.agent.get('/werkvoorraad?providerQ=zorgaanbieder');
  expect(radios(many.text, 'providerId')).toHaveLength(20);
  expect(many.text).toContain('Er zijn meer aanbieders gevonden');
  expect((await meldpunt.agent.get('/werkvoorraad?providerQ=z')).text).toContain('Typ minstens twee letters');

  const chosen = await meldpunt.agent.get(`/werkvoorraad?providerId=${id.berk}&reporterType=jeugdige`);
  expect(chosen.text).toContain('Aanbieder: <strong>Berkenhorst Jeugdzorg</strong>');
  expect(chosen.text).toContain(`<input type="hidden" name="providerId" value="${id.berk}">`);
  expect(unescape(chosen.text)).toContain('href="/werkvoorraad?reporterType=jeugdige">wis');
  expect(chosen.text).toContain('Signalen 1–2 van 2');
  expect(chosen.text).toContain('<strong>2</strong> signalen wachten op contact');
  expect(references(chosen.text)).toHaveLength(2);
  // An id that is no provider filters nothing, as the form shows nothing chosen.
  const unknown = await meldpunt.agent.get('/werkvoorraad?providerId=00000000-0000-4000-8000-000000000000');
  expect(references(unknown.text)).toEqual(references((await meldpunt.agent.get('/werkvoorraad')).text));
  expect(references(unknown.text).length).toBeGreaterThan(2);
});

test('/signalen: the same provider search, under its own name `provider`', async () => {
  const found = await meldpunt.agent.get('/signalen?providerQ=Vaarthuis&status=open');
  expect(radios(found.text, 'provider')).toEqual([id.vaart]);
  const chosen = await meldpunt.agent.get(`/signalen?provider=${id.vaart}&status=open`);
  expect(chosen.text).toContain('Aanbieder: <strong>De Vaart</strong>');
  expect(unescape(chosen.text)).toContain('href="/signalen?status=open">wis');
  expect(chosen.text).toContain('Signalen 1–1 van 1');
});
