import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import type { TestContext } from '../support/testServices';
import { csrfFrom, loginAs, makeUser } from '../support/web';
import { actor, alerts, daysBefore, patternServices, provider, report, signal, type Unit } from './support';

// Issue 10, point 4: the alert list and page, the decision that closes an alert, the home page count, the rule
// settings, and who may do what.
const NOW = new Date('2026-11-20T09:00:00Z');
const clock = fixedClock(NOW);
let ctx: TestContext;
let app: Express;
type Session = Awaited<ReturnType<typeof loginAs>>;
let assigned: Session;
let otherInspector: Session;
let manager: Session;
let meldpunt: Session;
let beheerder: Session;
let unit: Unit;
let alertId: string;
let signalIds: string[];
let reportId: string;

beforeAll(async () => {
  ctx = await patternServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  const ines = await makeUser(ctx.services, ['inspecteur'], 'ines@igj.test');
  await makeUser(ctx.services, ['inspecteur'], 'otto@igj.test');
  assigned = await loginAs(app, 'ines@igj.test');
  otherInspector = await loginAs(app, 'otto@igj.test');
  manager = await loginAs(app, (await makeUser(ctx.services, ['manager'], 'mara@igj.test')).email);
  meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'], 'mel@igj.test')).email);
  beheerder = await loginAs(app, (await makeUser(ctx.services, ['beheerder'], 'ben@igj.test')).email);
  unit = (await provider(ctx.services, 'De Horst', [{ name: 'Eikenhof', careType: 'open-residentieel', places: 8 }])).units[0]!;
  await ctx.services.providers.setInspectors(actor, unit.providerId, [ines.id], new Set([ines.id]));
  signalIds = [];
  for (const who of ['a', 'b']) signalIds.push((await signal(ctx.services, unit, daysBefore(NOW, 3), { email: `${who}@example.test` })).id);
  reportId = await report(ctx.services, unit, daysBefore(NOW, 2));
  await ctx.services.patterns.check({ kind: 'report', id: reportId });
  alertId = (await alerts(ctx.services, 'cluster'))[0]!.id;
});
afterAll(() => ctx.cleanup());

test('the list: open first, with a true count, filters by rule, status and provider search, and links to the alert', async () => {
  const page = await assigned.agent.get('/patronen');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Waarschuwingen 1–');
  expect(page.text).toContain(`href="/patronen/${alertId}"`);
  expect(page.text).toContain('De Horst — De Horst locatie — Eikenhof');
  expect(page.text).toContain('waargenomen 3 · grens 3');
  const byRule = await assigned.agent.get('/patronen?rule=silence');
  expect(byRule.text).toContain('Geen waarschuwingen gevonden');
  const closed = await assigned.agent.get('/patronen?status=closed');
  expect(closed.text).toContain('Geen waarschuwingen gevonden');
  const search = await assigned.agent.get('/patronen?providerQ=Horst');
  expect(search.text).toContain(`value="${unit.providerId}"`);
  const chosen = await assigned.agent.get(`/patronen?provider=${unit.providerId}&rule=cluster`);
  expect(chosen.text).toContain('Aanbieder: <strong>De Horst</strong>');
  expect(chosen.text).toContain('Waarschuwingen 1–1 van 1');
  const elsewhere = await otherInspector.agent.get('/patronen?mine=1');
  expect(elsewhere.text).toContain('Geen waarschuwingen gevonden');
});

test('the alert page names the rule, the place, the items with links, the figures and the history; no reporter text', async () => {
  const page = await assigned.agent.get(`/patronen/${alertId}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Waarschuwing: Cluster van meldingen');
  for (const id of signalIds) expect(page.text).toContain(`href="/signalen/${id}"`);
  expect(page.text).toContain(`href="/meldingen/${reportId}"`);
  expect(page.text).toContain('3 verschillende melders meldden in 30 dagen over groep Eikenhof');
  expect(page.text).toContain('Ontstaan');
  expect(page.text).not.toMatch(/Geheime samenvatting|a@example\.test/);
  expect(page.text).toContain('name="decision"');
  // Another inspector reads it, but deciding is for the provider's own inspectors and managers.
  const other = await otherInspector.agent.get(`/patronen/${alertId}`);
  expect(other.status).toBe(200);
  expect(other.text).not.toContain('name="decision"');
  const refused = await otherInspector.agent
    .post(`/patronen/${alertId}/besluit`)
    .type('form')
    .send({ _csrf: otherInspector.csrf, decision: 'geen-actie', reason: 'Niet de mijne' });
  expect(refused.status).toBe(403);
});

test('the home page counts the open alerts of the inspector’s providers, linking to exactly that list', async () => {
  const home = await assigned.agent.get('/');
  const m =
    /<a class="utrecht-link app-tile__link" href="([^"]+)"><span class="app-tile__value">(\d+)<\/span> <span class="app-tile__label">Open waarschuwingen \(patronen\) over mijn aanbieders/.exec(
      home.text,
    );
  expect(m).not.toBeNull();
  const href = m![1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
  expect([href, m![2]]).toEqual(['/patronen?status=open&mine=1', '1']);
  expect((await assigned.agent.get(href)).text).toContain('Waarschuwingen 1–1 van 1');
  const otherHome = await otherInspector.agent.get('/');
  expect(otherHome.text).toMatch(
    /app-tile__value">0<\/span> <span class="app-tile__label">Open waarschuwingen \(patronen\) over mijn aanbieders/,
  );
  expect((await manager.agent.get('/')).text).toMatch(
    /app-tile__value">1<\/span> <span class="app-tile__label">Open waarschuwingen \(patronen\)</,
  );
});

test('the decision: a reason is required (said beside the field, the choice kept), then it closes the alert, audited', async () => {
  const empty = await assigned.agent
    .post(`/patronen/${alertId}/besluit`)
    .type('form')
    .send({ _csrf: assigned.csrf, decision: 'bezoek', reason: '  ' });
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Vul de reden van uw besluit in');
  expect(empty.text).toMatch(/value="bezoek" checked/);
  const none = await assigned.agent.post(`/patronen/${alertId}/besluit`).type('form').send({ _csrf: assigned.csrf, reason: 'Iets' });
  expect(none.text).toContain('Kies wat u besluit');
  expect(none.text).toContain('>Iets</textarea>');

  const ok = await assigned.agent
    .post(`/patronen/${alertId}/besluit`)
    .type('form')
    .send({ _csrf: assigned.csrf, decision: 'bezoek', reason: 'Onaangekondigd bezoek in week 49' });
  expect([ok.status, ok.headers.location]).toEqual([303, `/patronen/${alertId}`]);
  const page = await assigned.agent.get(`/patronen/${alertId}`);
  expect(page.text).toContain('Bezoek plannen');
  expect(page.text).toContain('Onaangekondigd bezoek in week 49');
  expect(page.text).not.toContain('name="decision"');
  const [row] = await alerts(ctx.services, 'cluster');
  expect([row!.status, row!.decision, row!.decided_at?.getTime()]).toEqual(['closed', 'bezoek', NOW.getTime()]);
  const audit = await ctx.services.audit.find({ objectType: 'pattern-alert', objectId: alertId, limit: 5 });
  expect(audit[0]!.actorLabel).toBe('Test inspecteur <ines@igj.test>');
  expect(audit[0]!.changes).toEqual({
    status: { before: 'open', after: 'closed' },
    decision: { before: null, after: 'bezoek' },
    reason: { before: null, after: '(tekst vastgelegd)' },
  });
  const again = await manager.agent
    .post(`/patronen/${alertId}/besluit`)
    .type('form')
    .send({ _csrf: manager.csrf, decision: 'anders', reason: 'Nog eens' });
  expect(again.status).toBe(400);
  expect(again.text).toContain('Over deze waarschuwing is al besloten');
});

test('the rule settings: a beheerder changes a value (audited); a bad one gets its message beside the field, what was typed kept', async () => {
  const form = await beheerder.agent.get('/beheer/patronen');
  expect(form.status).toBe(200);
  expect(form.text).toContain('name="cluster-reporters" type="text" value="3"');
  expect(form.text).toContain('name="rise-confidence" type="text" value="99,8"');
  const values = Object.fromEntries(
    [...form.text.matchAll(/name="([a-z-]+-[A-Za-z]+)" type="text" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  );
  const bad = await beheerder.agent
    .post('/beheer/patronen')
    .type('form')
    .send({ ...values, _csrf: beheerder.csrf, 'cluster-reporters': '1', 'silence-months': 'zes' });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('id="veld-cluster-reporters-error">Vul een getal in van 2 tot en met 50');
  expect(bad.text).toContain('id="veld-silence-months-error">Vul een heel getal in');
  expect(bad.text).toContain('name="silence-months" type="text" value="zes"');
  const ok = await beheerder.agent
    .post('/beheer/patronen')
    .type('form')
    .send({ ...values, _csrf: beheerder.csrf, 'cluster-reporters': '4', 'rise-confidence': '99,5' });
  expect(ok.status).toBe(303);
  const settings = await ctx.services.patterns.settings();
  expect([settings.cluster.reporters, settings.rise.confidence, settings.silence.months]).toEqual([4, 99.5, 6]);
  const audit = await ctx.services.audit.find({ objectType: 'pattern-rule', limit: 5 });
  expect(audit.map((a) => [a.objectId, a.changes]).sort()).toEqual([
    ['cluster', { reporters: { before: 3, after: 4 } }],
    ['rise', { confidence: { before: 99.8, after: 99.5 } }],
  ]);
});

test('roles: meldpunt and beheerder may not read alerts; only beheerders tune the rules; the API needs a token', async () => {
  for (const s of [meldpunt, beheerder]) {
    expect((await s.agent.get('/patronen')).status).toBe(403);
    expect((await s.agent.get(`/patronen/${alertId}`)).status).toBe(403);
    expect(
      (await s.agent.post(`/patronen/${alertId}/besluit`).type('form').send({ _csrf: s.csrf, decision: 'anders', reason: 'x' })).status,
    ).toBe(403);
  }
  for (const s of [meldpunt, assigned, manager]) {
    expect((await s.agent.get('/beheer/patronen')).status).toBe(403);
    expect((await s.agent.post('/beheer/patronen').type('form').send({ _csrf: s.csrf, 'cluster-reporters': '2' })).status).toBe(403);
  }
  expect((await request(app).get('/patronen')).status).toBe(302);
  expect((await request(app).get('/api/v1/alerts')).status).toBe(401);
  expect((await assigned.agent.get('/api/v1/alerts')).status).toBe(401);
  // The navigation offers the pages to those who may open them.
  expect((await manager.agent.get('/')).text).toContain('href="/patronen"');
  expect((await beheerder.agent.get('/')).text).toContain('href="/beheer/patronen"');
  expect((await meldpunt.agent.get('/')).text).not.toContain('href="/patronen"');
  expect(csrfFrom((await beheerder.agent.get('/beheer/patronen')).text)).toBeTruthy();
});
