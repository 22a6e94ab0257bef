import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { ROLES } from '../../src/auth/roles';
import { TIMELINE_READERS } from '../../src/timeline/timelineRoutes';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';
import { assess, insertReport, insertSignal, insertStatus, SECRET } from './support';

// The timeline pages: per provider, location and unit, for inspectors, managers and meldpunt; filters that survive
// paging; a place filter that is a select for a few places and a search for many; times in Amsterdam.

let ctx: TestContext;
let app: Express;
const actor = systemActor('test');
let p: string;
let loc: string;
let unit: string;
let signalId: string;
let reportId: string;
let manager: Awaited<ReturnType<typeof loginAs>>;

const html = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  const provider = await ctx.services.providers.create(actor, {
    name: 'Huize Tijd',
    locations: [
      { name: 'Het Anker', address: 'A 1', municipality: 'Ede', units: [{ name: 'Kompas', careType: 'jeugdzorgplus', places: 8 }] },
      { name: 'De Haven', address: 'B 2', municipality: 'Ede', units: [] },
    ],
  });
  p = provider.id;
  const anker = provider.locations.find((l) => l.name === 'Het Anker')!;
  loc = anker.id;
  unit = anker.units[0]!.id;
  const db = ctx.services.db;
  signalId = await insertSignal(db, { providerId: p, at: '2026-03-01T10:00:00Z', locationId: loc, unitId: unit });
  await assess(db, signalId, ['vbm'], '2026-03-01T12:00:00Z');
  reportId = await insertReport(db, { providerId: p, at: '2026-02-20T15:45:00Z', locationId: loc, themes: ['veiligheid'] });
  await insertStatus(db, { providerId: p, kind: 'verscherpt-toezicht', startsOn: '2026-01-10', createdAt: '2026-01-10T09:00:00Z' });
  for (let i = 0; i < 60; i++) await insertSignal(db, { providerId: p, at: new Date(Date.UTC(2025, 5, 1) + i * 86_400_000).toISOString() });
  manager = await loginAs(app, (await makeUser(ctx.services, ['manager'])).email);
});
afterAll(() => ctx.cleanup());

test('inspecteur, manager and meldpunt open the timeline of a provider, a location and a unit; every other role is refused', async () => {
  const pages = [`/aanbieders/${p}/tijdlijn`, `/aanbieders/${p}/locaties/${loc}/tijdlijn`, `/aanbieders/${p}/groepen/${unit}/tijdlijn`];
  for (const role of ROLES) {
    const { agent } = await loginAs(app, (await makeUser(ctx.services, [role])).email);
    for (const page of pages) {
      const res = await agent.get(page);
      expect([role, page, res.status]).toEqual([role, page, (TIMELINE_READERS as readonly string[]).includes(role) ? 200 : 403]);
    }
    // The provider page links to the timelines only for those who may open them.
    const show = await agent.get(`/aanbieders/${p}`);
    expect(show.status).toBe(200);
    expect(show.text.includes(`href="/aanbieders/${p}/tijdlijn"`)).toBe(role !== 'beheerder');
    expect(show.text.includes(`href="/aanbieders/${p}/groepen/${unit}/tijdlijn"`)).toBe(role !== 'beheerder');
  }
  expect([...TIMELINE_READERS].sort()).toEqual(['inspecteur', 'manager', 'meldpunt']);
  const anonymous = await request(app).get(pages[0]!);
  expect([anonymous.status, anonymous.headers.location?.startsWith('/inloggen')]).toEqual([302, true]);
});

test('items show their kind, Amsterdam time, place and themes, and link to their page; no personal data', async () => {
  const res = await manager.agent.get(`/aanbieders/${p}/tijdlijn?to=2026-03-31`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('app-timeline__item app-timeline__item--signal');
  expect(res.text).toContain('app-timeline__item app-timeline__item--report');
  expect(res.text).toContain('app-timeline__item app-timeline__item--status');
  expect(res.text).toContain('<time datetime="2026-03-01T10:00:00.000Z">1 maart 2026 om 11:00</time>');
  expect(res.text).toContain('<time datetime="2026-02-20T15:45:00.000Z">20 februari 2026 om 16:45</time>');
  // A status begins on a day: the day alone.
  expect(res.text).toContain('<time datetime="2026-01-09T23:00:00.000Z">10 januari 2026</time>');
  expect(res.text).toContain(`href="/signalen/${signalId}"`);
  expect(res.text).toContain(`href="/meldingen/${reportId}"`);
  expect(res.text).toContain('Locatie Het Anker · Kompas');
  expect(res.text).toContain('Thema’s: Vrijheidsbeperkende maatregelen');
  expect(res.text).toContain('Begin verscherpt toezicht');
  for (const part of SECRET.split(' ').filter((w) => w.length > 3)) expect(res.text).not.toContain(part);
});

test('filters survive paging with "Ouder" and "Nieuwer"; the first page has no "Nieuwer"', async () => {
  const base = `/aanbieders/${p}/tijdlijn`;
  const first = await manager.agent.get(`${base}?kind=signal&from=2025-01-01&asOf=2026-12-31`);
  expect(first.status).toBe(200);
  expect((first.text.match(/class="app-timeline__item /g) ?? []).length).toBe(50);
  expect(first.text).not.toContain('>Nieuwer</a>');
  const older = /href="([^"]+)" rel="next">Ouder</.exec(first.text)![1]!;
  expect(html(older)).toMatch(/^\/aanbieders\/[^?]+\/tijdlijn\?kind=signal&from=2025-01-01&asOf=2026-12-31&cursor=[\w-]+$/);
  const second = await manager.agent.get(html(older));
  expect((second.text.match(/class="app-timeline__item /g) ?? []).length).toBe(11);
  expect(second.text).not.toContain('rel="next">Ouder');
  expect(second.text).toContain('zoals bekend op 31 december 2026');
  const newer = /href="([^"]+)" rel="prev">Nieuwer</.exec(second.text)![1]!;
  expect(html(newer)).toContain('kind=signal&from=2025-01-01&asOf=2026-12-31&newer=');
  const back = await manager.agent.get(html(newer));
  const list = (text: string) => /<ol class="app-timeline"[\s\S]*?<\/ol>/.exec(text)![0];
  expect(list(back.text)).toBe(list(first.text));
  expect((back.text.match(/class="app-timeline__item /g) ?? []).length).toBe(50);
  expect(back.text).toContain('value="signal" selected');
});

test('the place filter: a select of the provider’s own locations and units that leads to that place’s page', async () => {
  const res = await manager.agent.get(`/aanbieders/${p}/tijdlijn`);
  expect(res.text).toContain(`<option value="locatie:${loc}">Het Anker (hele locatie)</option>`);
  expect(res.text).toContain(`<option value="groep:${unit}">Kompas</option>`);
  const chosen = await manager.agent.get(`/aanbieders/${p}/tijdlijn?plaats=groep:${unit}&kind=signal&theme=vbm`);
  expect(chosen.status).toBe(303);
  expect(html(chosen.headers.location!)).toBe(`/aanbieders/${p}/groepen/${unit}/tijdlijn?kind=signal&theme=vbm`);
  const unitPage = await manager.agent.get(html(chosen.headers.location!));
  expect(unitPage.text).toContain('Tijdlijn van groep Kompas');
  expect((unitPage.text.match(/class="app-timeline__item /g) ?? []).length).toBe(1);
  expect(unitPage.text).toContain(`<option value="groep:${unit}" selected>`);
  // Back to the whole provider from the unit's page.
  const whole = await manager.agent.get(`/aanbieders/${p}/groepen/${unit}/tijdlijn?plaats=&kind=report`);
  expect(html(whole.headers.location!)).toBe(`/aanbieders/${p}/tijdlijn?kind=report`);
  // A location or unit of another provider is not found.
  const other = await ctx.services.providers.create(actor, {
    name: 'Ander',
    locations: [{ name: 'Elders', address: 'C 3', municipality: 'Ede', units: [{ name: 'Vreemd', careType: 'zikos', places: 4 }] }],
  });
  expect((await manager.agent.get(`/aanbieders/${p}/locaties/${other.locations[0]!.id}/tijdlijn`)).status).toBe(404);
  expect((await manager.agent.get(`/aanbieders/${p}/groepen/${other.locations[0]!.units[0]!.id}/tijdlijn`)).status).toBe(404);
  expect((await manager.agent.get(`/aanbieders/${other.id}/groepen/${unit}/tijdlijn`)).status).toBe(404);
});

test('a provider with many locations gets a search for its places instead of a select', async () => {
  const big = await ctx.services.providers.create(actor, {
    name: 'Groot Concern',
    locations: Array.from({ length: 45 }, (_, i) => ({ name: `Vestiging ${i + 1}`, address: `Weg ${i}`, municipality: 'Ede', units: [] })),
  });
  const res = await manager.agent.get(`/aanbieders/${big.id}/tijdlijn?kind=report`);
  expect(res.text).not.toContain('name="plaats"');
  expect(res.text).toContain('name="plaatsZoeken"');
  const found = await manager.agent.get(`/aanbieders/${big.id}/tijdlijn?kind=report&plaatsZoeken=Vestiging%2042`);
  const links = [...found.text.matchAll(/<a class="utrecht-link" href="([^"]+)">Locatie Vestiging 42<\/a>/g)].map((m) => html(m[1]!));
  expect(links).toEqual([expect.stringMatching(new RegExp(`^/aanbieders/${big.id}/locaties/[0-9a-f-]+/tijdlijn\\?kind=report$`))]);
});

test('bad input: 400 with the error beside the field and what was typed kept', async () => {
  const res = await manager.agent.get(`/aanbieders/${p}/tijdlijn?from=2026-02-30&kind=signal`);
  expect(res.status).toBe(400);
  expect(res.text).toContain('href="#veld-from"');
  expect(res.text).toContain('id="veld-from-error"');
  expect(res.text).toContain('value="2026-02-30"');
  expect(res.text).toContain('value="signal" selected');
  expect(res.text).not.toContain('class="app-timeline__item');
  const cursor = await manager.agent.get(`/aanbieders/${p}/tijdlijn?cursor=nep`);
  expect(cursor.status).toBe(400);
  expect(cursor.text).toContain('Deze verwijzing naar een pagina is ongeldig');
});

test('an inspector not assigned to the provider sees no signals or reports, but its statuses', async () => {
  const { agent } = await loginAs(app, (await makeUser(ctx.services, ['inspecteur'])).email);
  const res = await agent.get(`/aanbieders/${p}/tijdlijn`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('U ziet de signalen en meldingen die u mag inzien');
  expect(res.text).not.toContain('app-timeline__item--signal');
  expect(res.text).not.toContain('app-timeline__item--report');
  expect(res.text).toContain('app-timeline__item--status');
});
