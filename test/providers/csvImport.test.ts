import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
});
afterAll(() => ctx.cleanup());

const CSV = [
  'aanbieder;kvk;soort;locatie;adres;gemeente;regio;groep;zorgvorm;plaatsen',
  'Stichting De Vaart;50000001;Jeugdhulpaanbieder;De Vaart Noord;Vaartweg 3;Zwolle;IJsselland;Groep Zwaluw;JeugdzorgPlus;8',
  'Stichting De Vaart;50000001;;De Vaart Noord;Vaartweg 3;Zwolle;IJsselland;ZIKOS De Vaart;zikos;4',
  'Stichting De Vaart;50000001;;De Vaart Noord;Vaartweg 3;Zwolle;IJsselland;Groep Kraanvogel;gesloten;acht',
  'Gezinshuis Het Anker;;gezinshuisorganisatie;Het Anker;Dorpsstraat 9;Staphorst;;Gezinshuis Anker;gezinshuis;4',
  'Kompas Jeugd;123;;Kompas;Ringweg 1;Deventer;;;;',
].join('\n');

test('a file with bad rows imports the good ones and names each bad row with its reason', async () => {
  const report = await ctx.services.importCsv(systemActor('test'), CSV);
  expect(report).toMatchObject({ rows: 5, imported: 3, created: { providers: 2, locations: 2, units: 3 } });
  expect(report.rejected).toEqual([
    { line: 4, reason: expect.stringMatching(/kolom zorgvorm: Kies een zorgvorm.*kolom plaatsen: Vul het aantal plaatsen/) },
    { line: 6, reason: expect.stringContaining('kolom kvk: Een KvK-nummer bestaat uit 8 cijfers') },
  ]);
  const [vaart] = await ctx.services.providers.search('vaart');
  const full = await ctx.services.providers.get(vaart!.id);
  expect(full.locations).toHaveLength(1);
  expect(full.locations[0]!.units.map((u) => [u.name, u.careType, u.places])).toEqual([
    ['Groep Zwaluw', 'jeugdzorgplus', 8],
    ['ZIKOS De Vaart', 'zikos', 4],
  ]);
});

test('importing the same file again creates nothing twice', async () => {
  const report = await ctx.services.importCsv(systemActor('test'), CSV);
  expect(report.created).toEqual({ providers: 0, locations: 0, units: 0 });
  expect(report.imported).toBe(3);
});

test('the upload page imports a file and shows the report with the bad row', async () => {
  const u = await makeUser(ctx.services, ['beheerder']);
  const { agent, csrf } = await loginAs(app, u.email);
  const csv =
    'aanbieder,kvk,soort,locatie,adres,gemeente,regio,groep,zorgvorm,plaatsen\nNieuwe Horizon,60000001,,Hoofdlocatie,Laan 1,Utrecht,,Groep A,open residentieel,6\n,,,Los,Straat 2,Utrecht,,,,\n';
  const res = await agent
    .post('/aanbieders/import')
    .field('_csrf', csrf)
    .attach('file', Buffer.from(csv), { filename: 'aanbieders.csv', contentType: 'text/csv' });
  expect(res.status).toBe(200);
  expect(res.text).toContain('1 van 2 regels verwerkt');
  expect(res.text).toMatch(
    /<td class="utrecht-table__cell">3<\/td><td class="utrecht-table__cell">kolom aanbieder: Vul de naam van de aanbieder in<\/td>/,
  );
  expect((await ctx.services.providers.search('Nieuwe Horizon'))[0]).toMatchObject({ places: 6 });
  const noFile = await agent.post('/aanbieders/import').field('_csrf', csrf);
  expect(noFile.status).toBe(400);
  expect(noFile.text).toContain('Kies een CSV-bestand');
});

test('a file without the required columns is refused as a whole with a clear message', async () => {
  await expect(ctx.services.importCsv(systemActor('test'), 'naam;plaats\nA;B\n')).rejects.toMatchObject({
    fieldErrors: { file: expect.stringContaining('Kolommen ontbreken: aanbieder, locatie, adres, gemeente') },
  });
});

test("an unreadable file is explained in Dutch with the line, not in the parser's English", async () => {
  const err = await ctx.services.importCsv(systemActor('t'), 'aanbieder;locatie;adres;gemeente\n"Huize Open;L;A 1;Ede\n').catch((e) => e);
  expect(err.fieldErrors.file).toMatch(
    /^Het bestand is geen leesbaar CSV-bestand \(rond regel \d+\): een aanhalingsteken wordt niet gesloten\.$/,
  );
});

test('a file with only a header, or no lines at all, says so instead of "0 of 0 processed"', async () => {
  for (const text of ['aanbieder;locatie;adres;gemeente\n', '', 'Dit is geen CSV\n']) {
    const err = await ctx.services.importCsv(systemActor('t'), text).catch((e) => e);
    expect(err.fieldErrors.file).toMatch(/^Het bestand bevat geen regels met aanbieders/);
  }
});
