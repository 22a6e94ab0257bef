import request from 'supertest';
import type { Express } from 'express';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { actor, apiBody, reportPlaces, type Places } from './support';

// Issue 10, point 1: the mandatory-report API, exact contract. POST /api/v1/reports → 201 { id, reference, late } or
// 400 with a message per field; GET /api/v1/reports/:id; the follow-up report at /api/v1/reports/follow-up stays.

const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let token: string;
let p: Places;

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  token = (await ctx.services.apiTokens.create(actor, 'meldingensysteem')).token;
  p = await reportPlaces(ctx.services);
});
afterAll(() => ctx.cleanup());

const post = (body: unknown, key?: string) => {
  const req = request(app).post('/api/v1/reports').set('Authorization', `Bearer ${token}`);
  return (key ? req.set('Idempotency-Key', key) : req).send(body as object);
};
const read = (id: string) => request(app).get(`/api/v1/reports/${id}`).set('Authorization', `Bearer ${token}`);

test('201 with id, reference and late; GET returns the report in camelCase with ISO instants', async () => {
  const res = await post(apiBody(p.huis, { locationId: p.zwolle, unitId: p.linde, themes: ['vbm', 'veiligheid'], kind: 'geweld' }));
  expect(res.status).toBe(201);
  expect(Object.keys(res.body).sort()).toEqual(['id', 'late', 'reference']);
  expect(res.body.reference).toMatch(/^M-2026-\d{6}$/);
  expect(res.body.late).toBe(false);
  expect(res.headers.location).toBe(`/api/v1/reports/${res.body.id}`);

  const got = await read(res.body.id);
  expect(got.status).toBe(200);
  expect(got.body).toMatchObject({
    id: res.body.id,
    reference: res.body.reference,
    kind: 'geweld',
    occurredAt: '2026-11-18T09:00:00.000Z',
    // Not given: the moment the IGJ received it, now.
    reportedAt: '2026-11-20T09:00:00.000Z',
    registeredAt: '2026-11-20T09:00:00.000Z',
    registeredVia: 'api',
    // Wednesday 18 November 10:00 Amsterdam + 3 working days = Monday 23 November 10:00.
    dueAt: '2026-11-23T09:00:00.000Z',
    late: false,
    providerId: p.huis,
    locationId: p.zwolle,
    unitId: p.linde,
    closedCare: false,
    youngPeopleInvolved: 1,
    death: false,
    summary: 'Jongere gewond bij vastpakken',
    themes: ['vbm', 'veiligheid'],
    decision: null,
    decisionReasons: null,
    decidedAt: null,
  });
});

test('400 names each wrong field with a Dutch message, in the error shape of the other API routes', async () => {
  const res = await post({
    kind: 'ongeluk',
    occurredAt: 'gisteren',
    providerId: p.huis,
    youngPeopleInvolved: '3',
    death: 'ja',
    summary: '',
    description: 42,
    themes: ['bestaat-niet'],
  });
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    error: 'validation_failed',
    errors: {
      kind: 'Kies calamiteit of geweld',
      occurredAt: expect.stringContaining('Vul een geldige datum en tijd in (ISO 8601'),
      youngPeopleInvolved: 'Vul een geheel getal in van 0 tot en met 10.000',
      death: 'Kies ja of nee (true of false)',
      summary: 'Vul een korte samenvatting in',
      description: 'Vul hier tekst in',
      themes: 'Kies alleen thema’s uit de lijst',
    },
  });
  // Same shape as the signal API.
  const signal = await request(app).post('/api/v1/signals').set('Authorization', `Bearer ${token}`).send({});
  expect(Object.keys(signal.body).sort()).toEqual(Object.keys(res.body).sort());

  const missing = await post({});
  expect(missing.status).toBe(400);
  expect(Object.keys(missing.body.errors).sort()).toEqual(
    ['description', 'kind', 'occurredAt', 'providerId', 'summary', 'youngPeopleInvolved'].sort(),
  );
  expect(missing.body.errors.providerId).toBe('Vul de aanbieder in (providerId)');
  // Nothing was saved by any of them.
  expect(await count()).toBe(1);
});

const count = async () =>
  Number(
    (
      await ctx.services.db
        .selectFrom('mandatory_reports')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('an offset is required; times in the future, before the event or before 2000 are refused', async () => {
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ occurredAt: '2026-11-18T10:00:00' }, 'occurredAt', 'ISO 8601 met tijdzone'],
    [{ occurredAt: '2026-02-30T10:00:00Z' }, 'occurredAt', 'ISO 8601 met tijdzone'],
    [{ occurredAt: '2026-11-21T10:00:00+01:00' }, 'occurredAt', 'kan niet in de toekomst liggen'],
    [{ occurredAt: '1999-12-31T10:00:00+01:00' }, 'occurredAt', 'vóór 1 januari 2000'],
    [{ reportedAt: '2026-11-21T10:00:00+01:00' }, 'reportedAt', 'kan niet in de toekomst liggen'],
    [{ reportedAt: '2026-11-18T09:59:00+01:00' }, 'reportedAt', 'kan niet vóór de gebeurtenis liggen'],
    [{ youngPeopleInvolved: 1.5 }, 'youngPeopleInvolved', 'geheel getal'],
    [{ youngPeopleInvolved: -1 }, 'youngPeopleInvolved', 'geheel getal'],
    [{ youngPeopleInvolved: 0, death: true }, 'youngPeopleInvolved', 'minstens 1'],
    [{ themes: 'vbm' }, 'themes', 'lijst van codes'],
    [{ summary: 'x'.repeat(201) }, 'summary', 'hoogstens 200 tekens'],
  ];
  for (const [over, field, text] of cases) {
    const res = await post(apiBody(p.huis, over));
    expect([over, res.status, res.body.errors?.[field]]).toEqual([over, 400, expect.stringContaining(text)]);
  }
});

test('a unit must belong to the location, a location to the provider; unknown places are refused', async () => {
  const wrong: Array<[Record<string, unknown>, string, string]> = [
    [{ locationId: p.ede }, 'locationId', 'Deze locatie hoort niet bij de gekozen aanbieder'],
    [{ locationId: p.zwolle, unitId: p.beuk }, 'unitId', 'Deze groep hoort niet bij de gekozen locatie of aanbieder'],
    [{ unitId: p.zikos }, 'unitId', 'Deze groep hoort niet bij de gekozen locatie of aanbieder'],
    [{ providerId: '00000000-0000-4000-8000-000000000000' }, 'providerId', 'Onbekende aanbieder'],
    [{ providerId: 'Het Open Huis' }, 'providerId', 'Onbekende aanbieder, locatie of groep'],
    [{ unitId: 12 }, 'unitId', 'Onbekende aanbieder, locatie of groep'],
  ];
  for (const [over, field, text] of wrong) {
    const res = await post(apiBody(p.huis, over));
    expect([over, res.status, res.body.errors?.[field]]).toEqual([over, 400, text]);
  }
  // A unit alone with its provider is enough: the location follows from it.
  const ok = await post(apiBody(p.huis, { unitId: p.beuk }));
  expect(ok.status).toBe(201);
  expect((await read(ok.body.id)).body).toMatchObject({ providerId: p.huis, locationId: p.deventer, unitId: p.beuk });
});

test('a death in closed care (ZIKOS): only "igj-onderzoek" is accepted, with a clear message beside the decision', async () => {
  for (const decision of ['zelf-onderzoek', 'geen-actie']) {
    const res = await post(apiBody(p.poort, { unitId: p.zikos, death: true, decision, decisionReasons: 'Aanbieder is goed bezig' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ decision: expect.stringContaining('onderzoekt de IGJ altijd zelf') });
  }
  const ok = await post(apiBody(p.poort, { unitId: p.zikos, death: true, decision: 'igj-onderzoek', decisionReasons: 'Overlijden' }));
  expect(ok.status).toBe(201);
  expect((await read(ok.body.id)).body).toMatchObject({ closedCare: true, death: true, decision: 'igj-onderzoek' });
  // At provider level the provider's ZIKOS unit makes it closed care too (as signals decide it).
  const provider = await post(apiBody(p.poort, { death: true, decision: 'geen-actie', decisionReasons: 'x' }));
  expect(provider.body.errors?.decision).toContain('onderzoekt de IGJ altijd zelf');
  // A death in an open unit of the same provider leaves the choice open.
  const open = await post(
    apiBody(p.poort, { unitId: p.anker, death: true, decision: 'zelf-onderzoek', decisionReasons: 'Intern onderzoek' }),
  );
  expect(open.status).toBe(201);
  // A decision needs its reasons; reasons need a decision.
  expect((await post(apiBody(p.huis, { decision: 'geen-actie' }))).body.errors).toEqual({
    decisionReasons: 'Schrijf op waarom de IGJ dit besluit',
  });
  expect((await post(apiBody(p.huis, { decisionReasons: 'Waarom' }))).body.errors).toEqual({
    decision: 'Kies het besluit waar deze toelichting bij hoort',
  });
});

test('the database refuses a death in closed care with another decision, whatever writes it', async () => {
  const ok = await post(apiBody(p.poort, { unitId: p.zikos, death: true }));
  expect(ok.status).toBe(201);
  await expect(
    ctx.services.db
      .updateTable('mandatory_reports')
      .set({ decision: 'geen-actie', decision_reasons: 'x' })
      .where('id', '=', ok.body.id)
      .execute(),
  ).rejects.toThrow(/mandatory_reports_death_in_closed_care/);
});

test('the report and its audit entry are written by one transaction; the entry holds no free text', async () => {
  const res = await post(
    apiBody(p.huis, { description: 'Sanne (15) belde vanaf 06 12345678.', decision: 'geen-actie', decisionReasons: 'Sanne is veilig' }),
  );
  expect(res.status).toBe(201);
  // xmin is the id of the transaction that wrote a row: the same for both means they committed together.
  const { rows } = await sql<{ report: string; entry: string }>`
    select (select xmin::text from mandatory_reports where id = ${res.body.id}) as report,
           (select xmin::text from audit_log where object_type = 'mandatory-report' and object_id = ${res.body.id} and action = 'create') as entry`.execute(
    ctx.services.db,
  );
  expect(rows[0]!.report).toBeTruthy();
  expect(rows[0]!.entry).toBe(rows[0]!.report);
  const [entry] = await ctx.services.audit.find({ objectType: 'mandatory-report', objectId: res.body.id, limit: 5 });
  expect(entry).toMatchObject({ action: 'create', actorLabel: 'api:meldingensysteem' });
  expect(entry!.changes).toMatchObject({
    reference: { before: null, after: res.body.reference },
    decision: { before: null, after: 'geen-actie' },
    decisionReasons: { before: null, after: '(tekst vastgelegd)' },
  });
  expect(JSON.stringify(entry)).not.toContain('Sanne');
});

test('every API read is audited with the API client as actor', async () => {
  const { body } = await post(apiBody(p.huis));
  await read(body.id).expect(200);
  const reads = (await ctx.services.audit.find({ objectType: 'mandatory-report', objectId: body.id, limit: 10 })).filter(
    (e) => e.action === 'read',
  );
  expect(reads).toHaveLength(1);
  expect(reads[0]).toMatchObject({ actorLabel: 'api:meldingensysteem', changes: { fields: ['summary', 'description'] } });
});

test('Idempotency-Key: the same request again gets the first report back, not a second one', async () => {
  const before = await count();
  const first = await post(apiBody(p.huis), 'melding-123');
  const again = await post(apiBody(p.huis), 'melding-123');
  expect(first.status).toBe(201);
  expect(again.status).toBe(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.body).toEqual(first.body);
  expect(await count()).toBe(before + 1);
  expect((await post(apiBody(p.huis), 'met spatie')).body.errors).toHaveProperty('Idempotency-Key');
});

test('GET /api/v1/reports/follow-up is still the follow-up report; a non-UUID id is 404, an unknown one too', async () => {
  const followUp = await request(app)
    .get('/api/v1/reports/follow-up?from=2026-11-01&to=2026-11-20')
    .set('Authorization', `Bearer ${token}`);
  expect(followUp.status).toBe(200);
  expect(followUp.body).toHaveProperty('youth');
  expect((await read('M-2026-000001')).status).toBe(404);
  const unknown = await read('00000000-0000-4000-8000-000000000000');
  expect(unknown.status).toBe(404);
  expect(unknown.type).toBe('application/json');
  expect((await request(app).get(`/api/v1/reports/00000000-0000-4000-8000-000000000000`)).status).toBe(401);
});
