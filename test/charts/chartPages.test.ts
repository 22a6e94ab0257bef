import type { Express } from 'express';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import { PERIOD_ERROR } from '../../src/providers/monthlyViews';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';
import { actor, markDuplicate, place, reportsAt, signalsAt, type Place } from './support';

// Issue 10 point 7: the chart of signals and reports per month on the provider page and on a location's and a
// group's own page; the period choice, bad input, and who sees it.
const NOW = new Date('2026-11-20T09:00:00Z');
let ctx: TestContext;
let app: Express;
type Session = Awaited<ReturnType<typeof loginAs>>;
const as: Record<string, Session> = {};
let here: Place;
let other: Place;

const utc = (s: string) => new Date(`${s}Z`);
const rowsOf = (html: string) =>
  [
    ...html.matchAll(
      /<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">([^<]+)<\/th><td[^>]*>([^<]+)<\/td><td[^>]*>([^<]+)<\/td><\/tr>/g,
    ),
  ].map((m) => [m[1], m[2], m[3]]);
/** The rows of the chart's table (its body: the total is apart). */
const chartTable = (html: string) => {
  const section = html.slice(html.indexOf('id="per-maand"'), html.indexOf('</section>', html.indexOf('id="per-maand"')));
  return rowsOf(section.slice(section.indexOf('<tbody'), section.indexOf('</tbody>')));
};

beforeAll(async () => {
  ctx = await testServices({ clock: fixedClock(NOW) });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  here = await place(ctx.services, 'De Horst');
  other = await place(ctx.services, 'Het Anker');
  const ines = await makeUser(ctx.services, ['inspecteur'], 'ines@igj.test');
  await makeUser(ctx.services, ['inspecteur'], 'otto@igj.test');
  await ctx.services.providers.setInspectors(actor, here.providerId, [ines.id], new Set([ines.id]));
  for (const [role, email] of [
    ['manager', 'mara@igj.test'],
    ['meldpunt', 'mel@igj.test'],
    ['beheerder', 'ben@igj.test'],
  ] as const)
    await makeUser(ctx.services, [role], email);
  for (const email of ['ines@igj.test', 'otto@igj.test', 'mara@igj.test', 'mel@igj.test', 'ben@igj.test'])
    as[email.split('@')[0]!] = await loginAs(app, email);
  // 1 Feb 00:30 in Amsterdam; two in the first group in March, one of them with a duplicate; one in the second group.
  const [first] = await signalsAt(ctx.services, here, [utc('2026-01-31T23:30:00'), utc('2026-03-02T10:00:00')]);
  const [dup] = await signalsAt(ctx.services, here, [utc('2026-03-02T11:00:00')]);
  await markDuplicate(ctx.services, dup!, first!);
  await signalsAt(ctx.services, here, [utc('2026-03-10T10:00:00')], 1);
  await reportsAt(ctx.services, here, [utc('2026-03-05T10:00:00')], 1);
  await signalsAt(ctx.services, other, [utc('2026-03-05T10:00:00')]);
});
afterAll(() => ctx.cleanup());

test('the provider page: the last 24 months as a chart with the figures as a table, empty months with zeros', async () => {
  const page = await as.mara!.agent.get(`/aanbieders/${here.providerId}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Signalen en meldingen per maand</h2>');
  expect(page.text).toMatch(/<svg class="app-chart" role="img" aria-labelledby="per-maand-titel per-maand-uitleg"/);
  expect(page.text).toContain('een signaal dat als dubbel is gemarkeerd telt niet apart mee');
  const rows = chartTable(page.text);
  expect(rows).toHaveLength(24);
  expect(rows[0]).toEqual(['dec 2024', '0', '0']);
  expect(rows.find((r) => r[0] === 'jan 2026')).toEqual(['jan 2026', '0', '0']);
  expect(rows.find((r) => r[0] === 'feb 2026')).toEqual(['feb 2026', '1', '0']);
  expect(rows.find((r) => r[0] === 'mrt 2026')).toEqual(['mrt 2026', '2', '1']);
  expect(page.text).toMatch(/scope="row">Totaal<\/th><td[^>]*>3<\/td><td[^>]*>1<\/td>/);
  // The chart's own links: a location's and each group's page.
  expect(page.text).toContain(`href="/aanbieders/${here.providerId}/locaties/${here.locationId}/per-maand"`);
  expect(page.text).toContain(`href="/aanbieders/${here.providerId}/groepen/${here.units[1]}/per-maand"`);
  expect(page.text).not.toMatch(/style="|<script(?! nonce)/);
});

test('a longer period shows years; a period that is not one of the choices says so in Dutch, never a 500', async () => {
  const years = await as.mara!.agent.get(`/aanbieders/${here.providerId}?period=60`);
  expect(years.status).toBe(200);
  expect(years.text).toContain('Signalen en meldingen per jaar</h2>');
  expect(chartTable(years.text)).toEqual([
    ['2022', '0', '0'],
    ['2023', '0', '0'],
    ['2024', '0', '0'],
    ['2025', '0', '0'],
    ['2026 (tot nu)', '3', '1'],
  ]);
  expect(years.text).toMatch(/<option value="60" selected>/);
  for (const bad of ['period=abc', 'period=36', 'period=12&period=24', 'period=%2060', 'period=%00']) {
    const res = await as.mara!.agent.get(`/aanbieders/${here.providerId}?${bad}`);
    expect([bad, res.status]).toEqual([bad, 400]);
    expect(res.text).toContain(`id="veld-period-error">${PERIOD_ERROR}</div>`);
    expect(res.text).toContain('href="#veld-period"');
    // The default period is still shown below the message.
    expect(chartTable(res.text)).toHaveLength(24);
  }
});

test('a location’s and a group’s page: their own counts and table; another provider’s place is not found', async () => {
  const location = await as.mel!.agent.get(`/aanbieders/${here.providerId}/locaties/${here.locationId}/per-maand?period=12`);
  expect(location.status).toBe(200);
  expect(location.text).toContain('Signalen en meldingen — locatie De Horst locatie');
  expect(chartTable(location.text).find((r) => r[0] === 'mrt 2026')).toEqual(['mrt 2026', '2', '1']);
  expect(chartTable(location.text)).toHaveLength(12);
  const unit = await as.mel!.agent.get(`/aanbieders/${here.providerId}/groepen/${here.units[1]}/per-maand`);
  expect(unit.status).toBe(200);
  expect(unit.text).toContain('Signalen en meldingen — groep Berkenhof');
  expect(unit.text).toContain(`href="/aanbieders/${here.providerId}/groepen/${here.units[1]}/tijdlijn"`);
  expect(chartTable(unit.text).find((r) => r[0] === 'mrt 2026')).toEqual(['mrt 2026', '1', '1']);
  expect(chartTable(unit.text).find((r) => r[0] === 'feb 2026')).toEqual(['feb 2026', '0', '0']);
  const bad = await as.mel!.agent.get(`/aanbieders/${here.providerId}/groepen/${here.units[1]}/per-maand?period=jaar`);
  expect(bad.status).toBe(400);
  expect(bad.text).toContain(PERIOD_ERROR);
  expect((await as.mel!.agent.get(`/aanbieders/${here.providerId}/groepen/${other.units[0]}/per-maand`)).status).toBe(404);
  expect((await as.mel!.agent.get(`/aanbieders/${here.providerId}/locaties/${other.locationId}/per-maand`)).status).toBe(404);
});

test('inspectors see the counts of any provider, told that they count what they cannot open; a beheerder sees none', async () => {
  for (const who of ['ines', 'otto']) {
    const page = await as[who]!.agent.get(`/aanbieders/${here.providerId}`);
    expect(chartTable(page.text).find((r) => r[0] === 'mrt 2026')).toEqual(['mrt 2026', '2', '1']);
    expect(page.text).toContain('ook die u zelf niet kunt openen');
    expect((await as[who]!.agent.get(`/aanbieders/${here.providerId}/groepen/${here.units[0]}/per-maand`)).status).toBe(200);
  }
  expect((await as.mara!.agent.get(`/aanbieders/${here.providerId}`)).text).not.toContain('ook die u zelf niet kunt openen');
  const admin = await as.ben!.agent.get(`/aanbieders/${here.providerId}`);
  expect(admin.status).toBe(200);
  expect(admin.text).not.toContain('per-maand');
  // Not even a refused period: the beheerder has no chart, so nothing to refuse.
  expect((await as.ben!.agent.get(`/aanbieders/${here.providerId}?period=abc`)).status).toBe(200);
  for (const path of [
    `/aanbieders/${here.providerId}/groepen/${here.units[0]}/per-maand`,
    `/aanbieders/${here.providerId}/locaties/${here.locationId}/per-maand`,
  ])
    expect((await as.ben!.agent.get(path)).status).toBe(403);
});
