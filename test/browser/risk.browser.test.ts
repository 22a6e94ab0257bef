import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';

// Issue 10, points 5 and 7, in a browser under the strict CSP: an inspector opens the risk overview from the menu, reads
// the ranking with its reasons and the funnel plot of closed care, switches to groups of another care type; a manager
// pages and sorts. axe finds nothing on any of them.

const f = browserFixture({ signals: true });

async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

async function logIn(email: string, width = 1280): Promise<{ page: Page; cspErrors: string[] }> {
  const page = await (await f.browser.newContext({ viewport: { width, height: 900 } })).newPage();
  const cspErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { name: /^Welkom/ }).waitFor();
  return { page, cspErrors };
}

test('an inspector reads the ranking with its reasons and the funnel plot, then the groups of another care type', async () => {
  const { page, cspErrors } = await logIn('inspecteur1@demo.igj.test');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Risico-overzicht' }).click();
  await page.getByRole('heading', { name: 'Risico-overzicht', level: 1 }).waitFor();

  const table = page.getByRole('table', { name: /Aanbieders gerangschikt/ });
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(1);
  // Every row says why it is there, and links to the provider, its timeline and its open alerts.
  expect((await rows.first().locator('td.app-risk-reasons').innerText()).length).toBeGreaterThan(10);
  await rows.first().getByRole('link', { name: 'Tijdlijn' }).waitFor();
  await rows.first().getByRole('link', { name: 'Open waarschuwingen' }).waitFor();
  await page.getByText('nog geen inspecties').first().waitFor();

  const funnel = page.getByRole('img', { name: /Trechtergrafiek van signalen per plaats, JeugdzorgPlus/ });
  await funnel.waitFor();
  expect(await funnel.locator('.app-funnel__point').count()).toBeGreaterThan(0);
  await page.getByText('Hoe de score wordt berekend').click();
  await page.getByText('10 punten per open waarschuwing', { exact: false }).waitFor();
  await expectAccessible(page, 'risico-01-aanbieders');

  await page.getByLabel('Weergave', { exact: true }).selectOption('groepen');
  await page.getByLabel('Zorgsoort', { exact: true }).selectOption('kleinschalig');
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.getByRole('table', { name: /Groepen gerangschikt/ }).waitFor();
  await page.getByRole('heading', { name: 'Trechtergrafiek: Kleinschalige woonvoorziening' }).waitFor();
  expect(page.url()).toContain('view=groepen');
  expect(page.url()).toContain('careType=kleinschalig');
  await expectAccessible(page, 'risico-02-groepen-kleinschalig');
  expect(cspErrors).toEqual([]);
});

test('a manager pages and sorts with the filters kept, also on a narrow screen', async () => {
  const { page, cspErrors } = await logIn('manager@demo.igj.test');
  await page.goto(`${f.server.url}/risico?view=groepen`);
  const status = page.getByRole('status');
  expect(await status.innerText()).toMatch(/^Groepen 1–25 van \d/);
  await page.getByRole('link', { name: /^Signalen in 90 dagen/ }).click();
  await page.waitForURL(/sort=signals/);
  expect(await page.getByRole('columnheader', { name: /Signalen in 90 dagen/ }).getAttribute('aria-sort')).toBe('descending');
  const next = page.getByRole('navigation', { name: 'Pagina’s van het risico-overzicht' }).getByRole('link', { name: /Volgende/ });
  if (await next.count()) {
    await next.click();
    await page.waitForURL(/page=2/);
    expect(page.url()).toContain('view=groepen');
    expect(page.url()).toContain('sort=signals');
    expect(await status.innerText()).toMatch(/^Groepen 26–/);
  }
  await expectAccessible(page, 'risico-03-groepen-gesorteerd');

  const narrow = await logIn('manager@demo.igj.test', 390);
  await narrow.page.goto(`${f.server.url}/risico`);
  await narrow.page.getByRole('img', { name: /Trechtergrafiek/ }).waitFor();
  await expectAccessible(narrow.page, 'risico-04-smal');
  expect([...cspErrors, ...narrow.cspErrors]).toEqual([]);
});
