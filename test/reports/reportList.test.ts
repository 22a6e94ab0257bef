import type { Express } from 'express';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';
import { actor, apiBody, reportPlaces, type Places } from './support';

// Issue 10, point 1: /meldingen, paged with its true count like /signalen, filtered by kind, provider (a search, not
// a select of every provider), lateness and whether a decision is still missing, and sortable by its columns.

const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let p: Places;
let manager: Awaited<ReturnType<typeof loginAs>>;

const references = (html: string) => [...html.matchAll(/>(M-\d{4}-\d{6})<\/a>/g)].map((m) => m[1]!);
const unescape = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  p = await reportPlaces(ctx.services);
  manager = await loginAs(app, (await makeUser(ctx.services, ['manager'])).email);
  // 28 reports about Het Open Huis, in time, one hour apart; 3 late geweld reports about De Gesloten Poort, one decided.
  for (let i = 0; i < 28; i++) {
    clock.set(new Date(Date.parse('2026-11-20T09:00:00Z') + i * 3_600_000));
    await ctx.services.reports.register(actor, apiBody(p.huis), { via: 'api' });
  }
  for (let i = 0; i < 3; i++)
    await ctx.services.reports.register(
      actor,
      apiBody(p.poort, {
        kind: 'geweld',
        occurredAt: '2026-11-02T10:00:00+01:00',
        reportedAt: `2026-11-1${i}T10:00:00+01:00`,
        ...(i === 0 ? { decision: 'zelf-onderzoek', decisionReasons: 'Intern onderzoek' } : {}),
      }),
      { via: 'api' },
    );
  // Many more providers, so that a select of all of them would show.
  await sql`insert into providers (name, type) select 'Zorgaanbieder ' || n, 'jeugdhulpaanbieder' from generate_series(1, 120) n`.execute(
    ctx.services.db,
  );
});
afterAll(() => ctx.cleanup());

test('25 a page with the true count; the last page, and one past it, show the rest', async () => {
  const first = await manager.agent.get('/meldingen');
  expect(first.status).toBe(200);
  expect(first.text).toContain('Meldingen 1–25 van 31');
  const refs = references(first.text);
  expect(refs).toHaveLength(25);
  // Newest registration first.
  expect(refs[0]).toBe('M-2026-000031');
  expect(unescape(first.text)).toContain('href="/meldingen?page=2" rel="next"');
  const second = await manager.agent.get('/meldingen?page=2');
  expect(second.text).toContain('Meldingen 26–31 van 31');
  expect(references(second.text)).toHaveLength(6);
  expect((await manager.agent.get('/meldingen?page=99999999999')).text).toContain('Meldingen 26–31 van 31');
  // The list shows no summary or description: those open on the audited report page.
  expect(first.text).not.toContain('Jongere gewond bij vastpakken');
});

test('filters: kind, late, undecided; each keeps the others in its page links and sort headers', async () => {
  const geweld = await manager.agent.get('/meldingen?kind=geweld');
  expect(geweld.text).toContain('Meldingen 1–3 van 3');
  const late = await manager.agent.get('/meldingen?late=ja');
  expect(late.text).toContain('Meldingen 1–3 van 3');
  expect(late.text).toContain('<span class="app-tag app-tag--danger">Te laat</span>');
  expect((await manager.agent.get('/meldingen?late=nee')).text).toContain('Meldingen 1–25 van 28');
  const undecided = await manager.agent.get('/meldingen?late=ja&undecided=1');
  expect(undecided.text).toContain('Meldingen 1–2 van 2');
  expect(unescape(undecided.text)).toContain('href="/meldingen?late=ja&undecided=1&sort=occurred&dir=desc"');
  // Junk filters filter nothing.
  expect((await manager.agent.get('/meldingen?kind=iets&late=misschien&provider=x')).text).toContain('Meldingen 1–25 van 31');
});

test('the provider filter is a search: matches as radio buttons, then the chosen provider with a link to drop it', async () => {
  const searched = await manager.agent.get('/meldingen?providerQ=Gesloten');
  expect(searched.text).not.toMatch(/<select[^>]*name="provider"/);
  expect(searched.text).toContain(`name="provider" value="${p.poort}"`);
  const chosen = await manager.agent.get(`/meldingen?provider=${p.poort}`);
  expect(chosen.text).toContain('Aanbieder: <strong>De Gesloten Poort</strong>');
  expect(chosen.text).toContain('Meldingen 1–3 van 3');
  expect(unescape(chosen.text)).toContain('href="/meldingen">wis');
});

test('sorting by a column, both ways, ending on the reference so pages never overlap', async () => {
  const byProvider = await manager.agent.get('/meldingen?sort=provider&dir=asc');
  expect(references(byProvider.text).slice(0, 3)).toEqual(['M-2026-000029', 'M-2026-000030', 'M-2026-000031']);
  expect(byProvider.text).toContain('aria-sort="ascending"');
  const reported = await manager.agent.get('/meldingen?sort=reported&dir=asc');
  expect(references(reported.text)[0]).toBe('M-2026-000029');
  const pages = [
    ...references((await manager.agent.get('/meldingen?sort=occurred&dir=desc')).text),
    ...references((await manager.agent.get('/meldingen?sort=occurred&dir=desc&page=2')).text),
  ];
  expect(new Set(pages).size).toBe(31);
});
