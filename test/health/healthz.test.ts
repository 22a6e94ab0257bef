import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { testServices, type TestContext } from '../support/testServices';
import { tcpProxy } from '../support/tcpProxy';
import { Client } from 'pg';
import { ADMIN_URL, dropTestDatabase } from '../support/db';

let ctx: TestContext;
let app: Express;
let pg: Awaited<ReturnType<typeof tcpProxy>>;
let redis: Awaited<ReturnType<typeof tcpProxy>>;

beforeAll(async () => {
  pg = await tcpProxy(5432);
  redis = await tcpProxy(6379);
  const base = await testServices();
  // Same throw-away database, reached through the proxy.
  await base.services.close();
  const url = new URL(base.databaseUrl);
  url.port = String(pg.port);
  ctx = await testServices({ env: { DATABASE_URL: url.toString(), REDIS_URL: `redis://127.0.0.1:${redis.port}` } });
  ctx.cleanup = ((inner) => async () => {
    await inner();
    await base.cleanup().catch(() => undefined);
  })(ctx.cleanup);
  app = createApp(ctx.services);
});
afterAll(async () => {
  await pg.start();
  await redis.start();
  await ctx.cleanup();
  await pg.stop();
  await redis.stop();
});

async function eventually(expected: number): Promise<request.Response> {
  const until = Date.now() + 15_000;
  for (;;) {
    const res = await request(app).get('/healthz');
    if (res.status === expected || Date.now() > until) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('200 with both checks ok, without login', async () => {
  const res = await request(app).get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
});

test('503 naming the database when PostgreSQL is unreachable, and recovery by itself when it returns', async () => {
  await pg.stop();
  const down = await request(app).get('/healthz');
  expect(down.status).toBe(503);
  expect(down.body.checks).toEqual({ database: 'unreachable', redis: 'ok' });
  await pg.start();
  const back = await eventually(200);
  expect(back.body).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
});

test('503 naming Redis when Redis is unreachable, and recovery by itself when it returns', async () => {
  await redis.stop();
  const down = await eventually(503);
  expect(down.status).toBe(503);
  expect(down.body.checks).toEqual({ database: 'ok', redis: 'unreachable' });
  // The rest of the app keeps serving meanwhile.
  expect((await request(app).get('/inloggen')).status).toBe(200);
  await redis.start();
  const back = await eventually(200);
  expect(back.body.checks.redis).toBe('ok');
});

test('the app shuts down cleanly while Redis is away (queues are dropped, the database is closed)', async () => {
  const other = await testServices({ env: { REDIS_URL: `redis://127.0.0.1:${redis.port}` } });
  await other.services.queues.mail.waitUntilReady();
  await redis.stop();
  // ioredis is now reconnecting: quit() cannot be sent, and close() used to reject, leaving the pool open.
  await new Promise((r) => setTimeout(r, 200));
  await expect(other.services.close()).resolves.toBeUndefined();
  await redis.start();
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  const open = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [other.databaseName]);
  await c.end();
  expect(open.rows[0]?.n).toBe(0);
  await dropTestDatabase(other.databaseName);
});
