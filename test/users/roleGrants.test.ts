import type { Express } from 'express';
import { createApp } from '../../src/app';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 7, point 10: no one changes their own roles; granting a role that reads personal data (meldpunt, manager)
// is its own audit event and is mailed to the other active beheerders.

let ctx: TestContext;
let app: Express;
let bea: Awaited<ReturnType<typeof loginAs>> & { id: string };

const grants = async (userId: string) =>
  (await ctx.services.audit.find({ objectType: 'user', objectId: userId, limit: 50 })).filter((e) => e.action === 'role-granted');
const grantMails = async () =>
  (await ctx.services.mail.list()).filter((m) => m.subject === 'Een rol met toegang tot persoonsgegevens is toegekend');

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  const u = await makeUser(ctx.services, ['beheerder'], 'bea@igj.test');
  bea = { ...(await loginAs(app, u.email)), id: u.id };
  await makeUser(ctx.services, ['beheerder'], 'bob@igj.test');
  const gone = await makeUser(ctx.services, ['beheerder'], 'oud@igj.test');
  await ctx.services.users.setActive({ userId: u.id, label: 'bea', requestId: null }, gone.id, false);
});
afterAll(() => ctx.cleanup());

test('a beheerder cannot change their own roles: refused beside the field, nothing granted', async () => {
  const mailsBefore = (await grantMails()).length;
  const res = await bea.agent
    .post(`/beheer/gebruikers/${bea.id}`)
    .type('form')
    .send({ _csrf: bea.csrf, name: 'Test beheerder', email: 'bea@igj.test', roles: ['beheerder', 'meldpunt'] });
  expect(res.status).toBe(400);
  expect(res.text).toContain('id="veld-roles-error">U kunt uw eigen rollen niet wijzigen. Vraag een andere beheerder om dit te doen.');
  expect((await ctx.services.users.get(bea.id)).roles).toEqual(['beheerder']);
  expect(await grants(bea.id)).toEqual([]);
  expect(await grantMails()).toHaveLength(mailsBefore);
  // Their own name can still change, as long as the roles stay.
  await bea.agent
    .post(`/beheer/gebruikers/${bea.id}`)
    .type('form')
    .send({ _csrf: bea.csrf, name: 'Bea Beheer', email: 'bea@igj.test', roles: ['beheerder'] })
    .expect(303);
  expect((await ctx.services.users.get(bea.id)).name).toBe('Bea Beheer');
});

test('granting meldpunt to someone is a role-granted entry and a mail to every other active beheerder', async () => {
  const ines = await makeUser(ctx.services, ['inspecteur'], 'ines@igj.test');
  const res = await bea.agent
    .post(`/beheer/gebruikers/${ines.id}`)
    .type('form')
    .send({ _csrf: bea.csrf, name: 'Ines Inspecteur', email: 'ines@igj.test', roles: ['inspecteur', 'meldpunt'] });
  expect(res.status).toBe(303);
  const [entry, ...more] = await grants(ines.id);
  expect(more).toEqual([]);
  expect(entry).toMatchObject({ actorId: bea.id, changes: { role: 'meldpunt' } });
  const mails = (await grantMails()).filter((m) => m.text.includes('Ines Inspecteur'));
  expect(mails.map((m) => m.recipient)).toEqual(['bob@igj.test']);
  expect(mails[0]!.text).toContain('Bea Beheer <bea@igj.test> heeft de rol Meldpunt toegekend aan Ines Inspecteur (ines@igj.test)');
  // Saving again with the same roles grants nothing new.
  await bea.agent
    .post(`/beheer/gebruikers/${ines.id}`)
    .type('form')
    .send({ _csrf: bea.csrf, name: 'Ines Inspecteur', email: 'ines@igj.test', roles: ['inspecteur', 'meldpunt'] })
    .expect(303);
  expect(await grants(ines.id)).toHaveLength(1);
});

test('a new user with the manager role is audited and mailed the same way; an inspecteur-only user is not', async () => {
  await bea.agent
    .post('/beheer/gebruikers/nieuw')
    .type('form')
    .send({ _csrf: bea.csrf, name: 'Mark Manager', email: 'mark@igj.test', roles: ['manager'], password: 'een lang wachtwoord' })
    .expect(303);
  await bea.agent
    .post('/beheer/gebruikers/nieuw')
    .type('form')
    .send({ _csrf: bea.csrf, name: 'Iris Inspecteur', email: 'iris@igj.test', roles: ['inspecteur'], password: 'een lang wachtwoord' })
    .expect(303);
  const id = async (email: string) =>
    (await ctx.services.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  expect((await grants(await id('mark@igj.test'))).map((e) => e.changes)).toEqual([{ role: 'manager' }]);
  expect(await grants(await id('iris@igj.test'))).toEqual([]);
  const mails = (await grantMails()).filter((m) => m.text.includes('Mark Manager'));
  expect(mails.map((m) => m.recipient)).toEqual(['bob@igj.test']);
  expect(mails[0]!.text).toContain('de rol Manager toegekend');
});

// Found by an attack: a beheerder who changed a meldpunt account's e-mail to their own and set its password could log
// in as meldpunt unseen (only plain 'update' and 'reset-password' entries, the reset mail going to the new address).
test('changing the e-mail or password of an account that reads personal data is seen: its own entry, mails to the other beheerders and to the old address', async () => {
  const mara = await makeUser(ctx.services, ['meldpunt'], 'mara@igj.test');
  const changes = async () =>
    (await ctx.services.audit.find({ objectType: 'user', objectId: mara.id, limit: 50 })).filter((e) => e.action === 'access-changed');
  const accessMails = async () =>
    (await ctx.services.mail.list()).filter(
      (m) => m.subject === 'Inloggegevens gewijzigd van een account met toegang tot persoonsgegevens' && m.text.includes('Test meldpunt'),
    );
  await bea.agent
    .post(`/beheer/gebruikers/${mara.id}`)
    .type('form')
    .send({ _csrf: bea.csrf, name: 'Test meldpunt', email: 'bea.prive@igj.test', roles: ['meldpunt'] })
    .expect(303);
  await bea.agent
    .post(`/beheer/gebruikers/${mara.id}/wachtwoord`)
    .type('form')
    .send({ _csrf: bea.csrf, password: 'mijn eigen gekozen wachtwoord' })
    .expect(303);
  expect((await changes()).map((e) => e.changes)).toEqual([
    { what: 'wachtwoord', roles: ['meldpunt'] },
    { what: 'e-mailadres', roles: ['meldpunt'] },
  ]);
  const mails = await accessMails();
  expect(mails.map((m) => m.recipient)).toEqual(['bob@igj.test', 'bob@igj.test']);
  expect(mails.map((m) => m.text).join('\n')).toContain('heeft het e-mailadres gewijzigd van Test meldpunt (bea.prive@igj.test)');
  const toOld = (await ctx.services.mail.list()).filter(
    (m) => m.recipient === 'mara@igj.test' && m.subject === 'Het e-mailadres van uw account is gewijzigd',
  );
  expect(toOld).toHaveLength(1);
  expect(toOld[0]!.text).toContain('bea.prive@igj.test');
  // An account without such a role changes without the extra alarm.
  const ivo = await makeUser(ctx.services, ['inspecteur'], 'ivo@igj.test');
  await bea.agent
    .post(`/beheer/gebruikers/${ivo.id}/wachtwoord`)
    .type('form')
    .send({ _csrf: bea.csrf, password: 'nog een lang wachtwoord' })
    .expect(303);
  expect(
    (await ctx.services.audit.find({ objectType: 'user', objectId: ivo.id, limit: 50 })).filter((e) => e.action === 'access-changed'),
  ).toEqual([]);
});
