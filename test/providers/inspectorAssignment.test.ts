import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 7, point 8: assignment decides who reads a provider's signals, so only managers and beheerders assign,
// and every change is its own audit event naming who was added and who was removed.

let ctx: TestContext;
let app: Express;
let providerId: string;
let ines: { id: string; name: string };
let ivo: { id: string; name: string };
const assignedNow = async () => (await ctx.services.providers.get(providerId)).inspectors.map((i) => i.id);
const assignments = async () =>
  (await ctx.services.audit.find({ objectType: 'provider', objectId: providerId, limit: 50 })).filter(
    (e) => e.action === 'inspectors-assigned',
  );

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  const a = await ctx.services.users.create(systemActor('test'), {
    email: 'ines@igj.test',
    name: 'Ines Inspecteur',
    roles: ['inspecteur'],
    password: 'correct horse battery',
  });
  const b = await ctx.services.users.create(systemActor('test'), {
    email: 'ivo@igj.test',
    name: 'Ivo Inspecteur',
    roles: ['inspecteur'],
    password: 'correct horse battery',
  });
  ines = { id: a.id, name: a.name };
  ivo = { id: b.id, name: b.name };
  const p = await ctx.services.providers.create(systemActor('test'), { name: 'Huize Toewijzing', locations: [] });
  providerId = p.id;
  await ctx.services.providers.setInspectors(systemActor('test'), providerId, [ines.id], new Set([ines.id, ivo.id]));
});
afterAll(() => ctx.cleanup());

test('an inspector cannot assign themself (or anyone): 403, nothing changes, and the form is not shown to them', async () => {
  const before = (await assignments()).length;
  const ivoAgent = await loginAs(app, 'ivo@igj.test');
  const res = await ivoAgent.agent
    .post(`/aanbieders/${providerId}/inspecteurs`)
    .type('form')
    .send({ _csrf: ivoAgent.csrf, inspectors: [ivo.id] });
  expect(res.status).toBe(403);
  expect(await assignedNow()).toEqual([ines.id]);
  expect(await assignments()).toHaveLength(before);
  const page = await ivoAgent.agent.get(`/aanbieders/${providerId}`);
  expect(page.status).toBe(200);
  expect(page.text).not.toContain('Inspecteurs opslaan');
});

test('a manager replaces the inspectors; the audit entry names who was added and who was removed', async () => {
  const manager = await loginAs(app, (await makeUser(ctx.services, ['manager'])).email);
  expect((await manager.agent.get(`/aanbieders/${providerId}`)).text).toContain('Inspecteurs opslaan');
  const res = await manager.agent
    .post(`/aanbieders/${providerId}/inspecteurs`)
    .type('form')
    .send({ _csrf: manager.csrf, inspectors: [ivo.id] });
  expect(res.status).toBe(303);
  expect(await assignedNow()).toEqual([ivo.id]);
  const shown = await manager.agent.get(res.headers.location!);
  expect(shown.text).toContain('Toegevoegd: Ivo Inspecteur.');
  expect(shown.text).toContain('Niet meer toegewezen: Ines Inspecteur.');
  const [entry] = await assignments();
  expect(entry!.actorLabel).toContain('Test manager');
  expect(entry!.changes).toEqual({ added: [ivo], removed: [ines] });
});

test('a beheerder adds one back; saving the same choice again adds no entry', async () => {
  const admin = await loginAs(app, (await makeUser(ctx.services, ['beheerder'])).email);
  await admin.agent
    .post(`/aanbieders/${providerId}/inspecteurs`)
    .type('form')
    .send({ _csrf: admin.csrf, inspectors: [ivo.id, ines.id] })
    .expect(303);
  expect((await assignedNow()).sort()).toEqual([ines.id, ivo.id].sort());
  const after = await assignments();
  expect(after[0]!.changes).toEqual({ added: [ines], removed: [] });
  await admin.agent
    .post(`/aanbieders/${providerId}/inspecteurs`)
    .type('form')
    .send({ _csrf: admin.csrf, inspectors: [ivo.id, ines.id] })
    .expect(303);
  expect(await assignments()).toHaveLength(after.length);
});
