import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 7, point 9: an inspector reads a signal only when assigned to its provider, or when its JeugdzorgPlus
// consultation is theirs; every view of a signal page, and every API read, is a read in the audit trail.

let ctx: TestContext;
let app: Express;
const actor = systemActor('test');
const DESCRIPTION = 'Al drie dagen alleen op de kamer, Sanne belt vanaf 06 12121212.';
let ownSignal: string;
let jzpSignal: string;
let assigned: Awaited<ReturnType<typeof loginAs>> & { id: string };
let consulting: Awaited<ReturnType<typeof loginAs>> & { id: string };
let stranger: Awaited<ReturnType<typeof loginAs>> & { id: string };
let jzpProvider: string;

async function inspector(email: string) {
  const u = await makeUser(ctx.services, ['inspecteur'], email);
  return { ...(await loginAs(app, u.email)), id: u.id };
}
const reads = async (signalId: string) =>
  (await ctx.services.audit.find({ objectType: 'signal', objectId: signalId, limit: 100 })).filter((e) => e.action === 'read');

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  assigned = await inspector('toegewezen@igj.test');
  consulting = await inspector('afstemming@igj.test');
  stranger = await inspector('vreemde@igj.test');
  const all = new Set([assigned.id, consulting.id, stranger.id]);
  const own = await ctx.services.providers.create(actor, { name: 'Huize Eigen', locations: [] });
  await ctx.services.providers.setInspectors(actor, own.id, [assigned.id], all);
  const jzp = await ctx.services.providers.create(actor, {
    name: 'De Gesloten Poort',
    locations: [{ name: 'L', address: 'A 1', municipality: 'Ede', units: [{ name: 'G', careType: 'jeugdzorgplus', places: 8 }] }],
  });
  jzpProvider = jzp.id;
  await ctx.services.providers.setInspectors(actor, jzp.id, [consulting.id], all);
  const input = {
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: 'Afzondering',
    description: DESCRIPTION,
    contact: { phone: '06 12121212' },
  };
  ownSignal = (await ctx.services.signals.register(actor, { ...input, providerId: own.id })).signal.id;
  jzpSignal = (await ctx.services.signals.register(actor, { ...input, providerId: jzp.id })).signal.id;
  expect(await ctx.services.assessments.consultationOf(jzpSignal)).toBeDefined();
});
afterAll(() => ctx.cleanup());

test('an inspector not assigned to the provider gets 403 and reads nothing of the signal; no read is recorded', async () => {
  for (const id of [ownSignal, jzpSignal]) {
    const res = await stranger.agent.get(`/signalen/${id}`);
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('drie dagen alleen');
    expect(res.text).toContain('Inspecteurs zien alleen de signalen over aanbieders waaraan zij zijn toegewezen');
  }
  // The consultation form re-renders the page on a refusal; that route must not leak it either.
  const post = await stranger.agent.post(`/signalen/${jzpSignal}/afstemming`).type('form').send({ _csrf: stranger.csrf, outcome: 'x' });
  expect(post.status).toBe(403);
  expect(post.text).not.toContain('drie dagen alleen');
  expect((await reads(ownSignal)).filter((r) => r.actorId === stranger.id)).toEqual([]);
  expect(await ctx.services.signalReader.canRead({ id: stranger.id, roles: ['inspecteur'] }, { id: ownSignal })).toBe(false);
});

test('the assigned inspector opens the signal; each page view adds a read naming them', async () => {
  const before = (await reads(ownSignal)).length;
  for (let i = 0; i < 2; i++) {
    const res = await assigned.agent.get(`/signalen/${ownSignal}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('drie dagen alleen');
  }
  const after = await reads(ownSignal);
  expect(after).toHaveLength(before + 2);
  expect(after.slice(0, 2).map((r) => [r.actorId, r.actorLabel])).toEqual([
    [assigned.id, expect.stringContaining('toegewezen@igj.test')],
    [assigned.id, expect.stringContaining('toegewezen@igj.test')],
  ]);
  // The inspector of one provider still does not open another provider's signal.
  expect((await assigned.agent.get(`/signalen/${jzpSignal}`)).status).toBe(403);
});

test('a consultation of theirs opens the signal, also after the inspector recorded it and was unassigned', async () => {
  expect((await consulting.agent.get(`/signalen/${jzpSignal}`)).status).toBe(200);
  await consulting.agent
    .post(`/signalen/${jzpSignal}/afstemming`)
    .type('form')
    .send({ _csrf: consulting.csrf, outcome: 'Besproken' })
    .expect(303);
  await ctx.services.providers.setInspectors(actor, jzpProvider, [], new Set());
  expect((await consulting.agent.get(`/signalen/${jzpSignal}`)).status).toBe(200);
  expect((await ctx.services.providers.get(jzpProvider)).inspectors).toEqual([]);
});

test('meldpunt and managers open every signal, and each of their views is a read too', async () => {
  for (const roles of [['meldpunt'], ['manager']] as const) {
    const u = await makeUser(ctx.services, [...roles]);
    const { agent } = await loginAs(app, u.email);
    const before = (await reads(jzpSignal)).length;
    const res = await agent.get(`/signalen/${jzpSignal}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('06 12121212');
    const after = await reads(jzpSignal);
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ actorId: u.id, changes: { fields: expect.arrayContaining(['description', 'contact']) } });
  }
});

test('an API read of a signal is audited with the API client as actor', async () => {
  const { token } = await ctx.services.apiTokens.create(actor, 'zaaksysteem');
  const before = (await reads(ownSignal)).length;
  const res = await request(app).get(`/api/v1/signals/${ownSignal}`).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  expect(res.body.description).toBe(DESCRIPTION);
  const after = await reads(ownSignal);
  expect(after).toHaveLength(before + 1);
  expect(after[0]).toMatchObject({ actorId: null, actorLabel: 'api:zaaksysteem' });
});

test('advice and consultation outcomes (free text that may name someone) never reach the audit trail beheerders read', async () => {
  const secret = 'Gebeld met Sanne de Vries (15) op 06 12345678.';
  await ctx.services.assessments.assess(actor, ownSignal, {
    possibleMisstand: true,
    seriousThreat: false,
    meldplicht: false,
    concernsJzp: false,
    themes: ['vbm'],
    advice: secret,
    referrals: [],
  });
  await ctx.services.assessments.assess(actor, ownSignal, {
    possibleMisstand: true,
    seriousThreat: false,
    meldplicht: false,
    concernsJzp: false,
    themes: ['vbm'],
    advice: `${secret} Opnieuw.`,
    referrals: [],
  });
  const c = await ctx.services.assessments.consultationOf(jzpSignal);
  await ctx.services.db.updateTable('consultations').set({ outcome: null, outcome_at: null }).where('id', '=', c!.id).execute();
  await ctx.services.providers.setInspectors(actor, jzpProvider, [consulting.id], new Set([consulting.id]));
  await ctx.services.assessments.recordConsultation({ ...actor, userId: consulting.id }, jzpSignal, secret);
  expect((await ctx.services.assessments.consultationOf(jzpSignal))!.outcome).toBe(secret);
  const trail = JSON.stringify(await ctx.services.audit.find({ limit: 500 }));
  expect(trail).not.toContain('Sanne');
  expect(trail).not.toContain('12345678');
  // That the text was written and changed is still there.
  const entries = await ctx.services.audit.find({ objectType: 'signal-assessment', objectId: ownSignal, limit: 5 });
  expect(entries.map((e) => e.changes)).toContainEqual(
    expect.objectContaining({ advice: { before: '(tekst vastgelegd)', after: '(tekst vastgelegd)' } }),
  );
});

// Issue 8, point 11: whoever may read the signal reads its assessment; an inspector saw only "Beoordeeld op …".
test('the assigned inspector reads the assessment itself, not only its date', async () => {
  await ctx.services.assessments.assess(actor, ownSignal, {
    possibleMisstand: true,
    seriousThreat: false,
    meldplicht: true,
    concernsJzp: false,
    themes: ['vbm'],
    advice: 'Klachtencommissie uitgelegd',
    referrals: ['klachtencommissie'],
  });
  const page = (await assigned.agent.get(`/signalen/${ownSignal}`)).text;
  expect(page).toMatch(/<dt>Mogelijke misstand<\/dt><dd>Ja<\/dd>/);
  expect(page).toMatch(/<dt>Ernstige bedreiging van de veiligheid<\/dt><dd>Nee<\/dd>/);
  expect(page).toMatch(/<dt>Gegeven advies<\/dt><dd>Klachtencommissie uitgelegd<\/dd>/);
  expect(page).toMatch(/<dt>Doorverwezen naar<\/dt><dd>Klachtencommissie van de aanbieder<\/dd>/);
  expect(page).not.toContain('Beoordeling opslaan');
});
