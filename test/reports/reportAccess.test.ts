import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { ROLES, type Role } from '../../src/auth/roles';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';
import { actor, apiBody, reportPlaces, type Places } from './support';

// Issue 10, point 1: who reads, registers and decides on mandatory reports. Inspecteur, meldpunt and manager read;
// inspecteur and meldpunt register; inspecteur and manager decide. As with signals (signalReader.canRead) an
// inspector reads only the reports about providers they are assigned to (and the ones they registered): a report's
// description can name young people. Every view of a report page is a read in the audit trail.

const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let p: Places;
type Session = Awaited<ReturnType<typeof loginAs>> & { id: string };
const as: Partial<Record<Role, Session>> = {};
let stranger: Session;
let zikosDeath: string;
let openReport: string;
const SECRET = 'Sanne (15) werd vastgehouden';

async function session(roles: Role[]): Promise<Session> {
  const u = await makeUser(ctx.services, roles);
  return { ...(await loginAs(app, u.email)), id: u.id };
}
const reads = async (id: string) =>
  (await ctx.services.audit.find({ objectType: 'mandatory-report', objectId: id, limit: 100 })).filter((e) => e.action === 'read');
const errorOf = (html: string, field: string) => new RegExp(`id="veld-${field}-error">([^<]*)<`).exec(html)?.[1];

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  p = await reportPlaces(ctx.services);
  for (const role of ROLES) as[role] = await session([role]);
  stranger = await session(['inspecteur']);
  const inspector = as.inspecteur!;
  await ctx.services.providers.setInspectors(actor, p.poort, [inspector.id], new Set([inspector.id]));
  const register = (body: Record<string, unknown>) => ctx.services.reports.register(actor, body, { via: 'api' });
  zikosDeath = (await register(apiBody(p.poort, { unitId: p.zikos, death: true, description: SECRET }))).report.id;
  openReport = (await register(apiBody(p.huis, { description: SECRET }))).report.id;
});
afterAll(() => ctx.cleanup());

test('each route refuses the roles it does not name (403) and opens for those it does', async () => {
  const routes: Array<{ method: 'get' | 'post'; path: () => string; allowed: Role[] }> = [
    { method: 'get', path: () => '/meldingen', allowed: ['inspecteur', 'meldpunt', 'manager'] },
    { method: 'get', path: () => '/meldingen/nieuw', allowed: ['inspecteur', 'meldpunt'] },
    { method: 'post', path: () => '/meldingen/nieuw', allowed: ['inspecteur', 'meldpunt'] },
    { method: 'get', path: () => `/meldingen/${zikosDeath}`, allowed: ['inspecteur', 'meldpunt', 'manager'] },
    { method: 'post', path: () => `/meldingen/${zikosDeath}/besluit`, allowed: ['inspecteur', 'manager'] },
  ];
  for (const r of routes) {
    for (const role of ROLES) {
      const { agent, csrf } = as[role]!;
      const res = r.method === 'get' ? await agent.get(r.path()) : await agent.post(r.path()).type('form').send({ _csrf: csrf });
      const label = `${role} ${r.method} ${r.path()}`;
      if (r.allowed.includes(role)) expect([label, res.status !== 403 && res.status < 500]).toEqual([label, true]);
      else expect([label, res.status]).toEqual([label, 403]);
    }
  }
  // Without a login: to the login page. The API wants a token, not a session.
  expect((await request(app).get('/meldingen')).status).toBe(302);
  expect((await as.manager!.agent.get(`/api/v1/reports/${zikosDeath}`)).status).toBe(401);
  expect((await as.meldpunt!.agent.post('/api/v1/reports').send(apiBody(p.huis))).status).toBe(401);
});

test('an inspector not assigned to the provider gets 403 and reads nothing of the report; no read is recorded', async () => {
  const before = (await reads(openReport)).length;
  const res = await stranger.agent.get(`/meldingen/${openReport}`);
  expect(res.status).toBe(403);
  expect(res.text).not.toContain('Sanne');
  expect(res.text).toContain('Inspecteurs zien alleen de meldingen over aanbieders waaraan zij zijn toegewezen');
  const decide = await stranger.agent
    .post(`/meldingen/${openReport}/besluit`)
    .type('form')
    .send({ _csrf: stranger.csrf, decision: 'geen-actie', decisionReasons: 'x' });
  expect(decide.status).toBe(403);
  expect((await ctx.services.reports.get(openReport)).decision).toBeNull();
  expect(await reads(openReport)).toHaveLength(before);
  // Nor are the reports in their list.
  const list = await stranger.agent.get('/meldingen');
  expect(list.text).toContain('U ziet de meldingen over de aanbieders waaraan u bent toegewezen');
  expect(list.text).toContain('Geen meldingen gevonden');
});

test('the assigned inspector, meldpunt and managers open the report; each view is a read naming them', async () => {
  for (const role of ['inspecteur', 'meldpunt', 'manager'] as const) {
    const { agent, id } = as[role]!;
    const before = (await reads(zikosDeath)).length;
    const res = await agent.get(`/meldingen/${zikosDeath}`);
    expect([role, res.status]).toEqual([role, 200]);
    expect(res.text).toContain(SECRET);
    const after = await reads(zikosDeath);
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ actorId: id, changes: { fields: ['summary', 'description'] } });
  }
  // The inspector of one provider does not open another provider's report.
  expect((await as.inspecteur!.agent.get(`/meldingen/${openReport}`)).status).toBe(403);
});

test('an inspector reads the reports they registered, also about a provider not theirs', async () => {
  const res = await stranger.agent
    .post('/meldingen/nieuw')
    .type('form')
    .send({
      _csrf: stranger.csrf,
      kind: 'geweld',
      occurredAt: '2026-11-19T08:00',
      place: `p:${p.huis}`,
      youngPeopleInvolved: '2',
      death: 'nee',
      summary: 'Eigen registratie',
      description: 'Door de inspecteur zelf geregistreerd.',
      action: 'registreren',
    });
  expect(res.status).toBe(303);
  expect((await stranger.agent.get(res.headers.location!)).status).toBe(200);
  const list = await stranger.agent.get('/meldingen');
  expect(list.text).toContain('Meldingen 1–1 van 1');
});

test('a later decision on a death in ZIKOS: anything but "the IGJ investigates itself" is refused beside the field', async () => {
  const { agent, csrf } = as.manager!;
  for (const decision of ['zelf-onderzoek', 'geen-actie']) {
    const res = await agent
      .post(`/meldingen/${zikosDeath}/besluit`)
      .type('form')
      .send({ _csrf: csrf, decision, decisionReasons: 'Aanbieder heeft het goed opgepakt' });
    expect(res.status).toBe(400);
    expect(errorOf(res.text, 'decision')).toContain('onderzoekt de IGJ altijd zelf');
    expect(res.text).toContain('Aanbieder heeft het goed opgepakt</textarea>');
    expect(res.text).toContain(`value="${decision}" checked`);
  }
  expect((await ctx.services.reports.get(zikosDeath)).decision).toBeNull();
  // The service refuses it too, whoever calls it.
  await expect(
    ctx.services.reports.decide(actor, { id: as.manager!.id, roles: ['manager'] }, zikosDeath, {
      decision: 'geen-actie',
      decisionReasons: 'x',
    }),
  ).rejects.toMatchObject({ fieldErrors: { decision: expect.stringContaining('onderzoekt de IGJ altijd zelf') } });

  const missing = await agent.post(`/meldingen/${zikosDeath}/besluit`).type('form').send({ _csrf: csrf });
  expect(missing.status).toBe(400);
  expect(errorOf(missing.text, 'decision')).toBe('Kies een besluit');

  const ok = await agent
    .post(`/meldingen/${zikosDeath}/besluit`)
    .type('form')
    .send({ _csrf: csrf, decision: 'igj-onderzoek', decisionReasons: 'Overlijden in de ZIKOS' });
  expect(ok.status).toBe(303);
  const page = await agent.get(`/meldingen/${zikosDeath}`);
  expect(page.text).toContain('Het besluit is vastgelegd.');
  expect(page.text).toContain('<dt>Opvolging</dt><dd>De IGJ onderzoekt zelf</dd>');
  expect(page.text).toContain('<dt>Vastgelegd</dt><dd>20 november 2026 om 10:00 door Test manager</dd>');
  expect(page.text).toContain('Besluit wijzigen');
});

test('the assigned inspector records and changes a decision; the trail says what changed, not the reasons', async () => {
  const { agent, csrf, id } = as.inspecteur!;
  const { report } = await ctx.services.reports.register(actor, apiBody(p.poort, { unitId: p.anker }), { via: 'api' });
  await agent
    .post(`/meldingen/${report.id}/besluit`)
    .type('form')
    .send({ _csrf: csrf, decision: 'zelf-onderzoek', decisionReasons: 'Sanne wil geen gesprek' })
    .expect(303);
  clock.advance(3_600_000);
  await agent
    .post(`/meldingen/${report.id}/besluit`)
    .type('form')
    .send({ _csrf: csrf, decision: 'geen-actie', decisionReasons: 'Onderzoek afgerond' })
    .expect(303);
  const r = await ctx.services.reports.get(report.id);
  expect([r.decision, r.decisionReasons, r.decidedBy, r.decidedAt?.toISOString()]).toEqual([
    'geen-actie',
    'Onderzoek afgerond',
    id,
    '2026-11-20T10:00:00.000Z',
  ]);
  const updates = (await ctx.services.audit.find({ objectType: 'mandatory-report', objectId: report.id, limit: 20 })).filter(
    (e) => e.action === 'update',
  );
  expect(updates.map((u) => u.changes)).toEqual([
    {
      decision: { before: 'zelf-onderzoek', after: 'geen-actie' },
      decisionReasons: { before: '(tekst vastgelegd)', after: '(tekst vastgelegd)' },
    },
    {
      decision: { before: null, after: 'zelf-onderzoek' },
      decidedBy: { before: null, after: id },
      decisionReasons: { before: null, after: '(tekst vastgelegd)' },
    },
  ]);
  expect(JSON.stringify(updates)).not.toContain('Sanne');
});

test('an unknown report is 404 for every role that reads reports, not 403', async () => {
  for (const role of ['inspecteur', 'meldpunt', 'manager'] as const)
    expect((await as[role]!.agent.get('/meldingen/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  expect((await as.meldpunt!.agent.get('/meldingen/M-2026-000001')).status).toBe(404);
});
