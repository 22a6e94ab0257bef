import type { Express } from 'express';
import { createApp } from '../../src/app';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';
import { actor, reportPlaces, type Places } from './support';

// Issue 10, point 1: inspectors and meldpunt staff register a mandatory report in the interface: the place chosen
// with the signals' own search (no select of every provider), errors beside each field in Dutch with what was typed
// kept, and (for inspectors) the IGJ's decision, refused for a death in closed care unless the IGJ investigates.

const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let p: Places;
let meldpunt: Awaited<ReturnType<typeof loginAs>>;
let inspector: Awaited<ReturnType<typeof loginAs>> & { id: string };

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  p = await reportPlaces(ctx.services);
  meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  const u = await makeUser(ctx.services, ['inspecteur']);
  inspector = { ...(await loginAs(app, u.email)), id: u.id };
  await ctx.services.providers.setInspectors(actor, p.poort, [u.id], new Set([u.id]));
});
afterAll(() => ctx.cleanup());

const tokenOf = (html: string) => /name="submission" value="([0-9a-f-]{36})"/.exec(html)![1]!;
const errorOf = (html: string, field: string) => new RegExp(`id="veld-${field}-error">([^<]*)<`).exec(html)?.[1];
const unescape = (s: string) =>
  s
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'");
const radios = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`type="radio" id="[^"]+" name="${name}" value="([^"]*)"( checked)?`, 'g'))].map(
    (m) => `${m[1]}${m[2] ? ' checked' : ''}`,
  );
const valid = (place: string, over: Record<string, unknown> = {}) => ({
  kind: 'calamiteit',
  occurredAt: '2026-11-18T10:00',
  reportedAt: '2026-11-19T16:30',
  place,
  youngPeopleInvolved: '2',
  death: 'nee',
  summary: 'Jongere gewond bij vastpakken',
  description: 'Bij het vastpakken brak de arm van een jongere.',
  themes: ['vbm', 'veiligheid'],
  action: 'registreren',
  ...over,
});

test('the form: reported time set to now in Amsterdam time, a place search instead of a select, no decision for meldpunt', async () => {
  const page = await meldpunt.agent.get('/meldingen/nieuw');
  expect(page.status).toBe(200);
  expect(page.text).toContain('<h1 class="utrecht-heading-1">Melding registreren</h1>');
  expect(page.text).toContain('name="reportedAt" type="datetime-local" value="2026-11-20T10:00"');
  expect(page.text).not.toContain('<select class="utrecht-select utrecht-select--html-select" id="veld-place"');
  expect(page.text).toContain('Aanbieder, locatie of groep zoeken');
  expect(page.text).toContain('Vrijheidsbeperkende maatregelen');
  expect(page.text).not.toContain('name="decision"');
  const own = await inspector.agent.get('/meldingen/nieuw');
  expect(radios(own.text, 'decision')).toEqual([' checked', 'zelf-onderzoek', 'igj-onderzoek', 'geen-actie']);
});

test('searching a place shows the form again with the matches and everything typed; "none of these" is no choice', async () => {
  const res = await meldpunt.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({ _csrf: meldpunt.csrf, ...valid(''), place: undefined, placeQ: 'Linde', action: 'zoeken' });
  expect(res.status).toBe(200);
  expect(radios(res.text, 'place')).toEqual([`u:${p.linde}`]);
  expect(res.text).toContain('value="Jongere gewond bij vastpakken"');
  expect(res.text).toContain('Bij het vastpakken brak de arm van een jongere.</textarea>');
  expect(res.text).toContain('value="2026-11-18T10:00"');
  expect(await ctx.services.db.selectFrom('mandatory_reports').select('id').execute()).toEqual([]);
});

test('an empty form: 400, a Dutch message beside each field and in the summary on top, nothing saved', async () => {
  const res = await meldpunt.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({ _csrf: meldpunt.csrf, reportedAt: '', summary: 'Alleen dit', action: 'registreren' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('Er is iets niet goed ingevuld');
  expect({
    kind: errorOf(res.text, 'kind'),
    occurredAt: errorOf(res.text, 'occurredAt'),
    place: errorOf(res.text, 'placeQ'),
    youngPeopleInvolved: errorOf(res.text, 'youngPeopleInvolved'),
    death: errorOf(res.text, 'death'),
    description: errorOf(res.text, 'description'),
  }).toEqual({
    kind: 'Kies calamiteit of geweld',
    occurredAt: 'Vul in wanneer het gebeurde',
    place: 'Zoek de aanbieder, locatie of groep en kies die uit de resultaten',
    youngPeopleInvolved: 'Vul in hoeveel jeugdigen erbij betrokken waren',
    death: 'Geef aan of er een jeugdige is overleden',
    description: 'Beschrijf wat er is gebeurd',
  });
  // The summary links lead to the fields.
  for (const id of ['veld-kind', 'veld-occurredAt', 'veld-place', 'veld-youngPeopleInvolved', 'veld-death', 'veld-description'])
    expect(res.text).toContain(`href="#${id}"`);
  expect(res.text).toContain('value="Alleen dit"');
  // An emptied reported time stays empty (it would be now), rather than coming back filled in.
  expect(res.text).toContain('name="reportedAt" type="datetime-local" value=""');
  expect(await ctx.services.db.selectFrom('mandatory_reports').select('id').execute()).toEqual([]);
});

test('times that are not times, a reported time before the event, a future event, a count that is no number', async () => {
  const res = await meldpunt.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({
      _csrf: meldpunt.csrf,
      ...valid(`u:${p.linde}`),
      occurredAt: 'gisteren',
      reportedAt: '2026-02-30T10:00',
      youngPeopleInvolved: 'twee',
    });
  expect(res.status).toBe(400);
  expect(errorOf(res.text, 'occurredAt')).toBe('Vul een geldige datum en tijd in, bijvoorbeeld 20-11-2026 14:30');
  expect(errorOf(res.text, 'reportedAt')).toBe('Vul een geldige datum en tijd in, bijvoorbeeld 20-11-2026 14:30');
  expect(errorOf(res.text, 'youngPeopleInvolved')).toBe('Vul een geheel getal in van 0 tot en met 10.000');
  expect(res.text).toContain('value="gisteren"');
  expect(res.text).toContain('value="twee"');
  // The place chosen stays chosen.
  expect(radios(res.text, 'place')).toEqual([`u:${p.linde} checked`]);

  const order = await meldpunt.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({ _csrf: meldpunt.csrf, ...valid(`u:${p.linde}`), occurredAt: '2026-11-19T10:00', reportedAt: '2026-11-19T09:00' });
  expect(errorOf(order.text, 'reportedAt')).toBe('Het moment van melden kan niet vóór de gebeurtenis liggen');
  const future = await meldpunt.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({ _csrf: meldpunt.csrf, ...valid(`u:${p.linde}`), occurredAt: '2026-11-21T10:00', reportedAt: '' });
  expect(errorOf(future.text, 'occurredAt')).toBe('Het moment van de gebeurtenis kan niet in de toekomst liggen');
  const notOffered = await meldpunt.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({ _csrf: meldpunt.csrf, ...valid('x:Het Open Huis') });
  expect(notOffered.status).toBe(400);
  expect(notOffered.text).toContain('Onbekende aanbieder, locatie of groep');
});

test('registering: 303 to the report page, which shows every field in Amsterdam time; the same form twice saves once', async () => {
  const form = await meldpunt.agent.get('/meldingen/nieuw');
  const body = { _csrf: meldpunt.csrf, submission: tokenOf(form.text), ...valid(`u:${p.linde}`) };
  const res = await meldpunt.agent.post('/meldingen/nieuw').type('form').send(body);
  expect(res.status).toBe(303);
  const page = await meldpunt.agent.get(res.headers.location!);
  expect(page.status).toBe(200);
  expect(page.text).toMatch(/Melding M-2026-\d{6} is geregistreerd\./);
  expect(page.text).toContain('<dt>Soort</dt><dd>Calamiteit</dd>');
  expect(page.text).toContain('<dt>Gebeurd</dt><dd>18 november 2026 om 10:00</dd>');
  expect(page.text).toContain('<dt>Gemeld bij de IGJ</dt><dd>19 november 2026 om 16:30</dd>');
  expect(page.text).toContain('Op tijd gemeld (uiterlijk 23 november 2026 om 10:00)');
  expect(page.text).toContain('Het Open Huis</a>, Huis Zwolle, Linde');
  expect(page.text).toContain('<dt>Betrokken jeugdigen</dt><dd>2</dd>');
  expect(page.text).toContain('<dt>Thema’s</dt><dd>Vrijheidsbeperkende maatregelen, Veiligheid</dd>');
  expect(page.text).toContain('Bij het vastpakken brak de arm van een jongere.');
  expect(page.text).toContain('Nog geen besluit');
  // Meldpunt does not decide.
  expect(page.text).not.toContain('Besluit vastleggen');

  const again = await meldpunt.agent.post('/meldingen/nieuw').type('form').send(body);
  expect(again.headers.location).toBe(res.headers.location);
  expect((await meldpunt.agent.get(again.headers.location!)).text).toContain('Dit formulier was al verstuurd');
  expect(await ctx.services.db.selectFrom('mandatory_reports').select('id').execute()).toHaveLength(1);
  // A decision sent by meldpunt anyway is not theirs to make: it is not saved.
  const sneaky = await meldpunt.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({ _csrf: meldpunt.csrf, ...valid(`p:${p.huis}`), decision: 'geen-actie', decisionReasons: 'x' });
  expect(sneaky.status).toBe(303);
  const id = sneaky.headers.location!.split('/').pop()!;
  expect((await ctx.services.reports.get(id)).decision).toBeNull();
});

test('a late report is marked on its page', async () => {
  const res = await meldpunt.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({
      _csrf: meldpunt.csrf,
      ...valid(`l:${p.deventer}`),
      occurredAt: '2026-11-13T10:00',
      reportedAt: '2026-11-19T10:01',
      kind: 'geweld',
    });
  expect(res.status).toBe(303);
  const page = await meldpunt.agent.get(res.headers.location!);
  expect(page.text).toContain('de aanbieder meldde te laat');
  expect(page.text).toContain(
    '<strong>Te laat gemeld.</strong> De aanbieder had uiterlijk 18 november 2026 om 10:00 moeten melden (3 werkdagen na de gebeurtenis) en meldde 19 november 2026 om 10:01.',
  );
  expect(page.text).toContain('<dt>Termijn</dt><dd>Te laat gemeld: uiterlijk 18 november 2026 om 10:00</dd>');
  expect(page.text).toContain('<span class="app-tag app-tag--danger">Te laat</span>');
  expect(page.text).toContain('<dt>Soort</dt><dd>Geweld in de zorgrelatie (ook tussen cliënten)</dd>');
});

test('a death in ZIKOS: any decision but "the IGJ investigates itself" is refused beside the field, all typed kept', async () => {
  const body = {
    _csrf: inspector.csrf,
    ...valid(`u:${p.zikos}`),
    youngPeopleInvolved: '1',
    death: 'ja',
    decision: 'zelf-onderzoek',
    decisionReasons: 'De aanbieder onderzoekt goed',
  };
  const res = await inspector.agent.post('/meldingen/nieuw').type('form').send(body);
  expect(res.status).toBe(400);
  expect(errorOf(res.text, 'decision')).toBe(
    'Bij het overlijden van een jeugdige in de gesloten jeugdhulp (JeugdzorgPlus of ZIKOS) onderzoekt de IGJ altijd zelf. Kies ‘De IGJ onderzoekt zelf’.',
  );
  expect(radios(res.text, 'decision')).toContain('zelf-onderzoek checked');
  expect(radios(res.text, 'death')).toContain('ja checked');
  expect(res.text).toContain('De aanbieder onderzoekt goed</textarea>');
  const ok = await inspector.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({ ...body, decision: 'igj-onderzoek', decisionReasons: 'Overlijden in ZIKOS' });
  expect(ok.status).toBe(303);
  const page = await inspector.agent.get(ok.headers.location!);
  expect(page.text).toContain('<dt>Opvolging</dt><dd>De IGJ onderzoekt zelf</dd>');
  expect(page.text).toContain('de IGJ onderzoekt dit altijd zelf');
  expect(page.text).toContain('<span class="app-tag">JeugdzorgPlus (gesloten jeugdhulp)</span>');
});

test('from the provider page: "Melding registreren" opens the form with that provider chosen', async () => {
  const provider = await meldpunt.agent.get(`/aanbieders/${p.huis}`);
  expect(unescape(provider.text)).toContain(`href="/meldingen/nieuw?provider=${p.huis}">Melding registreren</a>`);
  expect(unescape(provider.text)).toContain(`href="/meldingen?provider=${p.huis}">`);
  const form = await meldpunt.agent.get(`/meldingen/nieuw?provider=${p.huis}`);
  expect(radios(form.text, 'place')).toEqual([`p:${p.huis} checked`]);
  // Managers read reports but do not register them; a beheerder does neither.
  const manager = await loginAs(app, (await makeUser(ctx.services, ['manager'])).email);
  const seen = unescape((await manager.agent.get(`/aanbieders/${p.huis}`)).text);
  expect(seen).toContain(`href="/meldingen?provider=${p.huis}">`);
  expect(seen).not.toContain('Melding registreren');
  const beheer = await loginAs(app, (await makeUser(ctx.services, ['beheerder'])).email);
  expect((await beheer.agent.get(`/aanbieders/${p.huis}`)).text).not.toContain('/meldingen');
});

test('the navigation leads to the reports for the roles that read them', async () => {
  expect((await meldpunt.agent.get('/')).text).toContain('<a class="utrecht-link app-nav__link" href="/meldingen">Meldingen</a>');
  expect((await inspector.agent.get('/meldingen')).text).toContain('href="/meldingen" aria-current="page">Meldingen</a>');
  const beheer = await loginAs(app, (await makeUser(ctx.services, ['beheerder'])).email);
  expect((await beheer.agent.get('/')).text).not.toContain('href="/meldingen"');
});
