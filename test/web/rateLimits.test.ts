import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { services as buildServices } from '../../src/composition';
import { systemActor } from '../../src/audit/types';
import { testServices, type TestContext } from '../support/testServices';
import { csrfFrom } from '../support/web';
import { redisReady, resetRateLimits } from '../support/rateLimits';
import { startRedis } from '../support/redisServer';

// Rate limits count per client address, in Redis. The address is the TCP peer unless TRUST_PROXY says a proxy in
// front may name it: a made-up X-Forwarded-For must not give an attacker a fresh count per request.

let ctx: TestContext;

beforeAll(async () => {
  ctx = await testServices({ env: { REPORT_RATE_LIMIT: '2' } });
});
beforeEach(() => resetRateLimits(ctx.services));
afterAll(() => ctx.cleanup());

let n = 0;
const madeUp = () => `203.0.113.${(n++ % 250) + 1}`;

async function login(app: Express, forwardedFor?: string) {
  const agent = request.agent(app);
  const page = await agent.get('/inloggen');
  const post = agent.post('/inloggen').type('form');
  if (forwardedFor) post.set('X-Forwarded-For', forwardedFor);
  return post.send({ email: 'niemand@igj.test', password: 'geen wachtwoord', _csrf: csrfFrom(page.text) });
}

const report = {
  step: 'controle',
  reporterType: 'jeugdige',
  placeText: 'Groep Zon, Ede',
  description: 'Er wordt geschreeuwd.',
  safeNow: 'ja',
  reach: 'anoniem',
  action: 'verstuur',
};

test('a rotating X-Forwarded-For does not escape the login limit', async () => {
  const app = createApp(ctx.services, { loginRateLimit: 3 });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await login(app, madeUp())).status);
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
});

test('a rotating X-Forwarded-For does not escape the report limit', async () => {
  const app = createApp(ctx.services);
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden')).text);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++)
    statuses.push(
      (
        await agent
          .post('/melden')
          .set('X-Forwarded-For', madeUp())
          .type('form')
          .send({ _csrf: csrf, ...report })
      ).status,
    );
  expect(statuses).toEqual([200, 200, 429, 429]);
});

test('a rotating X-Forwarded-For does not escape the receipt-code limit', async () => {
  const app = createApp(ctx.services);
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden/volgen')).text);
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++)
    statuses.push(
      (
        await agent
          .post('/melden/volgen')
          .set('X-Forwarded-For', madeUp())
          .type('form')
          .send({ _csrf: csrf, code: `FOUT-${i}` })
      ).status,
    );
  expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
  expect(statuses.slice(10)).toEqual([429, 429]);
});

test('two web processes (two services objects, one Redis prefix) share one count', async () => {
  const second = buildServices(ctx.config);
  try {
    const one = createApp(ctx.services, { loginRateLimit: 3 });
    const two = createApp(second, { loginRateLimit: 3 });
    const statuses = [(await login(one)).status, (await login(two)).status, (await login(one)).status, (await login(two)).status];
    expect(statuses).toEqual([401, 401, 401, 429]);
  } finally {
    await second.close();
  }
});

test('with TRUST_PROXY=1 the address the one proxy in front adds is the one counted', async () => {
  const behindProxy = buildServices({ ...ctx.config, trustProxy: loadConfig({ TRUST_PROXY: '1' }).trustProxy });
  try {
    const app = createApp(behindProxy, { loginRateLimit: 2 });
    expect((await login(app, '198.51.100.7')).status).toBe(401);
    // The client's own X-Forwarded-For entry comes first; the proxy appends the address it saw, which alone counts.
    expect((await login(app, '10.9.9.9, 198.51.100.7')).status).toBe(401);
    expect((await login(app, '10.8.8.8, 198.51.100.7')).status).toBe(429);
    expect((await login(app, '198.51.100.8')).status).toBe(401);
  } finally {
    await behindProxy.close();
  }
});

test('TRUST_PROXY takes what Express takes, and refuses anything else at start', () => {
  const trust = (v?: string) => loadConfig({ TRUST_PROXY: v }).trustProxy;
  expect(trust(undefined)).toBe(false);
  expect(trust('false')).toBe(false);
  expect(trust('1')).toBe(1);
  expect(trust('true')).toBe(true);
  expect(trust('loopback')).toEqual(['loopback']);
  expect(trust('10.0.0.1, 192.168.0.0/16,fd00::/8')).toEqual(['10.0.0.1', '192.168.0.0/16', 'fd00::/8']);
  expect(() => trust('proxy.example')).toThrow(/TRUST_PROXY/);
  expect(() => trust('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
});

test('with Redis away the limits let requests through, and a young person can still send a report', async () => {
  const offline = await testServices({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  try {
    const app = createApp(offline.services, { loginRateLimit: 1 });
    const agent = request.agent(app);
    const csrf = csrfFrom((await agent.get('/melden')).text);
    const sent = await agent
      .post('/melden')
      .type('form')
      .send({ _csrf: csrf, ...report });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Bedankt voor je melding');
    expect((await login(app)).status).toBe(401);
    expect((await login(app)).status).toBe(401);
    const { receiptCode } = await offline.services.signals.register(
      systemActor('t'),
      { channel: 'formulier', reporterType: 'jeugdige', summary: 'x', description: 'x', anonymous: true },
      { receipt: true },
    );
    const follow = await agent.post('/melden/volgen').type('form').send({ _csrf: csrf, code: receiptCode });
    expect(follow.status).toBe(200);
  } finally {
    await offline.cleanup();
  }
}, 30_000);

test('when Redis comes back, the limits count again', async () => {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const later = await testServices({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  try {
    const app = createApp(later.services, { loginRateLimit: 2 });
    for (let i = 0; i < 3; i++) expect((await login(app)).status).toBe(401);
    redis = await startRedis(port);
    await redisReady(later.services);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(app)).status);
    expect(statuses).toEqual([401, 401, 429]);
  } finally {
    await later.cleanup();
    await redis?.stop();
  }
}, 30_000);
