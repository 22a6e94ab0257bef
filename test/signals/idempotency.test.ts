import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { pruneKeys } from '../../src/common/idempotency';
import { fixedClock, testServices, type TestContext } from '../support/testServices';

// An integration whose answer was lost (a cut connection, a 503 while the database was away) cannot know whether
// its signal was saved. With an Idempotency-Key it sends the same request again and gets the first signal back.
const clock = fixedClock(new Date('2026-11-23T12:00:00Z'));
let ctx: TestContext;
let app: Express;
let auth: string;
let otherAuth: string;

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services);
  auth = `Bearer ${(await ctx.services.apiTokens.create(systemActor('t'), 'koppeling')).token}`;
  otherAuth = `Bearer ${(await ctx.services.apiTokens.create(systemActor('t'), 'andere koppeling')).token}`;
});
afterAll(() => ctx.cleanup());

const body = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Opgesloten op de kamer',
  description: 'Twee dagen zonder uitleg.',
  contact: { phone: '06 12345678' },
};
const post = (key: string | undefined, token = auth) => {
  const r = request(app).post('/api/v1/signals').set('Authorization', token);
  return (key === undefined ? r : r.set('Idempotency-Key', key)).send(body);
};
const countSignals = async () =>
  Number(
    (
      await ctx.services.db
        .selectFrom('signals')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('the same key twice gives the first signal back and saves nothing new', async () => {
  const before = await countSignals();
  const first = await post('bericht-0001');
  const again = await post('bericht-0001');
  expect(first.status).toBe(201);
  expect(again.status).toBe(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.body.id).toBe(first.body.id);
  expect(again.body.reference).toBe(first.body.reference);
  expect(await countSignals()).toBe(before + 1);
  const audits = await ctx.services.audit.find({ objectType: 'signal', objectId: first.body.id, limit: 10 });
  expect(audits.filter((a) => a.action === 'create')).toHaveLength(1);
});

test('ten requests with one key at the same moment make one signal', async () => {
  const before = await countSignals();
  const answers = await Promise.all(Array.from({ length: 10 }, () => post('tegelijk-42')));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
  expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  expect(await countSignals()).toBe(before + 1);
});

test('keys of different integrations never meet, and requests without a key are each new', async () => {
  const mine = await post('gedeelde-sleutel');
  const theirs = await post('gedeelde-sleutel', otherAuth);
  expect(theirs.body.id).not.toBe(mine.body.id);
  const a = await post(undefined);
  const b = await post(undefined);
  expect(a.body.id).not.toBe(b.body.id);
});

test('an unusable key is refused with a Dutch message', async () => {
  for (const key of ['', 'x'.repeat(201), 'met spatie']) {
    const res = await post(key);
    expect(res.status).toBe(400);
    expect(res.body.errors['Idempotency-Key']).toMatch(/ASCII/);
  }
});

test('keys are forgotten after 30 days', async () => {
  await post('oud-verzoek');
  expect(await pruneKeys(ctx.services.db, new Date(clock.now().getTime() + 31 * 24 * 3600_000))).toBeGreaterThan(0);
  const later = await ctx.services.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'oud-verzoek').executeTakeFirst();
  expect(later).toBeUndefined();
});
