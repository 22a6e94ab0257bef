import request from 'supertest';
import type { Express } from 'express';
import express from 'express';
import { createApp } from '../../src/app';
import { setUpViews } from '../../src/web/views';
import { requestId } from '../../src/web/middleware/requestId';
import { errorHandler } from '../../src/web/errorHandler';
import { createLogger } from '../../src/logger';
import { systemActor } from '../../src/audit/types';
import type { RouteDef } from '../../src/web/routeTable';
import { testServices, type TestContext } from '../support/testServices';
import { PASSWORD, csrfFrom, loginAs, makeUser } from '../support/web';

let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
});
afterAll(() => ctx.cleanup());

test('pages carry a strict CSP with a nonce and no inline scripts', async () => {
  const res = await request(app).get('/inloggen');
  const csp = res.headers['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
  expect(res.text).not.toMatch(/\son[a-z]+="/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-powered-by']).toBeUndefined();
});

test('every form POST without a valid CSRF token is refused', async () => {
  const admin = await makeUser(ctx.services, ['beheerder', 'inspecteur', 'meldpunt', 'manager']);
  const { agent } = await loginAs(app, admin.email);
  const posts = (app.locals.routeTable as RouteDef[]).filter((r) => r.method === 'post' && r.access !== 'api');
  expect(posts.length).toBeGreaterThan(10);
  for (const r of posts) {
    const path = r.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
    const missing = await agent.post(path).type('form').send({});
    const wrong = await agent
      .post(path)
      .type('form')
      .send({ _csrf: 'x'.repeat(43) });
    expect([r.path, missing.status, wrong.status]).toEqual([r.path, 403, 403]);
    expect(missing.text).toContain('Het formulier is verlopen');
  }
});

test('user input is escaped in pages', async () => {
  const admin = await makeUser(ctx.services, ['inspecteur']);
  const p = await ctx.services.providers.create(systemActor('test'), { name: '<script>alert(1)</script> Zorg', locations: [] });
  const { agent } = await loginAs(app, admin.email);
  const page = await agent.get(`/aanbieders/${p.id}`);
  expect(page.text).not.toContain('<script>alert(1)</script>');
  expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Zorg');
});

test('in production: request id on every response, secure cookie, and no stack trace in an error page', async () => {
  // TLS ends at a proxy on this machine, which TRUST_PROXY names; without it X-Forwarded-Proto would be ignored.
  const prod = await testServices({ env: { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), TRUST_PROXY: 'loopback' } });
  try {
    const prodApp = createApp(prod.services);
    const res = await request(prodApp).get('/bestaat-niet');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Deze pagina bestaat niet');
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,}$/);
    // The anonymous CSRF cookie and, after login, the session cookie are Secure.
    const page = await request(prodApp).get('/inloggen').set('X-Forwarded-Proto', 'https');
    const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('jt.csrf='))!;
    expect(csrfCookie).toMatch(/Secure/);
    const user = await makeUser(prod.services, ['manager']);
    const login = await request(prodApp)
      .post('/inloggen')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', csrfCookie.split(';')[0]!)
      .type('form')
      .send({ email: user.email, password: PASSWORD, _csrf: csrfFrom(page.text) });
    expect(login.status).toBe(303);
    expect((login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('jt.sid='))).toMatch(/Secure/);
  } finally {
    await prod.cleanup();
  }
  const mini = express();
  setUpViews(mini);
  mini.use(requestId);
  mini.get('/stuk', () => {
    throw new Error('geheime details van de fout');
  });
  mini.use(errorHandler(createLogger('silent', 'production')));
  const broken = await request(mini).get('/stuk');
  expect(broken.status).toBe(500);
  expect(broken.text).toContain(broken.headers['x-request-id']);
  expect(broken.text).not.toContain('geheime details');
  expect(broken.text).not.toMatch(/at \w+ \(|node_modules/);
});

test('an unknown API path answers JSON, not HTML', async () => {
  const res = await request(app).get('/api/v1/bestaat-niet');
  expect(res.status).toBe(404);
  expect(res.type).toBe('application/json');
});
