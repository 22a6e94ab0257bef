import type { Express } from 'express';
import { createApp } from '../../src/app';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 7, point 11: a password reset ends every session of that user (whoever knew the old password is out).
// There is no page to change one's own password; the beheerder's reset is the only way a password changes.

let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
});
afterAll(() => ctx.cleanup());

test('after a reset of their password, every logged-in agent of that user is sent to /inloggen; others stay logged in', async () => {
  const admin = await loginAs(app, (await makeUser(ctx.services, ['beheerder'])).email);
  const user = await makeUser(ctx.services, ['meldpunt'], 'mila@igj.test');
  const laptop = await loginAs(app, user.email);
  const phone = await loginAs(app, user.email);
  const colleague = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  expect((await laptop.agent.get('/werkvoorraad')).status).toBe(200);

  await admin.agent
    .post(`/beheer/gebruikers/${user.id}/wachtwoord`)
    .type('form')
    .send({ _csrf: admin.csrf, password: 'een nieuw lang wachtwoord' })
    .expect(303);

  for (const { agent } of [laptop, phone]) {
    const res = await agent.get('/werkvoorraad');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/inloggen/);
  }
  expect((await colleague.agent.get('/werkvoorraad')).status).toBe(200);
  expect((await admin.agent.get('/beheer/gebruikers')).status).toBe(200);
  const [entry] = (await ctx.services.audit.find({ objectType: 'user', objectId: user.id, limit: 10 })).filter(
    (e) => e.action === 'reset-password',
  );
  expect(entry!.changes).toEqual({ sessionsEnded: 2 });
  // The new password works.
  expect((await (await loginAs(app, user.email, 'een nieuw lang wachtwoord')).agent.get('/werkvoorraad')).status).toBe(200);
});
