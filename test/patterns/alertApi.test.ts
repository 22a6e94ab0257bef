import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import type { TestContext } from '../support/testServices';
import { actor, alerts, bulkSignals, daysBefore, patternServices, provider, signal, spread, type Unit } from './support';

// Issue 10, point 4: GET /api/v1/alerts?providerId=&status=open|closed, exact contract.
const NOW = new Date('2026-11-20T09:00:00Z');
const clock = fixedClock(NOW);
let ctx: TestContext;
let app: Express;
let token: string;
let unit: Unit;
let other: Unit;

beforeAll(async () => {
  ctx = await patternServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  token = (await ctx.services.apiTokens.create(actor, 'patronen-test')).token;
  unit = (await provider(ctx.services, 'API aanbieder', [{ name: 'Groep', careType: 'jeugdzorgplus', places: 4 }])).units[0]!;
  other = (await provider(ctx.services, 'Ander', [{ name: 'Groep', careType: 'zikos', places: 4 }])).units[0]!;
  for (const who of ['a', 'b', 'c']) await signal(ctx.services, unit, daysBefore(NOW, 2), { email: `${who}@example.test` });
  await bulkSignals(ctx.services, other, spread(NOW, 10, 6));
  await ctx.services.patterns.scan();
  const silence = (await alerts(ctx.services, 'silence'))[0];
  if (silence)
    await ctx.services.patterns.decide(actor, { id: 'm', roles: ['manager'] }, silence.id, { decision: 'geen-actie', reason: 'Test' });
});
afterAll(() => ctx.cleanup());

const get = (query: string) => request(app).get(`/api/v1/alerts${query}`).set('Authorization', `Bearer ${token}`);

test('every alert in exactly the contract’s shape; figures without the parts a rule does not have', async () => {
  const res = await get('');
  expect(res.status).toBe(200);
  expect(res.type).toBe('application/json');
  const body = res.body as Array<Record<string, unknown>>;
  expect(Number(res.headers['x-total-count'])).toBe(body.length);
  expect(body.length).toBeGreaterThanOrEqual(3);
  for (const a of body) {
    expect(Object.keys(a).sort()).toEqual(
      ['createdAt', 'explanation', 'figures', 'id', 'items', 'locationId', 'providerId', 'rule', 'status', 'unitId', 'updatedAt'].sort(),
    );
    expect(['cluster', 'rise', 'missing-report', 'recurrence', 'silence']).toContain(a.rule);
    expect(['open', 'closed']).toContain(a.status);
    expect(typeof (a.figures as { observed: unknown }).observed).toBe('number');
    expect(Object.keys(a.figures as object).every((k) => ['observed', 'expected', 'limit'].includes(k))).toBe(true);
    expect(Array.isArray(a.items)).toBe(true);
    expect(new Date(a.createdAt as string).toISOString()).toBe(a.createdAt);
  }
  const cluster = body.find((a) => a.rule === 'cluster')!;
  const db = (await alerts(ctx.services, 'cluster'))[0]!;
  const items = (await ctx.services.db.selectFrom('pattern_alert_items').select('item_id').where('alert_id', '=', db.id).execute()).map(
    (i) => i.item_id,
  );
  expect(cluster).toEqual({
    id: db.id,
    rule: 'cluster',
    providerId: unit.providerId,
    locationId: unit.locationId,
    unitId: unit.id,
    items: expect.arrayContaining(items),
    explanation: db.explanation,
    figures: { observed: 3, limit: 3 },
    status: 'open',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  });
  const rise = body.find((a) => a.rule === 'rise' && a.unitId === other.id)!;
  expect(Object.keys(rise.figures as object).sort()).toEqual(['expected', 'limit', 'observed']);
  expect((rise.items as string[]).length).toBe(6);
  // Open ones first.
  const statuses = body.map((a) => a.status);
  expect(statuses.indexOf('closed')).toBeGreaterThan(statuses.lastIndexOf('open'));
});

test('filters: providerId and status', async () => {
  const mine = (await get(`?providerId=${unit.providerId}`)).body as Array<{ providerId: string }>;
  expect(mine.length).toBeGreaterThan(0);
  expect(mine.every((a) => a.providerId === unit.providerId)).toBe(true);
  const closed = (await get('?status=closed')).body as Array<{ status: string; rule: string }>;
  expect(closed.map((a) => [a.status, a.rule])).toEqual([['closed', 'silence']]);
  const open = (await get(`?status=open&providerId=${other.providerId}`)).body as Array<{ status: string }>;
  expect(open.length).toBeGreaterThan(0);
  expect(open.every((a) => a.status === 'open')).toBe(true);
  expect((await get('?providerId=00000000-0000-4000-8000-000000000000')).body).toEqual([]);
});

test('400 with a message per parameter on bad parameters', async () => {
  const bad = await get('?providerId=abc&status=dicht');
  expect(bad.status).toBe(400);
  expect(bad.body).toEqual({
    error: 'validation_failed',
    errors: { providerId: 'Geef het id (uuid) van een aanbieder', status: 'Kies open of closed' },
  });
  expect((await get('?status=open&status=closed')).status).toBe(400);
  expect((await get('?page=0')).status).toBe(400);
});
