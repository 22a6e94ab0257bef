import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { PASSWORD, csrfFrom, loginAs, makeUser } from '../support/web';

const clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
});
afterAll(() => ctx.cleanup());

const sessionCookie = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('jt.sid='))?.split(';')[0];

async function attempt(agent: ReturnType<typeof request.agent>, email: string, password: string) {
  const page = await agent.get('/inloggen');
  return agent.post('/inloggen').type('form').send({ email, password, _csrf: csrfFrom(page.text) });
}

test('a user logs in with e-mail and password, gets a new session id, and sees name and role', async () => {
  const user = await makeUser(ctx.services, ['inspecteur', 'manager'], 'anna@igj.test');
  const agent = request.agent(app);
  const page = await agent.get('/inloggen');
  const before = sessionCookie(page);
  const res = await agent.post('/inloggen').type('form').send({ email: 'ANNA@igj.test', password: PASSWORD, _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/');
  const after = sessionCookie(res);
  expect(before).toBeDefined();
  expect(after).toBeDefined();
  expect(after).not.toBe(before);
  const home = await agent.get('/');
  expect(home.text).toContain(user.name);
  expect(home.text).toContain('Inspecteur, Manager');
  const [entry] = await ctx.services.audit.find({ objectType: 'user', objectId: user.id, limit: 1 });
  expect(entry).toMatchObject({ action: 'login', actorId: user.id });
});

test('session cookie is httpOnly and SameSite', async () => {
  const res = await request(app).get('/inloggen');
  const raw = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('jt.sid='))!;
  expect(raw).toMatch(/HttpOnly/i);
  expect(raw).toMatch(/SameSite=Lax/i);
});

test('a wrong password shows a Dutch message and keeps the e-mail typed', async () => {
  await makeUser(ctx.services, ['meldpunt'], 'bram@igj.test');
  const res = await attempt(request.agent(app), 'bram@igj.test', 'wrong password!');
  expect(res.status).toBe(401);
  expect(res.text).toContain('Het e-mailadres of het wachtwoord klopt niet.');
  expect(res.text).toContain('value="bram@igj.test"');
});

test('five failed attempts lock the account for 15 minutes, even for the right password', async () => {
  await makeUser(ctx.services, ['meldpunt'], 'carla@igj.test');
  const agent = request.agent(app);
  for (let i = 0; i < 4; i++) expect((await attempt(agent, 'carla@igj.test', 'fout fout fout')).status).toBe(401);
  const fifth = await attempt(agent, 'carla@igj.test', 'fout fout fout');
  expect(fifth.text).toContain('tijdelijk geblokkeerd');
  const right = await attempt(agent, 'carla@igj.test', PASSWORD);
  expect(right.status).toBe(401);
  expect(right.text).toContain('tijdelijk geblokkeerd');
  clock.advance(14 * 60_000);
  expect((await attempt(agent, 'carla@igj.test', PASSWORD)).status).toBe(401);
  clock.advance(61_000);
  expect((await attempt(agent, 'carla@igj.test', PASSWORD)).status).toBe(303);
});

test('a deactivated user cannot log in and loses an open session', async () => {
  const user = await makeUser(ctx.services, ['meldpunt'], 'dirk@igj.test');
  const { agent } = await loginAs(app, user.email);
  expect((await agent.get('/')).status).toBe(200);
  await ctx.services.users.setActive(systemActor('test'), user.id, false);
  const after = await agent.get('/');
  expect(after.status).toBe(302);
  expect(after.headers.location).toMatch(/^\/inloggen/);
  const res = await attempt(request.agent(app), user.email, PASSWORD);
  expect(res.status).toBe(401);
  expect(res.text).toContain('niet actief');
});

test('logout ends the session', async () => {
  const user = await makeUser(ctx.services, ['manager'], 'eva@igj.test');
  const { agent, csrf } = await loginAs(app, user.email);
  const res = await agent.post('/uitloggen').type('form').send({ _csrf: csrf });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/inloggen');
  expect((await agent.get('/')).status).toBe(302);
});

test('after login the user returns to the page they asked for, but never to another site', async () => {
  await makeUser(ctx.services, ['manager'], 'fien@igj.test');
  const agent = request.agent(app);
  const first = await agent.get('/aanbieders?q=x');
  expect(first.headers.location).toBe('/inloggen?terug=%2Faanbieders%3Fq%3Dx');
  const page = await agent.get(first.headers.location!);
  const res = await agent.post('/inloggen').type('form').send({ email: 'fien@igj.test', password: PASSWORD, terug: '/aanbieders?q=x', _csrf: csrfFrom(page.text) });
  expect(res.headers.location).toBe('/aanbieders?q=x');
  const agent2 = request.agent(app);
  const page2 = await agent2.get('/inloggen');
  const evil = await agent2.post('/inloggen').type('form').send({ email: 'fien@igj.test', password: PASSWORD, terug: '//evil.example/', _csrf: csrfFrom(page2.text) });
  expect(evil.headers.location).toBe('/');
});

test('the login route is rate limited per address', async () => {
  const limited = createApp(ctx.services, { loginRateLimit: 3 });
  const agent = request.agent(limited);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await attempt(agent, 'niemand@igj.test', 'x')).status);
  expect(statuses).toEqual([401, 401, 401, 429]);
});

test('passwords are stored as argon2id hashes', async () => {
  const row = await ctx.services.db.selectFrom('users').select('password_hash').where('email', '=', 'anna@igj.test').executeTakeFirstOrThrow();
  expect(row.password_hash).toMatch(/^\$argon2id\$/);
});
