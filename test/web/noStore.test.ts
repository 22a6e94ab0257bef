import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { testServices, type TestContext } from '../support/testServices';
import { csrfFrom, loginAs, makeUser } from '../support/web';

// Issue 7, point 13: pages with personal data must not come back from the browser's cache after logout (the Back
// button). Every dynamic response says no-store; the static /assets keep their caching.

let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
});
afterAll(() => ctx.cleanup());

const noStore = (res: request.Response, label = '') => expect([label, res.headers['cache-control']]).toEqual([label, 'no-store']);

test('pages behind login, including a signal page with contact details and the login page itself, are no-store', async () => {
  const { signal } = await ctx.services.signals.register(systemActor('test'), {
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: 'S',
    description: 'D',
    contact: { phone: '06 12345678' },
  });
  const { agent } = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  const page = await agent.get(`/signalen/${signal.id}`);
  expect(page.text).toContain('06 12345678');
  noStore(page);
  for (const path of ['/', '/werkvoorraad', '/aanbieders', '/inloggen']) noStore(await agent.get(path), path);
  const admin = await loginAs(app, (await makeUser(ctx.services, ['manager'])).email);
  noStore(await admin.agent.get('/rapportage/opvolging.csv?from=2026-01-01&to=2026-12-31'));
});

test('the public thank-you page with the receipt code and the reporter’s thread are no-store', async () => {
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden')).text);
  const done = await agent.post('/melden').type('form').send({
    _csrf: csrf,
    step: 'controle',
    reporterType: 'jeugdige',
    placeText: 'Groep Zon, Ede',
    description: 'Er wordt geschreeuwd.',
    safeNow: 'ja',
    reach: 'anoniem',
    action: 'verstuur',
  });
  const code = /id="volgcode">([^<]+)</.exec(done.text)?.[1];
  expect(code).toBeTruthy();
  noStore(done);
  const followCsrf = csrfFrom((await agent.get('/melden/volgen')).text);
  const thread = await agent.post('/melden/volgen').type('form').send({ _csrf: followCsrf, code });
  expect(thread.status).toBe(200);
  noStore(thread);
});

test('API answers are no-store; static assets keep their cache', async () => {
  const { token } = await ctx.services.apiTokens.create(systemActor('test'), 'cache-test');
  noStore(await request(app).get('/api/v1/providers').set('Authorization', `Bearer ${token}`));
  noStore(await request(app).get('/api/v1/providers'));
  const css = await request(app).get('/assets/app.css');
  expect(css.status).toBe(200);
  expect(css.headers['cache-control']).toMatch(/max-age=\d+/);
});
