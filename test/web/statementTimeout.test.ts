import type { Express } from 'express';
import { Client } from 'pg';
import { createApp } from '../../src/app';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// The web server's statement timeout: a query that runs too long fails its own request with a Dutch 503, and the
// connection is free again at once for everyone else. A lock held elsewhere stands in for a slow query.
let ctx: TestContext;
let app: Express;
let locker: Client;

beforeAll(async () => {
  ctx = await testServices({ statementTimeoutMs: 500 });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  locker = new Client({ connectionString: ctx.databaseUrl });
  await locker.connect();
});
afterAll(async () => {
  await locker.end();
  await ctx.cleanup();
});

test('a query past the statement timeout answers 503 in Dutch, and the next request is served', async () => {
  const meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  await locker.query('begin');
  await locker.query('lock table signals in access exclusive mode');
  const started = Date.now();
  const page = await meldpunt.agent.get('/signalen?q=nacht');
  expect(page.status).toBe(503);
  expect(page.text).toContain('Het opvragen duurde te lang en is gestopt');
  const api = await meldpunt.agent.get('/api/v1/reports/follow-up');
  expect(api.status).toBe(401);
  expect(Date.now() - started).toBeLessThan(10_000);
  await locker.query('rollback');
  expect((await meldpunt.agent.get('/signalen?q=nacht')).status).toBe(200);
});
