import request from 'supertest';
import { sql } from 'kysely';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { PASSWORD, csrfFrom, loginAs, makeUser } from '../support/web';
import { resetRateLimits } from '../support/rateLimits';

const clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
});
afterAll(() => ctx.cleanup());

const sessionCookie = (res: request.Response) =>
  (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('jt.sid='))?.split(';')[0];

async function attempt(agent: ReturnType<typeof request.agent>, email: string, password: string) {
  const page = await agent.get('/inloggen');
  return agent
    .post('/inloggen')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
}

test('a user logs in with e-mail and password, gets a session only then, and sees name and role', async () => {
  const user = await makeUser(ctx.services, ['inspecteur', 'manager'], 'anna@igj.test');
  const agent = request.agent(app);
  const page = await agent.get('/inloggen');
  // No session for an anonymous page view (the CSRF token comes from a cookie): nothing to fix in advance.
  expect(sessionCookie(page)).toBeUndefined();
  const res = await agent
    .post('/inloggen')
    .type('form')
    .send({ email: 'ANNA@igj.test', password: PASSWORD, _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/');
  expect(sessionCookie(res)).toBeDefined();
  const home = await agent.get('/');
  expect(home.text).toContain(user.name);
  expect(home.text).toContain('Inspecteur, Manager');
  const [entry] = await ctx.services.audit.find({ objectType: 'user', objectId: user.id, limit: 1 });
  expect(entry).toMatchObject({ action: 'login', actorId: user.id });
});

test('a login renews the session id: a session someone had before (say, a fixed one) is worthless after it', async () => {
  const olga = await makeUser(ctx.services, ['meldpunt'], 'olga@igj.test');
  const piet = await makeUser(ctx.services, ['manager'], 'piet@igj.test');
  const sidsOf = async (userId: string) =>
    (
      await sql<{ sid: string }>`select sid from sessions where sess -> 'passport' ->> 'user' = ${userId}`.execute(ctx.services.db)
    ).rows.map((r) => r.sid);
  const { agent } = await loginAs(app, piet.email);
  const [before] = await sidsOf(piet.id);
  expect(before).toBeDefined();
  const home = await agent.get('/');
  const res = await agent
    .post('/inloggen')
    .type('form')
    .send({ email: olga.email, password: PASSWORD, _csrf: csrfFrom(home.text) });
  expect(res.status).toBe(303);
  // The signed cookie is s:<sid>.<signature>.
  const after = decodeURIComponent(sessionCookie(res)!.split('=')[1]!).slice(2).split('.')[0];
  expect(after).not.toBe(before);
  expect(await sidsOf(piet.id)).toEqual([]);
  expect(await sidsOf(olga.id)).toEqual([after]);
});

test('session cookie is httpOnly and SameSite', async () => {
  await makeUser(ctx.services, ['meldpunt'], 'quinten@igj.test');
  const res = await attempt(request.agent(app), 'quinten@igj.test', PASSWORD);
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

test('an address no account can have (a NUL byte, a huge value) gets the ordinary message, not an error', async () => {
  for (const email of ['bram\u0000@igj.test', `${'a'.repeat(100_000)}@igj.test`]) {
    const res = await attempt(request.agent(app), email, 'wrong password!');
    expect(res.status).toBe(401);
    expect(res.text).toContain('Het e-mailadres of het wachtwoord klopt niet.');
  }
});

// Before: five failures locked the account for 15 minutes with a message of its own, so anyone could lock anyone
// out and learn which addresses exist. Now the account waits 30 s (growing per further failure), with the same
// message as a wrong password.
test('five failed attempts make the account wait 30 seconds, even for the right password, without saying so', async () => {
  await makeUser(ctx.services, ['meldpunt'], 'carla@igj.test');
  const agent = request.agent(app);
  for (let i = 0; i < 5; i++) expect((await attempt(agent, 'carla@igj.test', 'fout fout fout')).status).toBe(401);
  const right = await attempt(agent, 'carla@igj.test', PASSWORD);
  expect(right.status).toBe(401);
  expect(right.text).toContain('Het e-mailadres of het wachtwoord klopt niet.');
  expect(right.text).not.toContain('geblokkeerd');
  clock.advance(29_000);
  expect((await attempt(agent, 'carla@igj.test', PASSWORD)).status).toBe(401);
  clock.advance(1_000);
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
  const res = await agent
    .post('/inloggen')
    .type('form')
    .send({ email: 'fien@igj.test', password: PASSWORD, terug: '/aanbieders?q=x', _csrf: csrfFrom(page.text) });
  expect(res.headers.location).toBe('/aanbieders?q=x');
  const agent2 = request.agent(app);
  const page2 = await agent2.get('/inloggen');
  const evil = await agent2
    .post('/inloggen')
    .type('form')
    .send({ email: 'fien@igj.test', password: PASSWORD, terug: '//evil.example/', _csrf: csrfFrom(page2.text) });
  expect(evil.headers.location).toBe('/');
});

test('the login route is rate limited per address', async () => {
  // The counters live in Redis and outlast an app; the logins above counted too.
  await resetRateLimits(ctx.services);
  const limited = createApp(ctx.services, { loginRateLimit: 3 });
  const agent = request.agent(limited);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await attempt(agent, 'niemand@igj.test', 'x')).status);
  expect(statuses).toEqual([401, 401, 401, 429]);
});

test('successful logins do not count towards the address limit: a team behind one address is no attack', async () => {
  await resetRateLimits(ctx.services);
  const limited = createApp(ctx.services, { loginRateLimit: 3 });
  await makeUser(ctx.services, ['meldpunt'], 'team@igj.test');
  for (let i = 0; i < 6; i++) expect((await attempt(request.agent(limited), 'team@igj.test', PASSWORD)).status).toBe(303);
  expect((await attempt(request.agent(limited), 'niemand@igj.test', 'x')).status).toBe(401);
});

test('passwords are stored as argon2id hashes', async () => {
  const row = await ctx.services.db
    .selectFrom('users')
    .select('password_hash')
    .where('email', '=', 'anna@igj.test')
    .executeTakeFirstOrThrow();
  expect(row.password_hash).toMatch(/^\$argon2id\$/);
});
