import request from 'supertest';
import type { Express } from 'express';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import { startWorkers } from '../../src/jobs/worker';
import type { RouteDef } from '../../src/web/routeTable';
import { testServices, type TestContext } from '../support/testServices';
import { csrfFrom, loginAs, makeUser } from '../support/web';
import { until } from '../support/until';
import { resetRateLimits } from '../support/rateLimits';

// No server-side session before there is something to keep: anonymous visitors get their CSRF token from a signed
// cookie, only a login makes a session row, and expired rows are removed in every mode.

let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
});
afterAll(() => ctx.cleanup());

const sessionRows = async () => (await sql<{ n: number }>`select count(*)::int as n from sessions`.execute(ctx.services.db)).rows[0]!.n;
const cookies = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

test('50 anonymous page views and a walk through the whole public form leave no session row and no session cookie', async () => {
  expect(await sessionRows()).toBe(0);
  const setCookies: string[] = [];
  for (let i = 0; i < 25; i++) {
    for (const path of ['/melden', '/inloggen']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      setCookies.push(...cookies(res));
    }
  }
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden')).text);
  const steps: Array<[Record<string, string>, string]> = [
    [{ step: 'wie', reporterType: 'jeugdige' }, 'Over welke plek gaat het?'],
    [{ step: 'waar', placeText: 'Groep Zon, Ede' }, 'Wat is er gebeurd?'],
    [{ step: 'wat', description: 'Ze sluiten me steeds op.', safeNow: 'ja' }, 'Hoe kunnen we je bereiken?'],
    [{ step: 'contact', reach: 'anoniem' }, 'Klopt alles?'],
    [{ step: 'controle', action: 'verstuur' }, 'Bedankt voor je melding'],
  ];
  let answers: Record<string, string> = {};
  let last = '';
  for (const [fields, next] of steps) {
    answers = { ...answers, action: 'volgende', ...fields };
    const res = await agent
      .post('/melden')
      .type('form')
      .send({ ...answers, _csrf: csrf });
    expect([fields.step, res.status, res.text.includes(next)]).toEqual([fields.step, 200, true]);
    setCookies.push(...cookies(res));
    last = res.text;
  }
  const code = /id="volgcode">([^<]+)</.exec(last)![1]!;
  const follow = await agent.post('/melden/volgen').type('form').send({ _csrf: csrf, code });
  expect(follow.status).toBe(200);
  setCookies.push(...cookies(follow));
  expect(await sessionRows()).toBe(0);
  expect(setCookies.filter((c) => c.startsWith('jt.sid='))).toEqual([]);
});

test('the anonymous CSRF cookie is HttpOnly and SameSite=Lax, and its token is bound to it', async () => {
  const a = request.agent(app);
  const page = await a.get('/inloggen');
  const raw = cookies(page).find((c) => c.startsWith('jt.csrf='))!;
  expect(raw).toMatch(/HttpOnly/i);
  expect(raw).toMatch(/SameSite=Lax/i);
  expect(raw).toMatch(/Path=\//);
  // A visitor keeps one cookie, so two tabs share one token.
  const again = await a.get('/melden');
  expect(cookies(again).find((c) => c.startsWith('jt.csrf='))).toBeUndefined();
  expect(csrfFrom(again.text)).toBe(csrfFrom(page.text));
});

test('every anonymous form POST without a token, with a wrong one, or with the token of another visitor is refused', async () => {
  await resetRateLimits(ctx.services);
  const posts = (app.locals.routeTable as RouteDef[]).filter((r) => r.method === 'post' && r.access === 'public');
  expect(posts.map((r) => r.path)).toEqual(expect.arrayContaining(['/inloggen', '/melden', '/melden/volgen']));
  const other = request.agent(app);
  const othersToken = csrfFrom((await other.get('/inloggen')).text);
  for (const r of posts) {
    const path = r.path.replace(/:[A-Za-z]+/g, UNKNOWN_ID);
    const agent = request.agent(app);
    const own = csrfFrom((await agent.get('/inloggen')).text);
    const missing = await agent.post(path).type('form').send({});
    const wrong = await agent
      .post(path)
      .type('form')
      .send({ _csrf: 'x'.repeat(43) });
    const foreign = await agent.post(path).type('form').send({ _csrf: othersToken });
    const withoutCookie = await request(app).post(path).type('form').send({ _csrf: own });
    expect([r.path, missing.status, wrong.status, foreign.status, withoutCookie.status]).toEqual([r.path, 403, 403, 403, 403]);
    expect(missing.text).toContain('Het formulier is verlopen');
  }
});

test('logged in, forms need the session token: none, a wrong one or the old anonymous one is refused', async () => {
  const user = await makeUser(ctx.services, ['manager']);
  const agent = request.agent(app);
  const anonymousToken = csrfFrom((await agent.get('/inloggen')).text);
  expect(
    (await agent.post('/inloggen').type('form').send({ email: user.email, password: 'correct horse battery', _csrf: anonymousToken }))
      .status,
  ).toBe(303);
  for (const body of [{}, { _csrf: 'x'.repeat(43) }, { _csrf: anonymousToken }]) {
    expect((await agent.post('/uitloggen').type('form').send(body)).status).toBe(403);
  }
  const token = csrfFrom((await agent.get('/').expect(200)).text);
  expect((await agent.post('/uitloggen').type('form').send({ _csrf: token })).status).toBe(303);
});

test('a login makes one session row, for a working day', async () => {
  const before = await sessionRows();
  const user = await makeUser(ctx.services, ['meldpunt']);
  await loginAs(app, user.email);
  expect(await sessionRows()).toBe(before + 1);
  const row = await sql<{
    hours: number;
  }>`select extract(epoch from (expire - localtimestamp)) / 3600 as hours from sessions order by expire desc limit 1`.execute(
    ctx.services.db,
  );
  expect(Number(row.rows[0]!.hours)).toBeGreaterThan(7.9);
  expect(Number(row.rows[0]!.hours)).toBeLessThan(8.01);
});

test("the worker's sweep removes expired sessions and keeps live ones", async () => {
  await sql`delete from sessions`.execute(ctx.services.db);
  await sql`insert into sessions (sid, sess, expire) values
    ('verlopen-1', '{"cookie":{}}', localtimestamp - interval '1 minute'),
    ('verlopen-2', '{"cookie":{}}', localtimestamp - interval '3 days'),
    ('levend', '{"cookie":{}}', localtimestamp + interval '1 hour')`.execute(ctx.services.db);
  const workers = await startWorkers(ctx.services);
  try {
    await ctx.services.queues.maintenance.add('sweep', {});
    const left = await until(
      async () => (await sql<{ sid: string }>`select sid from sessions`.execute(ctx.services.db)).rows.map((r) => r.sid),
      (sids) => sids.length === 1,
      20_000,
    );
    expect(left).toEqual(['levend']);
  } finally {
    await workers.close();
  }
});
