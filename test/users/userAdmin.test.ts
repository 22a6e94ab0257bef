import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { testServices, type TestContext } from '../support/testServices';
import { PASSWORD, csrfFrom, loginAs, makeUser } from '../support/web';

let ctx: TestContext;
let app: Express;
let admin: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  const u = await makeUser(ctx.services, ['beheerder'], 'beheer@igj.test');
  admin = await loginAs(app, u.email);
});
afterAll(() => ctx.cleanup());

const userId = async (email: string) =>
  (await ctx.services.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

test('a beheerder creates a user with several roles and a team; a welcome mail goes to the outbox', async () => {
  const res = await admin.agent
    .post('/beheer/gebruikers/nieuw')
    .type('form')
    .send({
      _csrf: admin.csrf,
      name: 'Gijs Meldpunt',
      email: 'gijs@igj.test',
      roles: ['meldpunt', 'manager'],
      team: 'Meldpunt team 1',
      password: 'een lang wachtwoord',
    });
  expect(res.status).toBe(303);
  const list = await admin.agent.get('/beheer/gebruikers');
  expect(list.text).toContain('Gijs Meldpunt');
  expect(list.text).toContain('Meldpunt, Manager');
  const user = await ctx.services.users.get(await userId('gijs@igj.test'));
  expect(user).toMatchObject({ roles: ['meldpunt', 'manager'], team: 'Meldpunt team 1', active: true });
  const mails = await ctx.services.mail.list();
  const welcome = mails.find((m) => m.recipient === 'gijs@igj.test')!;
  expect(welcome.subject).toBe('Uw account voor Jeugdtoezicht');
  expect(welcome.text).toContain('Beste Gijs Meldpunt');
  expect(welcome.text).not.toContain('een lang wachtwoord');
  await loginAs(app, 'gijs@igj.test', 'een lang wachtwoord');
});

test('invalid input gets Dutch messages beside the fields and keeps what was typed (but not the password)', async () => {
  const res = await admin.agent
    .post('/beheer/gebruikers/nieuw')
    .type('form')
    .send({ _csrf: admin.csrf, name: 'Hanna <b>', email: 'geen-adres', team: 'Team Zuid', password: 'kort' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('Er is iets niet goed ingevuld');
  expect(res.text).toMatch(/id="veld-email-error">Vul een geldig e-mailadres in/);
  expect(res.text).toMatch(/Kies minstens één rol/);
  expect(res.text).toMatch(/id="veld-password-error">Het wachtwoord moet minstens 12 tekens hebben/);
  expect(res.text).toContain('value="Hanna &lt;b&gt;"');
  expect(res.text).toContain('value="geen-adres"');
  expect(res.text).toContain('value="Team Zuid"');
  expect(res.text).not.toContain('value="kort"');
  expect(res.text).toContain('href="#veld-email"');
});

test('a duplicate e-mail address is refused', async () => {
  await makeUser(ctx.services, ['meldpunt'], 'dubbel@igj.test');
  const res = await admin.agent
    .post('/beheer/gebruikers/nieuw')
    .type('form')
    .send({ _csrf: admin.csrf, name: 'X', email: 'DUBBEL@igj.test', roles: 'meldpunt', password: 'een lang wachtwoord' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('Er is al een gebruiker met dit e-mailadres');
});

test('a beheerder edits roles and team, deactivates and reactivates, and resets a password; all is audited', async () => {
  const u = await makeUser(ctx.services, ['meldpunt'], 'ilse@igj.test');
  const edit = await admin.agent
    .post(`/beheer/gebruikers/${u.id}`)
    .type('form')
    .send({ _csrf: admin.csrf, name: 'Ilse de Vries', email: 'ilse@igj.test', roles: ['inspecteur'], team: 'Jeugd Noord' });
  expect(edit.status).toBe(303);
  expect(await ctx.services.users.get(u.id)).toMatchObject({ name: 'Ilse de Vries', roles: ['inspecteur'], team: 'Jeugd Noord' });

  await admin.agent.post(`/beheer/gebruikers/${u.id}/actief`).type('form').send({ _csrf: admin.csrf, active: 'false' });
  expect((await ctx.services.users.get(u.id)).active).toBe(false);
  await admin.agent.post(`/beheer/gebruikers/${u.id}/actief`).type('form').send({ _csrf: admin.csrf, active: 'true' });
  expect((await ctx.services.users.get(u.id)).active).toBe(true);

  const reset = await admin.agent
    .post(`/beheer/gebruikers/${u.id}/wachtwoord`)
    .type('form')
    .send({ _csrf: admin.csrf, password: 'nieuw geheim wachtwoord' });
  expect(reset.status).toBe(303);
  await expect(loginAs(app, 'ilse@igj.test', PASSWORD)).rejects.toThrow();
  await loginAs(app, 'ilse@igj.test', 'nieuw geheim wachtwoord');

  const trail = await ctx.services.audit.find({ objectType: 'user', objectId: u.id, limit: 50 });
  expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'update', 'deactivate', 'activate', 'reset-password']));
  const update = trail.find((e) => e.action === 'update')!;
  expect(update.changes).toEqual({
    name: { before: 'Test meldpunt', after: 'Ilse de Vries' },
    roles: { before: ['meldpunt'], after: ['inspecteur'] },
    team: { before: null, after: 'Jeugd Noord' },
  });
  expect(update.requestId).toMatch(/[\w-]{8,}/);
  expect(JSON.stringify(trail)).not.toContain('nieuw geheim wachtwoord');
  const page = await admin.agent.get(`/beheer/audit?objectType=user&objectId=${u.id}`);
  expect(page.text).toContain('wachtwoord opnieuw ingesteld');
  // Dutch throughout: the object's kind and the object by their names (issue 8 point 17), and the filter offers the kinds by name.
  expect(page.text).toContain('gebruiker Ilse de Vries');
  expect(page.text).toMatch(/<option value="user" selected>gebruiker<\/option>/);
});

test('a beheerder cannot deactivate their own account', async () => {
  const me = await userId('beheer@igj.test');
  const res = await admin.agent.post(`/beheer/gebruikers/${me}/actief`).type('form').send({ _csrf: admin.csrf, active: 'false' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('U kunt uw eigen account niet deactiveren');
});

test('the navigation shows only what the role may use', async () => {
  const m = await makeUser(ctx.services, ['meldpunt']);
  const { agent } = await loginAs(app, m.email);
  const home = (await agent.get('/')).text;
  expect(home).toContain('href="/aanbieders"');
  expect(home).not.toContain('href="/beheer/gebruikers"');
  const adminHome = (await admin.agent.get('/')).text;
  expect(adminHome).toContain('href="/beheer/gebruikers"');
  expect(adminHome).toContain('href="#inhoud"');
  expect(csrfFrom(adminHome)).toBe(admin.csrf);
  expect(request).toBeDefined();
});
