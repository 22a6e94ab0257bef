import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { ROLES, type Role } from '../../src/auth/roles';
import type { RouteDef } from '../../src/web/routeTable';
import { testServices, type TestContext } from '../support/testServices';
import { csrfFrom, loginAs, makeUser } from '../support/web';

// Walks every route of the one route table with no login, with each role, and with an API token,
// and proves each refusal: 302 to /inloggen without login, 403 with the wrong role, 401 JSON without a token.

let ctx: TestContext;
let app: Express;
let routes: RouteDef[];
const sessions: Partial<Record<Role, { agent: ReturnType<typeof request.agent>; csrf: string }>> = {};
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, UNKNOWN_ID);
const logoutLast = (a: RouteDef, b: RouteDef) => Number(a.path === '/uitloggen') - Number(b.path === '/uitloggen');

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  routes = app.locals.routeTable as RouteDef[];
  for (const role of ROLES) {
    const user = await makeUser(ctx.services, [role]);
    sessions[role] = await loginAs(app, user.email);
  }
});
afterAll(() => ctx.cleanup());

test('every route in Express comes from the route table, and each declares who may use it', () => {
  const table = new Set(routes.map((r) => `${r.method} ${r.path}`));
  const stack = (app as unknown as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }).router
    .stack;
  const mounted = stack.filter((l) => l.route).flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m} ${l.route!.path}`));
  expect(mounted.length).toBeGreaterThan(20);
  for (const m of mounted) expect(table).toContain(m);
  for (const r of routes)
    expect(r.access === 'public' || r.access === 'api' || (Array.isArray(r.access) && r.access.length > 0)).toBe(true);
});

test('without login: protected pages redirect to /inloggen, API routes answer 401 JSON', async () => {
  const anonymous = request.agent(app);
  const csrf = csrfFrom((await anonymous.get('/inloggen')).text);
  for (const r of routes) {
    const req = anonymous[r.method](concrete(r.path));
    const res = r.method === 'post' ? await req.type('form').send({ _csrf: csrf }) : await req;
    const label = `${r.method.toUpperCase()} ${r.path}`;
    if (r.access === 'public') {
      expect([label, res.status < 500 && res.status !== 403]).toEqual([label, true]);
    } else if (r.access === 'api') {
      expect([label, res.status, res.type]).toEqual([label, 401, 'application/json']);
    } else {
      expect([label, res.status, res.headers.location?.startsWith('/inloggen')]).toEqual([label, 302, true]);
    }
  }
});

test.each(ROLES)('as %s: allowed routes open, all others answer 403', async (role) => {
  const { agent, csrf } = sessions[role]!;
  for (const r of [...routes].sort(logoutLast)) {
    const label = `${role} ${r.method.toUpperCase()} ${r.path}`;
    const req = agent[r.method](concrete(r.path));
    const res = r.method === 'post' ? await req.type('form').send({ _csrf: csrf }) : await req;
    if (r.access === 'api') {
      // A browser session is no API credential.
      expect([label, res.status]).toEqual([label, 401]);
    } else if (r.access === 'public' || r.access.includes(role)) {
      const refused = res.status === 403 || (res.status === 302 && res.headers.location?.startsWith('/inloggen'));
      expect([label, refused, res.status < 500]).toEqual([label, false, true]);
    } else {
      expect([label, res.status]).toEqual([label, 403]);
    }
  }
});

test('API routes accept a valid Bearer token and refuse a wrong one', async () => {
  const { token } = await ctx.services.apiTokens.create({ userId: null, label: 'test', requestId: null }, 'route-test');
  for (const r of routes.filter((x) => x.access === 'api')) {
    const ok = await request(app)[r.method](concrete(r.path)).set('Authorization', `Bearer ${token}`).send({});
    expect([r.path, ok.status === 401 || ok.status === 403, ok.status < 500]).toEqual([r.path, false, true]);
    const wrong = await request(app)[r.method](concrete(r.path)).set('Authorization', 'Bearer jt_wrong');
    expect([r.path, wrong.status, wrong.body.error]).toEqual([r.path, 401, 'unauthorized']);
  }
});
