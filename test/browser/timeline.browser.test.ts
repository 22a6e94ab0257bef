import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';
import { TimelinePage } from './pages/timelinePage';
import { insertSignal } from '../timeline/support';

// Issue 10, point 2: the provider timeline in a browser, under the strict CSP: filters, paging, a unit's timeline,
// "zoals bekend op" and a refused date; axe finds nothing on any of them.

const f = browserFixture({ signals: true });

async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

test('a manager reads a provider’s timeline, filters it, pages back and forth and opens a unit’s timeline', async () => {
  const busiest = await f.ctx.services.db
    .selectFrom('signals')
    .select(['provider_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('provider_id', 'is not', null)
    .groupBy('provider_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  // Enough signals for more than one page, whatever the demo's year drew.
  for (let i = 0; i < 55; i++)
    await insertSignal(f.ctx.services.db, {
      providerId: busiest.provider_id!,
      at: new Date(Date.now() - (400 + i) * 86_400_000).toISOString(),
    });
  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const cspErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn('manager@demo.igj.test', DEMO_PASSWORD);
  await page.getByRole('heading', { name: /^Welkom/ }).waitFor();
  await page.goto(`${f.server.url}/aanbieders/${busiest.provider_id}`);

  const timeline = new TimelinePage(page);
  await timeline.openFromProviderPage();
  expect((await timeline.items()).length).toBeGreaterThan(0);
  expect(await timeline.kinds()).toContain('Signaal');
  await expectAccessible(page, 'tijdlijn-01-aanbieder');

  await timeline.filter({ kind: 'Signaal' });
  expect(new Set(await timeline.kinds())).toEqual(new Set(['Signaal']));
  const firstPage = await timeline.items();
  await expectAccessible(page, 'tijdlijn-02-signalen');
  await timeline.page_('Ouder');
  expect(page.url()).toContain('kind=signal');
  const older = await timeline.items();
  expect(older.some((t) => firstPage.includes(t))).toBe(false);
  await expectAccessible(page, 'tijdlijn-03-ouder');
  await timeline.page_('Nieuwer');
  expect(await timeline.items()).toEqual(firstPage);

  // As known a year ago: fewer or no items, and the page says what it shows.
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  await timeline.filter({ asOf: yearAgo });
  await page.locator('strong', { hasText: 'zoals bekend op' }).waitFor();
  await expectAccessible(page, 'tijdlijn-04-zoals-bekend-op');

  // A unit's timeline, chosen in the place filter.
  const unitOption = page.locator('#veld-plaats option[value^="groep:"]').first();
  const unitValue = await unitOption.getAttribute('value');
  await page.getByLabel('Locatie of groep').selectOption(unitValue);
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.getByRole('heading', { level: 1, name: /^Tijdlijn van groep /i }).waitFor();
  expect(page.url()).toContain('/groepen/');
  await expectAccessible(page, 'tijdlijn-05-groep');

  // A date that does not exist: the error summary, the message beside the field, the typed value kept.
  await page.goto(`${page.url().split('?')[0]}?from=2026-02-30`);
  await page.getByRole('heading', { name: 'Er is iets niet goed ingevuld' }).waitFor();
  await expectAccessible(page, 'tijdlijn-06-fout');

  expect(cspErrors).toEqual([]);
});
