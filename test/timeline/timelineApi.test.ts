import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { encodeCursor } from '../../src/timeline/cursor';
import { testServices, type TestContext } from '../support/testServices';
import { assess, insertConsultation, insertReport, insertSignal, insertStatus } from './support';

// The exact JSON contract of issue 10, point 2: GET /api/v1/providers/:id/timeline?from=&to=&kind=&theme=&asOf=&cursor=
// (and locationId=, unitId=) → { items: [{ kind, id, occurredAt, registeredAt, title, themes, locationId, unitId }], next }.

let ctx: TestContext;
let app: Express;
let auth: string;
let p: string;
let l1: string;
let u1: string;
let otherLocation: string;
const actor = systemActor('test');
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const url = (q = '', id = p) => `/api/v1/providers/${id}/timeline${q}`;
const api = (q = '', id = p) => request(app).get(url(q, id)).set('Authorization', auth);

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services);
  auth = `Bearer ${(await ctx.services.apiTokens.create(actor, 'koppeling')).token}`;
  const provider = await ctx.services.providers.create(actor, {
    name: 'Tijdlijn API',
    locations: [{ name: 'Noord', address: 'A 1', municipality: 'Ede', units: [{ name: 'Eik', careType: 'zikos', places: 4 }] }],
  });
  p = provider.id;
  l1 = provider.locations[0]!.id;
  u1 = provider.locations[0]!.units[0]!.id;
  const other = await ctx.services.providers.create(actor, {
    name: 'Ander',
    locations: [{ name: 'Elders', address: 'B 2', municipality: 'Ede', units: [] }],
  });
  otherLocation = other.locations[0]!.id;
});
afterAll(() => ctx.cleanup());

test('without a Bearer token: 401 JSON', async () => {
  const res = await request(app).get(url());
  expect(res.status).toBe(401);
  expect(res.type).toBe('application/json');
});

test('the items have exactly the contract’s fields, newest first, and `next` pages through all without duplicates', async () => {
  const db = ctx.services.db;
  const s = await insertSignal(db, {
    providerId: p,
    at: '2026-03-01T10:00:00Z',
    registeredAt: '2026-03-01T10:30:00Z',
    locationId: l1,
    unitId: u1,
  });
  await assess(db, s, ['vbm'], '2026-03-01T11:00:00Z');
  const r = await insertReport(db, {
    providerId: p,
    at: '2026-02-28T10:00:00Z',
    registeredAt: '2026-03-02T09:00:00Z',
    themes: ['veiligheid'],
  });
  const c = await insertConsultation(db, { signalId: s, providerId: p, at: '2026-03-01T10:30:00Z' });
  const st = await insertStatus(db, { providerId: p, kind: 'opnamestop', startsOn: '2026-02-01', createdAt: '2026-02-01T08:00:00Z' });
  for (let i = 0; i < 110; i++) await insertSignal(db, { providerId: p, at: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString() });

  const first = await api();
  expect(first.status).toBe(200);
  expect(Object.keys(first.body).sort()).toEqual(['items', 'next']);
  expect(first.body.items.slice(0, 4)).toEqual([
    {
      kind: 'consultation',
      id: c,
      occurredAt: '2026-03-01T10:30:00.000Z',
      registeredAt: '2026-03-01T10:30:00.000Z',
      title: expect.stringMatching(/^Afstemming JeugdzorgPlus over S-\d{4}-\d{6} · open$/),
      themes: ['vbm'],
      locationId: l1,
      unitId: u1,
    },
    {
      kind: 'signal',
      id: s,
      occurredAt: '2026-03-01T10:00:00.000Z',
      registeredAt: '2026-03-01T10:30:00.000Z',
      title: expect.stringMatching(/^Signaal S-\d{4}-\d{6} · jeugdige zelf · telefoon$/),
      themes: ['vbm'],
      locationId: l1,
      unitId: u1,
    },
    {
      kind: 'report',
      id: r,
      occurredAt: '2026-02-28T10:00:00.000Z',
      registeredAt: '2026-03-02T09:00:00.000Z',
      title: expect.stringMatching(/^Melding calamiteit M-\d{4}-\d{6}$/),
      themes: ['veiligheid'],
      locationId: null,
      unitId: null,
    },
    {
      kind: 'status',
      id: `${st}:start`,
      // The start of 1 February in Amsterdam.
      occurredAt: '2026-01-31T23:00:00.000Z',
      registeredAt: '2026-02-01T08:00:00.000Z',
      title: 'Begin opnamestop',
      themes: [],
      locationId: null,
      unitId: null,
    },
  ]);
  expect(first.body.items).toHaveLength(50);
  expect(first.body.next).toMatch(/^[A-Za-z0-9_-]+$/);

  const ids: string[] = first.body.items.map((i: { id: string }) => i.id);
  let next: string | null = first.body.next;
  while (next) {
    const res = await api(`?cursor=${next}`);
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    next = res.body.next;
  }
  expect(ids).toHaveLength(114);
  expect(new Set(ids).size).toBe(114);
  const times = (await ctx.services.timeline.page({ providerId: p }, null, 200, { kind: 'all' })).items.map((i) => i.id);
  expect(ids).toEqual(times);
});

test('filters: kind (a list or repeated), theme, locationId, unitId, and days read in Amsterdam', async () => {
  const kinds = async (q: string) => [...new Set((await api(q)).body.items.map((i: { kind: string }) => i.kind))].sort();
  expect(await kinds('?kind=report')).toEqual(['report']);
  expect(await kinds('?kind=report,status')).toEqual(['report', 'status']);
  expect(await kinds('?kind=report&kind=consultation')).toEqual(['consultation', 'report']);
  expect((await api('?theme=vbm')).body.items.map((i: { kind: string }) => i.kind)).toEqual(['consultation', 'signal']);
  expect((await api(`?unitId=${u1}`)).body.items).toHaveLength(2);
  expect((await api(`?locationId=${l1}&kind=signal`)).body.items).toHaveLength(1);
  // 1 March 2026 00:30 in Amsterdam is 28 February 23:30 UTC: a day of 1 March, not of 28 February.
  const edge = await insertSignal(ctx.services.db, { providerId: p, at: '2026-02-28T23:30:00Z', registeredAt: '2026-02-28T23:59:00Z' });
  const ids = async (q: string) => (await api(q)).body.items.map((i: { id: string }) => i.id);
  expect(await ids('?kind=signal&from=2026-03-01&to=2026-03-01')).toEqual([expect.any(String), edge]);
  expect(await ids('?kind=signal&from=2026-02-28&to=2026-02-28')).toEqual([]);
  expect(await ids('?kind=signal&from=2026-03-01T00:30:00%2B01:00&to=2026-03-01T00:30:00.001%2B01:00')).toEqual([edge]);
  // Known at the end of 28 February (Amsterdam, 23:00 UTC): the edge signal was registered after it.
  expect(await ids('?kind=signal&from=2026-02-01&asOf=2026-02-28')).toEqual([]);
  expect(await ids('?kind=signal&from=2026-02-01&asOf=2026-03-01')).toEqual([expect.any(String), edge]);
  expect(await ids('?kind=signal&from=2026-02-01&asOf=2026-02-28T23:59:00Z')).toEqual([edge]);
  // A report registered on 2 March was not known on 1 March, though it happened on 28 February.
  expect(await kinds('?kind=report&asOf=2026-03-01')).toEqual([]);
  expect(await kinds('?kind=report&asOf=2026-03-02')).toEqual(['report']);
});

test('400 with a message per field for bad dates, kinds, themes, places and cursors', async () => {
  const res = await api(
    `?from=gisteren&to=2026-02-30&asOf=2026-13-01&kind=signal,bericht&theme=onbekend&locationId=${otherLocation}&unitId=x&cursor=bogus!`,
  );
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    error: 'validation_failed',
    errors: {
      from: expect.any(String),
      to: expect.any(String),
      asOf: expect.any(String),
      kind: expect.stringMatching(/^Kies uit: .*signal.*report.*consultation/),
      theme: expect.any(String),
      unitId: expect.any(String),
      cursor: expect.any(String),
    },
  });
  // A location of another provider, once the rest is right.
  const place = await api(`?locationId=${otherLocation}`);
  expect(place.status).toBe(400);
  expect(place.body.errors).toEqual({ locationId: 'Deze locatie hoort niet bij deze aanbieder' });
  // A cursor that decodes but names no kind of this timeline, or an instant that does not exist.
  for (const cursor of [
    encodeCursor({ at: '2026-03-01T10:00:00.000000Z', kind: 'bericht', id: UNKNOWN }),
    encodeCursor({ at: '2026-02-30T10:00:00.000000Z', kind: 'signal', id: UNKNOWN }),
    encodeCursor({ at: '2026-03-01T10:00:00.000000Z', kind: 'signal', id: "x' or 1=1" }),
    Buffer.from('a|b').toString('base64url'),
  ]) {
    const bad = await api(`?cursor=${cursor}`);
    expect([bad.status, Object.keys(bad.body.errors ?? {})]).toEqual([400, ['cursor']]);
  }
  const from = await api('?from=2026-03-02&to=2026-03-01');
  expect(from.body.errors).toEqual({ to: 'De einddatum ligt vóór de begindatum' });
  expect((await api('?from=2026-01-01&from=2026-02-01')).body.errors).toEqual({ from: 'Geef deze waarde één keer' });
});

test('404 for an unknown provider (also with bad filters), and for an id that is no uuid', async () => {
  const res = await api('', UNKNOWN);
  expect(res.status).toBe(404);
  expect(res.type).toBe('application/json');
  expect((await api('?from=gisteren', UNKNOWN)).status).toBe(404);
  expect((await api('', 'geen-id')).status).toBe(404);
});
