import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { testServices, type TestContext } from '../support/testServices';

let ctx: TestContext;
let app: Express;
let auth: string;

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services);
  const { token } = await ctx.services.apiTokens.create({ userId: null, label: 'test', requestId: null }, 'koppeling');
  auth = `Bearer ${token}`;
});
afterAll(() => ctx.cleanup());

const body = {
  name: 'Horizon Jeugdzorg',
  kvkNumber: '41234567',
  locations: [
    {
      name: 'Harreveld',
      address: 'Harreveldseweg 1, 7135 KA',
      municipality: 'Oost Gelre',
      units: [
        { name: 'Groep Vlinder', careType: 'jeugdzorgplus', places: 10 },
        { name: 'ZIKOS Harreveld', careType: 'zikos', places: 4 },
      ],
    },
    { name: 'Rotterdam-Zuid', address: 'Lange Hilleweg 5', municipality: 'Rotterdam', units: [] },
  ],
};

test('POST /api/v1/providers creates the whole tree and answers 201 with the same shape plus ids', async () => {
  const res = await request(app).post('/api/v1/providers').set('Authorization', auth).send(body);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    name: 'Horizon Jeugdzorg',
    kvkNumber: '41234567',
    locations: [
      {
        id: expect.any(String),
        name: 'Harreveld',
        address: 'Harreveldseweg 1, 7135 KA',
        municipality: 'Oost Gelre',
        units: [
          { id: expect.any(String), name: 'Groep Vlinder', careType: 'jeugdzorgplus', places: 10 },
          { id: expect.any(String), name: 'ZIKOS Harreveld', careType: 'zikos', places: 4 },
        ],
      },
      { id: expect.any(String), name: 'Rotterdam-Zuid', units: [] },
    ],
  });
  expect(res.headers.location).toBe(`/api/v1/providers/${res.body.id}`);
  const got = await request(app).get(`/api/v1/providers/${res.body.id}`).set('Authorization', auth);
  expect(got.status).toBe(200);
  expect(got.body.locations).toEqual(res.body.locations);
  const audit = await ctx.services.audit.find({ objectType: 'provider', objectId: res.body.id, limit: 5 });
  expect(audit[0]!.actorLabel).toBe('api:koppeling');
});

test('invalid input answers 400 with an error per field, and nothing is saved', async () => {
  const res = await request(app)
    .post('/api/v1/providers')
    .set('Authorization', auth)
    .send({
      name: '',
      kvkNumber: '123',
      locations: [{ name: 'L', address: '', municipality: 'Ede', units: [{ name: 'G', careType: 'gesloten', places: '3' }] }],
    });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual({
    name: expect.any(String),
    kvkNumber: 'Een KvK-nummer bestaat uit 8 cijfers',
    'locations[0].address': 'Vul het adres in',
    'locations[0].units[0].careType': 'Kies een zorgvorm uit de lijst',
    'locations[0].units[0].places': expect.any(String),
  });
  const missing = await request(app).post('/api/v1/providers').set('Authorization', auth).send({ name: 'Zonder locaties-lijst' });
  expect(missing.status).toBe(400);
  expect(missing.body.errors).toHaveProperty('locations');
  const found = await request(app).get('/api/v1/providers?q=Zonder').set('Authorization', auth);
  expect(found.body).toEqual([]);
});

test('a duplicate KvK number is a 400 on kvkNumber', async () => {
  const res = await request(app)
    .post('/api/v1/providers')
    .set('Authorization', auth)
    .send({ ...body, name: 'Kopie' });
  expect(res.status).toBe(400);
  expect(res.body.errors.kvkNumber).toContain('Horizon Jeugdzorg');
});

test('GET /api/v1/providers?q= lists matches by name or municipality', async () => {
  const byName = await request(app).get('/api/v1/providers?q=horizon').set('Authorization', auth);
  expect(byName.status).toBe(200);
  expect(byName.body).toEqual([
    expect.objectContaining({ name: 'Horizon Jeugdzorg', closedCare: true, places: 14, municipalities: ['Oost Gelre', 'Rotterdam'] }),
  ]);
  const byPlace = await request(app).get('/api/v1/providers?q=rotterdam').set('Authorization', auth);
  expect(byPlace.body.map((p: { name: string }) => p.name)).toEqual(['Horizon Jeugdzorg']);
  const all = await request(app).get('/api/v1/providers').set('Authorization', auth);
  expect(all.body.length).toBeGreaterThanOrEqual(1);
});

test('errors are JSON: malformed JSON, unknown id, missing token', async () => {
  const bad = await request(app)
    .post('/api/v1/providers')
    .set('Authorization', auth)
    .set('Content-Type', 'application/json')
    .send('{"name":');
  expect(bad.status).toBe(400);
  expect(bad.type).toBe('application/json');
  const unknown = await request(app).get('/api/v1/providers/00000000-0000-4000-8000-000000000000').set('Authorization', auth);
  expect(unknown.status).toBe(404);
  expect(unknown.type).toBe('application/json');
  const notUuid = await request(app).get('/api/v1/providers/abc').set('Authorization', auth);
  expect(notUuid.status).toBe(404);
  const anon = await request(app).get('/api/v1/providers');
  expect(anon.status).toBe(401);
  expect(anon.body).toEqual({ error: 'unauthorized', message: expect.any(String) });
  expect(anon.headers['set-cookie']).toBeUndefined();
});

test('tokens are stored only as a hash', async () => {
  const rows = await ctx.services.db.selectFrom('api_tokens').select('token_hash').execute();
  expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  expect(rows.some((r) => auth.includes(r.token_hash))).toBe(false);
});
