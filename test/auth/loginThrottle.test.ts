import request from 'supertest';
import type { Express } from 'express';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import type { LoginResult } from '../../src/users/userService';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { PASSWORD, csrfFrom, makeUser } from '../support/web';

// Per account and client address: every attempt is counted before its password is checked (one atomic statement),
// five failures in a row are free, then that address waits 30 s, doubling per failure up to 15 minutes; over all
// addresses the account waits only after 25. Nothing tells an unknown address from a known one.

const clock = fixedClock(new Date('2026-11-23T09:00:00Z'));
let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 10_000 });
});
afterAll(() => ctx.cleanup());

const WRONG = 'fout-wachtwoord-7Qx';
const reasons = (results: LoginResult[]) => results.map((r) => (r.ok ? 'ok' : r.reason));
const count = (list: string[], value: string) => list.filter((v) => v === value).length;

test('50 parallel guesses on one account: 5 passwords are checked, and the right password late in the burst does not log in', async () => {
  const user = await makeUser(ctx.services, ['meldpunt'], 'burst@igj.test');
  // The right password comes last: by the time it is counted, the five free attempts are long gone.
  const guesses = [...Array<string>(45).fill(WRONG), ...Array<string>(5).fill(PASSWORD)];
  const results = reasons(await Promise.all(guesses.map((p) => ctx.services.users.login('burst@igj.test', p, { ip: '192.0.2.1' }))));
  expect(count(results, 'ok')).toBe(0);
  // 'invalid' = a password was checked and was wrong; 'throttled' = refused without checking.
  expect(count(results, 'invalid')).toBe(5);
  expect(count(results, 'throttled')).toBe(45);
  expect(reasons([await ctx.services.users.login('burst@igj.test', PASSWORD, { ip: '192.0.2.1' })])).toEqual(['throttled']);

  const entries = await ctx.services.audit.find({ objectType: 'user', objectId: user.id, limit: 500 });
  const failed = entries.filter((e) => e.action === 'login-failed').map((e) => (e.changes as { reason: string }).reason);
  expect(count(failed, 'wrong-password')).toBe(5);
  expect(count(failed, 'throttled')).toBe(46);
  const throttled = entries.filter((e) => e.action === 'login-throttled');
  expect(throttled).toHaveLength(1);
  expect(throttled[0]!.changes).toEqual({ failures: 5, until: '2026-11-23T09:00:30.000Z' });
  expect(throttled[0]!.actorLabel).toBe('inlogpoging vanaf 192.0.2.1');
});

test('the wait starts at 30 s, doubles per further failure, stops at 15 minutes, and a success starts over', async () => {
  await makeUser(ctx.services, ['manager'], 'delay@igj.test');
  const login = async (password: string) => reasons([await ctx.services.users.login('delay@igj.test', password)])[0];
  for (let i = 0; i < 5; i++) expect(await login(WRONG)).toBe('invalid');
  expect(await login(PASSWORD)).toBe('throttled');
  clock.advance(29_000);
  expect(await login(PASSWORD)).toBe('throttled');
  clock.advance(1_000);
  expect(await login(WRONG)).toBe('invalid'); // sixth failure: 60 s
  clock.advance(59_000);
  expect(await login(PASSWORD)).toBe('throttled');
  clock.advance(1_000);
  expect(await login(WRONG)).toBe('invalid'); // seventh: 120 s
  clock.advance(120_000);
  expect(await login(PASSWORD)).toBe('ok');

  for (let i = 0; i < 5; i++) expect(await login(WRONG)).toBe('invalid');
  for (let i = 0; i < 8; i++) {
    clock.advance(15 * 60_000);
    expect(await login(WRONG)).toBe('invalid');
  }
  // 30 s · 2^8 would be over two hours; the wait stops at 15 minutes.
  clock.advance(15 * 60_000 - 1000);
  expect(await login(PASSWORD)).toBe('throttled');
  clock.advance(1000);
  expect(await login(PASSWORD)).toBe('ok');
});

test('an unknown address, a waiting account and a wrong password get the same page', async () => {
  await makeUser(ctx.services, ['inspecteur'], 'wacht@igj.test');
  await makeUser(ctx.services, ['inspecteur'], 'gewoon@igj.test');
  // From the address the pages are requested from, so it is this visitor who waits.
  for (let i = 0; i < 5; i++) await ctx.services.users.login('wacht@igj.test', WRONG, { ip: '127.0.0.1' });
  const page = async (email: string, password: string) => {
    const agent = request.agent(app);
    const form = await agent.get('/inloggen');
    const res = await agent
      .post('/inloggen')
      .type('form')
      .send({ email, password, _csrf: csrfFrom(form.text) });
    // Only what the visitor typed and the per-response tokens may differ.
    return {
      status: res.status,
      text: res.text
        .replaceAll(email, 'E')
        .replace(/value="[A-Za-z0-9_-]{43}"/g, '')
        .replace(/nonce="[^"]*"/g, ''),
    };
  };
  const unknown = await page('niemand@igj.test', WRONG);
  const waiting = await page('wacht@igj.test', PASSWORD);
  const wrong = await page('gewoon@igj.test', WRONG);
  expect(unknown.status).toBe(401);
  expect(unknown.text).toContain('Het e-mailadres of het wachtwoord klopt niet.');
  expect(waiting).toEqual(unknown);
  expect(wrong).toEqual(unknown);
});

test('an unknown address and a waiting account take about as long as a checked password', async () => {
  await makeUser(ctx.services, ['inspecteur'], 'tijd-wacht@igj.test');
  for (let i = 0; i < 5; i++) await ctx.services.users.login('tijd-wacht@igj.test', WRONG);
  const median = async (email: () => string) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      await ctx.services.users.login(email(), WRONG);
      times.push(Number(process.hrtime.bigint() - start));
    }
    return times.sort((a, b) => a - b)[2]!;
  };
  let fresh = 0;
  const users = await Promise.all([0, 1, 2, 3, 4].map((i) => makeUser(ctx.services, ['inspecteur'], `tijd-${i}@igj.test`)));
  const checked = await median(() => users[fresh++]!.email);
  const unknown = await median(() => 'tijd-onbekend@igj.test');
  const waiting = await median(() => 'tijd-wacht@igj.test');
  // Each does one argon2 verification; without it a refusal would be ten times faster.
  expect(unknown / checked).toBeGreaterThan(0.5);
  expect(waiting / checked).toBeGreaterThan(0.5);
});

test('failed logins are audited with a reason, never with what was typed as password', async () => {
  const secret = 'Zomer2026!geheim-getypt';
  await ctx.services.users.login('onbekend-iemand@igj.test', secret, { ip: '192.0.2.9', requestId: 'req-1' });
  const [entry] = await ctx.services.audit.find({ objectType: 'login', objectId: 'onbekend-account', limit: 1 });
  expect(entry).toMatchObject({
    action: 'login-failed',
    actorLabel: 'inlogpoging vanaf 192.0.2.9',
    requestId: 'req-1',
    changes: { reason: 'unknown-account' },
  });
  const leaks = await sql<{
    n: number;
  }>`select count(*)::int as n from audit_log where changes::text like ${`%${secret}%`} or actor_label like ${`%${secret}%`} or object_id like '%onbekend-iemand%'`.execute(
    ctx.services.db,
  );
  expect(leaks.rows[0]!.n).toBe(0);
});

// Found by an attack: with one count per account, five wrong passwords from anywhere made the owner wait too, and one
// request every 15 minutes kept it so. Now an address slows down only itself.
test('one address guessing cannot make the owner wait; guessing from many addresses still makes the account wait', async () => {
  const owner = await makeUser(ctx.services, ['meldpunt'], 'eigenaar@igj.test');
  for (let i = 0; i < 12; i++) await ctx.services.users.login('eigenaar@igj.test', WRONG, { ip: '198.51.100.7' });
  expect(reasons([await ctx.services.users.login('eigenaar@igj.test', PASSWORD, { ip: '198.51.100.7' })])).toEqual(['throttled']);
  expect(reasons([await ctx.services.users.login('eigenaar@igj.test', PASSWORD, { ip: '203.0.113.20' })])).toEqual(['ok']);
  // The attacker's own wait is not lifted by the owner's login.
  expect(reasons([await ctx.services.users.login('eigenaar@igj.test', WRONG, { ip: '198.51.100.7' })])).toEqual(['throttled']);

  // An IPv6 client holds a whole /64: its addresses count as one.
  const six = await makeUser(ctx.services, ['meldpunt'], 'zes@igj.test');
  for (let i = 0; i < 5; i++) await ctx.services.users.login(six.email, WRONG, { ip: `2001:db8:1:2::${i + 1}` });
  expect(reasons([await ctx.services.users.login(six.email, PASSWORD, { ip: '2001:db8:1:2::99' })])).toEqual(['throttled']);

  // 30 guesses from ten addresses (three each, under the per-address limit): the account as a whole waits.
  const spread = await makeUser(ctx.services, ['meldpunt'], 'verspreid@igj.test');
  for (let i = 0; i < 30; i++) await ctx.services.users.login(spread.email, WRONG, { ip: `192.0.2.${100 + (i % 10)}` });
  expect(reasons([await ctx.services.users.login(spread.email, PASSWORD, { ip: '203.0.113.20' })])).toEqual(['throttled']);
  // A beheerder's password reset ends every wait.
  await ctx.services.users.resetPassword({ userId: null, label: 'beheer', requestId: null }, spread.id, 'een nieuw lang wachtwoord');
  expect(reasons([await ctx.services.users.login(spread.email, 'een nieuw lang wachtwoord', { ip: '203.0.113.20' })])).toEqual(['ok']);
  expect(owner.id).toBeDefined();
});
