import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { CARE_TYPES } from '../../src/providers/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 8, point 12: providers filtered by care type, and one name per care type everywhere (it was JeugdzorgPlus,
// Gesloten jeugdhulp or gesloten, depending on the page).
const clock = fixedClock(new Date('2026-11-22T10:00:00Z'));
const actor = systemActor('test');
const CLOSED = 'JeugdzorgPlus (gesloten jeugdhulp)';
let ctx: TestContext;
let app: Express;
let meldpunt: Awaited<ReturnType<typeof loginAs>>;
let inspector: Awaited<ReturnType<typeof loginAs>>;
const ids: Record<string, string> = {};

const provider = async (name: string, units: Array<[string, string]>, municipality = 'Zwolle') =>
  (ids[name] = (
    await ctx.services.providers.create(actor, {
      name,
      locations: [
        { name: `${name} Hoofd`, address: 'Weg 1', municipality, units: units.map(([n, careType]) => ({ name: n, careType, places: 4 })) },
      ],
    })
  ).id);

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  inspector = await loginAs(app, (await makeUser(ctx.services, ['inspecteur'])).email);
  await provider('Aanbieder Dicht', [['Groep Eik', 'jeugdzorgplus']]);
  await provider('Aanbieder Gemengd', [
    ['Groep Zikos', 'zikos'],
    ['Huis Linde', 'gezinshuis'],
  ]);
  await provider('Aanbieder Open', [['Huis Beuk', 'gezinshuis']], 'Ede');
  await provider('Aanbieder Leeg', []);
});
afterAll(() => ctx.cleanup());

const names = (html: string) =>
  [...html.matchAll(/<td class="utrecht-table__cell"><a class="utrecht-link" href="\/aanbieders\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

test('the provider list filters on providers with at least one unit of a care type, kept in the URL with the search', async () => {
  const gezinshuis = await meldpunt.agent.get('/aanbieders?careType=gezinshuis');
  expect(names(gezinshuis.text)).toEqual(['Aanbieder Gemengd', 'Aanbieder Open']);
  expect(gezinshuis.text).toContain('<option value="gezinshuis" selected>Gezinshuis</option>');
  expect(gezinshuis.text).toContain('2 aanbieders gevonden met zorgvorm Gezinshuis.');

  const both = await meldpunt.agent.get('/aanbieders?q=zwolle&careType=gezinshuis');
  expect(names(both.text)).toEqual(['Aanbieder Gemengd']);
  expect(both.text).toContain('value="zwolle"');
  expect(both.text).toContain('<option value="gezinshuis" selected>');

  expect(names((await meldpunt.agent.get('/aanbieders?careType=zikos')).text)).toEqual(['Aanbieder Gemengd']);
  // A value that is not a care type filters nothing.
  const unknown = await meldpunt.agent.get('/aanbieders?careType=gesloten');
  expect(unknown.status).toBe(200);
  expect(names(unknown.text)).toEqual(['Aanbieder Dicht', 'Aanbieder Gemengd', 'Aanbieder Leeg', 'Aanbieder Open']);
  expect(unknown.text).not.toContain(' selected>');
  // The filter is a plain GET form: it works without JavaScript.
  expect(unknown.text).toMatch(/<form method="get" action="\/aanbieders"[^>]*>[\s\S]*name="careType"[\s\S]*<\/form>/);
});

/** Closed care by any other name: "Gesloten jeugdhulp", "(gesloten)", a "gesloten" tag, "Alleen JeugdzorgPlus". */
const otherNames = (html: string) =>
  html
    .split(CLOSED)
    .join('')
    .match(/\bgesloten\b[^<]{0,20}|Alleen JeugdzorgPlus</gi) ?? [];

test('closed care has one name on every page: list, provider page, unit form, registration, queue, signal', async () => {
  const { signal } = await ctx.services.signals.register(actor, {
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: 'Dicht',
    description: 'Over de groep.',
    unitId: (await ctx.services.providers.get(ids['Aanbieder Dicht']!)).locations[0]!.units[0]!.id,
  });
  const p = await ctx.services.providers.get(ids['Aanbieder Gemengd']!);
  const pages = {
    list: (await meldpunt.agent.get('/aanbieders')).text,
    provider: (await meldpunt.agent.get(`/aanbieders/${p.id}`)).text,
    unitForm: (await inspector.agent.get(`/aanbieders/${p.id}/locaties/${p.locations[0]!.id}/groepen/nieuw`)).text,
    // The registration form's place search (a search since the provider list grew past a select).
    registration: (
      await meldpunt.agent.post('/signalen/nieuw').type('form').send({ _csrf: meldpunt.csrf, placeQ: 'Groep Eik', action: 'zoeken' })
    ).text,
    queue: (await meldpunt.agent.get('/werkvoorraad')).text,
    signal: (await meldpunt.agent.get(`/signalen/${signal.id}`)).text,
  };
  for (const [name, html] of Object.entries(pages)) expect({ name, other: otherNames(html) }).toEqual({ name, other: [] });

  expect(pages.list.split(`<span class="app-tag">${CLOSED}</span>`)).toHaveLength(3);
  expect(pages.provider).toContain(`<td class="utrecht-table__cell">${CARE_TYPES.zikos}</td>`);
  expect(pages.unitForm).toContain(`<option value="jeugdzorgplus">${CLOSED}</option>`);
  expect(pages.registration).toContain(`Groep Eik · ${CLOSED} — Aanbieder Dicht Hoofd, Aanbieder Dicht`);
  const beuk = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ _csrf: meldpunt.csrf, placeQ: 'Huis Beuk', action: 'zoeken' });
  expect(beuk.text).toContain('Huis Beuk · Gezinshuis — Aanbieder Open Hoofd, Aanbieder Open');
  expect(pages.queue).toContain(`for="veld-closedCare">Alleen ${CLOSED}</label>`);
  expect(pages.queue).toContain(`<span class="app-tag">${CLOSED}</span>`);
  expect(pages.signal).toContain(`<span class="app-tag">${CLOSED}</span>`);
});

test('the CSV import names the care types it accepts, in the same words, and what the file held instead', async () => {
  const csv =
    'aanbieder;locatie;adres;gemeente;groep;zorgvorm;plaatsen\nHuize Test;Hoofd;Weg 2;Ede;Groep X;gesloten;4\nHuize Test;Hoofd;Weg 2;Ede;Groep Y;JeugdzorgPlus;4\n';
  const report = await ctx.services.importCsv(actor, csv);
  expect(report.imported).toBe(1);
  expect(report.rejected).toEqual([
    {
      line: 2,
      reason: `kolom zorgvorm: Kies een zorgvorm uit de lijst: ${Object.values(CARE_TYPES).join(', ')} (‘gesloten’ staat er niet in)`,
    },
  ]);
  const page = await inspector.agent.get('/aanbieders/import');
  expect(page.text).toContain(`In de kolom zorgvorm staat een van: ${Object.values(CARE_TYPES).join(', ')}.`);
});
