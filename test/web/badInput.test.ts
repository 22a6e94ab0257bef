import request from 'supertest';
import express, { type Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { setUpViews } from '../../src/web/views';
import { requestId } from '../../src/web/middleware/requestId';
import { errorHandler } from '../../src/web/errorHandler';
import { createLogger } from '../../src/logger';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { csrfFrom, loginAs, makeUser } from '../support/web';

// Issue 7, points 15 and 16: bad input gets a 4xx with a Dutch message (JSON on the API), never a 500 or a stack trace,
// and every text field has a maximum length shown beside the field.

const clock = fixedClock(new Date('2026-11-20T10:00:00Z'));
let ctx: TestContext;
let app: Express;
let auth: string;
let staff: Awaited<ReturnType<typeof loginAs>>;
let admin: Awaited<ReturnType<typeof loginAs>>;
let signalId: string;

const youth = { channel: 'telefoon', reporterType: 'jeugdige', summary: 'Afzondering', description: 'Twee dagen op de kamer.' };
const api = (path: string, body: unknown) =>
  request(app)
    .post(path)
    .set('Authorization', auth)
    .send(body as object);
const PAGE_STACK = /at \w+ \(|node_modules|\.ts:\d+/;

beforeAll(async () => {
  ctx = await testServices({ clock, env: { LOGIN_RATE_LIMIT: '1000', REPORT_RATE_LIMIT: '1000' } });
  app = createApp(ctx.services);
  auth = `Bearer ${(await ctx.services.apiTokens.create(systemActor('t'), 'koppeling')).token}`;
  staff = await loginAs(app, (await makeUser(ctx.services, ['meldpunt', 'manager'])).email);
  admin = await loginAs(app, (await makeUser(ctx.services, ['beheerder'])).email);
  signalId = (await ctx.services.signals.register(systemActor('t'), youth)).signal.id;
});
afterAll(() => ctx.cleanup());

/** An anonymous visitor of the public form, with its CSRF token. */
async function visitor() {
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden')).text);
  return { agent, csrf };
}

describe('point 15: a 4xx with a Dutch message instead of a 500', () => {
  test('a public form with 1,100 fields answers 413', async () => {
    const { agent, csrf } = await visitor();
    const body = new URLSearchParams({ _csrf: csrf, step: 'wie', reporterType: 'jeugdige' });
    for (let i = 0; i < 1100; i++) body.append(`veld${i}`, 'x');
    const res = await agent.post('/melden').type('form').send(body.toString());
    expect(res.status).toBe(413);
    expect(res.text).toContain('te veel velden');
    expect(res.text).not.toMatch(PAGE_STACK);
  });

  test('null bytes through the API are refused per field, before PostgreSQL', async () => {
    const res = await api('/api/v1/signals', { ...youth, summary: 'a\u0000b', description: 'c\u0000d', contact: { name: 'e\u0000f' } });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/json');
    expect(Object.keys(res.body.errors).sort()).toEqual(['contact.name', 'description', 'summary']);
    expect(res.body.errors.summary).toContain('niet is toegestaan');
    const provider = await api('/api/v1/providers', { name: 'Zorg\u0000', locations: [] });
    expect([provider.status, Object.keys(provider.body.errors)]).toEqual([400, ['name']]);
  });

  test('half a surrogate pair (not a character) is refused by field, not by PostgreSQL’s JSON parser', async () => {
    const res = await request(app)
      .post('/api/v1/providers')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send('{"name": "Zorg \\ud800", "locations": []}');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ name: 'Deze tekst bevat een ongeldig teken (een half Unicode-teken). Typ de tekst opnieuw' });
  });

  test('the same new user submitted twice at once: one is saved, the other gets a field error, never a 500', async () => {
    const submit = () =>
      admin.agent
        .post('/beheer/gebruikers/nieuw')
        .type('form')
        .send({ _csrf: admin.csrf, email: 'dubbel@igj.test', name: 'Dubbel', roles: 'meldpunt', password: 'correct horse battery' });
    const statuses = (await Promise.all(Array.from({ length: 4 }, submit))).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 400, 400, 400]);
  });

  test('a number or an object where the API expects text is refused by field name', async () => {
    const res = await api('/api/v1/signals', {
      ...youth,
      sinceWhen: 12,
      providerText: { naam: 'x' },
      safeNow: ['ja'],
      contact: { preferredMoments: 3 },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({
      sinceWhen: 'Vul hier tekst in',
      providerText: 'Vul hier tekst in',
      safeNow: 'Vul hier tekst in',
      'contact.preferredMoments': 'Vul hier tekst in',
    });
  });

  test('a null byte in the public place search is shown beside the search box', async () => {
    const { agent, csrf } = await visitor();
    const res = await agent
      .post('/melden')
      .type('form')
      .send({ _csrf: csrf, step: 'waar', reporterType: 'jeugdige', q: 'ab\u0000', action: 'zoek' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="veld-q-error">Deze tekst bevat een onzichtbaar teken/);
  });

  test('a place of 36 dashes on the last step is no place, not a database error', async () => {
    const { agent, csrf } = await visitor();
    const answers = {
      _csrf: csrf,
      reporterType: 'jeugdige',
      place: `p:${'-'.repeat(36)}`,
      description: 'Het is daar niet veilig.',
      safeNow: 'ja',
      reach: 'anoniem',
    };
    const review = await agent
      .post('/melden')
      .type('form')
      .send({ ...answers, step: 'contact', action: 'volgende' });
    expect(review.status).toBe(200);
    expect(review.text).toContain('Klopt alles?');
    const send = await agent
      .post('/melden')
      .type('form')
      .send({ ...answers, step: 'controle', action: 'verstuur' });
    expect(send.status).toBe(400);
    expect(send.text).toContain('Kies een plek uit de lijst');
  });

  test.each([
    ['get', '/beheer/gebruikers/abc'],
    ['get', '/beheer/normen/abc'],
    ['post', '/signalen/abc/status'],
    ['post', '/signalen/abc/oppakken'],
    ['post', '/signalen/abc/toewijzen'],
    ['post', '/signalen/abc/melder'],
    ['post', '/signalen/abc/reden'],
    ['post', `/aanbieders/:provider/statussen/${'-'.repeat(36)}/beeindigen`],
  ] as const)('%s %s with an id that is no UUID answers 404', async (method, pattern) => {
    const path = pattern.replace(':provider', (await ctx.services.providers.create(systemActor('t'), { name: 'Zorg', locations: [] })).id);
    const who = path.startsWith('/beheer')
      ? admin
      : path.startsWith('/aanbieders')
        ? await loginAs(app, (await makeUser(ctx.services, ['inspecteur'])).email)
        : staff;
    // Valid-looking fields, so the request gets past the form checks to where the id is used.
    const res =
      method === 'get'
        ? await who.agent.get(path)
        : await who.agent
            .post(path)
            .type('form')
            .send({ _csrf: who.csrf, status: 'in-behandeling', reporterType: 'ouder', breachReason: 'Ziek', endsOn: '2026-12-01' });
    expect(res.status).toBe(404);
    expect(res.text).toContain('Deze pagina bestaat niet');
  });

  test('an API id that is no UUID answers 404 JSON', async () => {
    const res = await request(app).get('/api/v1/signals/abc').set('Authorization', auth);
    expect([res.status, res.type, res.body.error]).toEqual([404, 'application/json', 'not_found']);
    const contact = await api(`/api/v1/signals/${'-'.repeat(36)}/contacts`, {});
    expect(contact.status).toBe(404);
  });

  test('a 6 MB CSV, two files or a wrong field name are shown beside the file field', async () => {
    const editor = await loginAs(app, (await makeUser(ctx.services, ['beheerder'])).email);
    const upload = () => editor.agent.post('/aanbieders/import').field('_csrf', editor.csrf);
    const big = await upload().attach('file', Buffer.alloc(6 * 1024 * 1024, 'a'), { filename: 'groot.csv', contentType: 'text/csv' });
    expect(big.status).toBe(400);
    expect(big.text).toMatch(/id="veld-file-error">Het bestand is te groot \(hoogstens 5 MB\)/);
    const csv = Buffer.from('aanbieder;locatie;adres;gemeente\nA;B;C;D\n');
    const two = await upload().attach('file', csv, 'a.csv').attach('file', csv, 'b.csv');
    expect(two.status).toBe(400);
    expect(two.text).toContain('Kies één bestand');
    const wrongName = await upload().attach('bestand', csv, 'a.csv');
    expect(wrongName.status).toBe(400);
    expect(wrongName.text).toContain('Kies het bestand in het veld');
    expect((await ctx.services.providers.search('')).map((p) => p.name)).not.toContain('A');
  });

  test('JSON in UTF-7 (or any charset but UTF-8) answers 415 JSON and stores nothing', async () => {
    const body = JSON.stringify({ ...youth, summary: '+ADw-b+AD4-vet+ADw-/b+AD4-' });
    const res = await request(app)
      .post('/api/v1/signals')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json; charset=utf-7')
      .send(body);
    expect(res.status).toBe(415);
    expect(res.type).toBe('application/json');
    expect(res.body).toEqual({ error: 'unsupported_media_type', message: expect.stringContaining('UTF-8') });
    const utf16 = await request(app)
      .post('/api/v1/signals')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json; charset=utf-16')
      .send(body);
    expect(utf16.status).toBe(415);
    const form = await request(app)
      .post('/melden')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-7')
      .send('step=wie');
    expect(form.status).toBe(415);
    const ok = await request(app)
      .post('/api/v1/signals')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json; charset=UTF-8')
      .send(JSON.stringify(youth));
    expect(ok.status).toBe(201);
  });

  test('a charset hidden in a quoted parameter does not slip past the UTF-8 check', async () => {
    const body = JSON.stringify({ ...youth, summary: '+ADw-b+AD4-x' });
    for (const type of [
      'application/json; x="; charset=utf-8"; charset=utf-7',
      'application/json; x="; charset=utf-8"; charset=utf-16le',
    ]) {
      const res = await request(app).post('/api/v1/signals').set('Authorization', auth).set('Content-Type', type).send(body);
      expect(res.status).toBe(415);
    }
    const form = await request(app)
      .post('/melden')
      .set('Content-Type', 'application/x-www-form-urlencoded; a="charset=utf-8"; charset=iso-8859-1')
      .send('step=wie');
    expect(form.status).toBe(415);
    const stored = await ctx.services.db.selectFrom('signals').select('id').where('summary', 'like', '%<b>%').execute();
    expect(stored).toHaveLength(0);
  });

  test('malformed JSON answers 400 JSON in Dutch', async () => {
    const res = await request(app)
      .post('/api/v1/signals')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send('{"summary": ');
    expect([res.status, res.body.error]).toEqual([400, 'bad_request']);
    expect(res.body.message).toContain('kon niet worden gelezen');
  });

  test('no stack trace in a page in any mode; PostgreSQL input errors are a 400 as a safety net', async () => {
    for (const production of [false, true]) {
      const mini = express();
      setUpViews(mini);
      mini.use(requestId);
      mini.get('/stuk', () => {
        throw new Error('geheime details van de fout');
      });
      mini.get('/cast', () => {
        throw Object.assign(new Error('invalid input syntax for type uuid: "abc"'), { code: '22P02', severity: 'ERROR' });
      });
      mini.get('/nul', () => {
        throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021', severity: 'ERROR' });
      });
      mini.use(errorHandler(createLogger('silent', production ? 'production' : 'development')));
      const broken = await request(mini).get('/stuk');
      expect([production, broken.status]).toEqual([production, 500]);
      expect(broken.text).toContain(broken.headers['x-request-id']);
      expect(broken.text).not.toContain('geheime details');
      expect(broken.text).not.toMatch(PAGE_STACK);
      for (const path of ['/cast', '/nul']) {
        const res = await request(mini).get(path);
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.text).not.toContain('uuid');
      }
    }
  });
});

describe('point 16: maximum lengths and a plausible moment of receipt', () => {
  test('too-long fields through the API are refused with the maximum named', async () => {
    const res = await api('/api/v1/signals', {
      ...youth,
      summary: 's'.repeat(201),
      description: 'd'.repeat(10_001),
      contact: { email: `${'e'.repeat(250)}@x.nl`, phone: '0'.repeat(41) },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject({
      summary: expect.stringContaining('hoogstens 200 tekens'),
      description: expect.stringContaining('hoogstens 10.000 tekens'),
      'contact.email': expect.stringContaining('hoogstens 254'),
      'contact.phone': expect.stringContaining('hoogstens 40'),
    });
    const ok = await api('/api/v1/signals', { ...youth, summary: '😀'.repeat(200), description: 'd'.repeat(10_000) });
    expect(ok.status).toBe(201);
  });

  test('the staff form shows a length error beside its field and keeps what was typed', async () => {
    const res = await staff.agent
      .post('/signalen/nieuw')
      .type('form')
      .send({ _csrf: staff.csrf, ...youth, contactName: 'n'.repeat(201), sinceWhen: 'w'.repeat(301) });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="veld-contactName-error">Gebruik hoogstens 200 tekens \(nu 201\)/);
    expect(res.text).toMatch(/id="veld-sinceWhen-error">Gebruik hoogstens 300 tekens/);
    expect(res.text).toContain('n'.repeat(201));
  });

  // Found trying it as a user: the error showed beside the field, but the textarea came back empty.
  test('a too-long message, advice or reply comes back in its field, so nothing typed is lost', async () => {
    const long = `Lange tekst ${'z'.repeat(10_000)}`;
    const { signal, receiptCode } = await ctx.services.signals.register(
      systemActor('t'),
      { ...youth, channel: 'formulier', anonymous: true },
      { receipt: true },
    );
    const message = await staff.agent.post(`/signalen/${signal.id}/bericht`).type('form').send({ _csrf: staff.csrf, message: long });
    expect(message.status).toBe(400);
    expect(message.text).toMatch(new RegExp(`<textarea[^>]*name="message"[^>]*>${long}</textarea>`));
    const advice = await staff.agent
      .post(`/signalen/${signalId}/beoordeling`)
      .type('form')
      .send({
        _csrf: staff.csrf,
        possibleMisstand: 'ja',
        seriousThreat: 'nee',
        meldplicht: 'nee',
        concernsJzp: 'nee',
        themes: ['vbm'],
        advice: long,
      });
    expect(advice.status).toBe(400);
    expect(advice.text).toMatch(new RegExp(`<textarea[^>]*name="advice"[^>]*>${long}</textarea>`));
    const visitor = request.agent(app);
    const csrf = csrfFrom((await visitor.get('/melden/volgen')).text);
    const reply = await visitor.post('/melden/volgen/antwoord').type('form').send({ _csrf: csrf, code: receiptCode, message: long });
    expect(reply.status).toBe(400);
    expect(reply.text).toMatch(new RegExp(`<textarea[^>]*name="message"[^>]*>${long}</textarea>`));
  });

  test('forms for users, providers, locations and notes refuse too-long text beside the field', async () => {
    const user = await admin.agent
      .post('/beheer/gebruikers/nieuw')
      .type('form')
      .send({ _csrf: admin.csrf, email: 'lang@igj.test', name: 'n'.repeat(201), roles: 'meldpunt', password: 'p'.repeat(257) });
    expect(user.status).toBe(400);
    expect(user.text).toMatch(/id="veld-name-error">Gebruik hoogstens 200 tekens/);
    expect(user.text).toMatch(/id="veld-password-error">Het wachtwoord mag hoogstens 256 tekens hebben/);
    const editor = await loginAs(app, (await makeUser(ctx.services, ['inspecteur'])).email);
    const provider = await editor.agent
      .post('/aanbieders/nieuw')
      .type('form')
      .send({ _csrf: editor.csrf, name: 'a'.repeat(201), type: 'jeugdhulpaanbieder' });
    expect(provider.status).toBe(400);
    expect(provider.text).toMatch(/id="veld-name-error">Gebruik hoogstens 200 tekens/);
    const p = await ctx.services.providers.create(systemActor('t'), { name: 'Kort', locations: [] });
    const location = await editor.agent
      .post(`/aanbieders/${p.id}/locaties/nieuw`)
      .type('form')
      .send({ _csrf: editor.csrf, name: 'L', address: 'x'.repeat(301), municipality: 'Zwolle' });
    expect(location.status).toBe(400);
    expect(location.text).toMatch(/id="veld-address-error">Gebruik hoogstens 300 tekens/);
    const note = await staff.agent
      .post(`/signalen/${signalId}/contact`)
      .type('form')
      .send({ _csrf: staff.csrf, at: '2026-11-20T10:30', channel: 'telefoon', successful: 'nee', note: 'n'.repeat(10_001) });
    expect(note.status).toBe(400);
    expect(note.text).toMatch(/id="veld-note-error">Gebruik hoogstens 10\.000 tekens/);
  });

  test('a NUL byte typed in a form is refused with a clear message beside the field', async () => {
    const res = await admin.agent
      .post('/beheer/gebruikers/nieuw')
      .type('form')
      .send({ _csrf: admin.csrf, email: 'nul@igj.test', name: 'Jan\u0000', roles: 'meldpunt', password: 'correct horse battery' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="veld-name-error">Deze tekst bevat een onzichtbaar teken dat niet is toegestaan/);
  });

  test('receivedAt before 2000 or more than 5 minutes ahead is refused, through the API and the staff form', async () => {
    const old = await api('/api/v1/signals', { ...youth, receivedAt: '1999-12-31T22:00:00Z' });
    expect(old.body.errors.receivedAt).toBe('Het moment van ontvangst kan niet vóór 1 januari 2000 liggen');
    const ahead = await api('/api/v1/signals', { ...youth, receivedAt: '2026-11-20T10:06:00Z' });
    expect(ahead.body.errors.receivedAt).toContain('toekomst');
    expect((await api('/api/v1/signals', { ...youth, receivedAt: '2026-11-20T10:04:00Z' })).status).toBe(201);
    const form = await staff.agent
      .post('/signalen/nieuw')
      .type('form')
      .send({ _csrf: staff.csrf, ...youth, receivedAt: '1999-12-31T23:59' });
    expect(form.status).toBe(400);
    expect(form.text).toMatch(/id="veld-receivedAt-error">Het moment van ontvangst kan niet vóór 1 januari 2000 liggen/);
    const formAhead = await staff.agent
      .post('/signalen/nieuw')
      .type('form')
      .send({ _csrf: staff.csrf, ...youth, receivedAt: '2026-11-20T11:30' });
    expect(formAhead.text).toMatch(/id="veld-receivedAt-error">Het moment van ontvangst kan niet in de toekomst liggen/);
  });

  // Found by an attack: Date quietly rolled 30 February over to 2 March, and Number() read '0x10' as 16.
  test('dates that are not on the calendar and numbers that are not plain digits are refused, not rolled over', async () => {
    for (const receivedAt of ['2026-02-30T10:00:00Z', '2026-11-19T25:99:00Z', '2026-04-31T08:00:00+02:00']) {
      const res = await api('/api/v1/signals', { ...youth, receivedAt });
      expect([res.status, res.body.errors?.receivedAt]).toEqual([400, expect.stringContaining('geldige datum')]);
    }
    for (const receivedAt of ['2026-02-30T10:00', '2026-11-19T25:99']) {
      const form = await staff.agent
        .post('/signalen/nieuw')
        .type('form')
        .send({ _csrf: staff.csrf, ...youth, receivedAt });
      expect(form.status).toBe(400);
      expect(form.text).toMatch(/id="veld-receivedAt-error">Vul een geldige datum en tijd in/);
      expect(form.text).toContain(`value="${receivedAt}"`);
    }
    for (const places of ['0x10', '1e3', '-1', '8.5']) {
      const res = await api('/api/v1/providers', {
        name: `Huis ${places}`,
        locations: [{ name: 'L', address: 'A 1', municipality: 'Ede', units: [{ name: 'G', careType: 'jeugdzorgplus', places }] }],
      });
      expect(res.status).toBe(400);
    }
  });
});
