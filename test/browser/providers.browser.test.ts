import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';
import { ProviderListPage } from './pages/providerPages';

const f = browserFixture();

async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

test('log in, open the provider list, search, open a provider: every page passes axe', async () => {
  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const cssFailures: string[] = [];
  page.on('response', (r) => r.url().endsWith('.css') && r.status() !== 200 && cssFailures.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && cssFailures.push(m.text()));

  const login = new LoginPage(page, f.server.url);
  await login.open();
  await expectAccessible(page, '01-inloggen');
  await login.logIn('inspecteur1@demo.igj.test', 'fout wachtwoord');
  expect(await login.errorText()).toContain('Het e-mailadres of het wachtwoord klopt niet.');
  await expectAccessible(page, '02-inloggen-fout');
  await login.logIn('inspecteur1@demo.igj.test', DEMO_PASSWORD);
  await page.getByRole('heading', { name: 'Welkom, Ines Inspecteur' }).waitFor();
  expect(await page.locator('header').innerText()).toContain('(Inspecteur)');
  await expectAccessible(page, '03-start');

  const list = new ProviderListPage(page);
  await list.openFromMenu();
  expect((await list.resultNames()).length).toBe(40);
  await expectAccessible(page, '04-aanbieders');

  await list.search('lindehoeve');
  expect(await list.resultNames()).toEqual(['Stichting De Lindehoeve (fictief)']);
  await expectAccessible(page, '05-zoeken');

  await list.open('Stichting De Lindehoeve (fictief)');
  await page.getByRole('heading', { level: 1, name: 'Stichting De Lindehoeve (fictief)' }).waitFor();
  expect(await page.getByText('ZIKOS (binnen JeugdzorgPlus)').count()).toBeGreaterThan(0);
  await expectAccessible(page, '06-aanbieder');

  // The NL Design System styles load from the app itself under the strict CSP.
  expect(cssFailures).toEqual([]);
  const font = await page.evaluate(() => getComputedStyle(document.querySelector('.utrecht-heading-1')!).fontWeight);
  expect(Number(font)).toBeGreaterThanOrEqual(600);
});

test('the same journey works with JavaScript switched off', async () => {
  const page = await (await f.browser.newContext({ javaScriptEnabled: false })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn('meldpunt1@demo.igj.test', DEMO_PASSWORD);
  await page.getByRole('heading', { name: 'Welkom, Mila Meldpunt' }).waitFor();
  const list = new ProviderListPage(page);
  await list.openFromMenu();
  await list.search('Zwolle');
  expect((await list.resultNames()).length).toBeGreaterThan(0);
});

test('a form with errors is accessible and keeps the input (beheerder adds a user)', async () => {
  const page = await (await f.browser.newContext()).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn('beheer@demo.igj.test', DEMO_PASSWORD);
  await page.goto(`${f.server.url}/beheer/gebruikers/nieuw`);
  await page.getByLabel('Naam').fill('Nieuwe Collega');
  await page.getByLabel('E-mailadres').fill('geen-adres');
  await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
  await page.getByRole('heading', { name: 'Er is iets niet goed ingevuld' }).waitFor();
  expect(await page.getByLabel('Naam').inputValue()).toBe('Nieuwe Collega');
  await expectAccessible(page, '07-gebruiker-fouten');
  await page.getByRole('link', { name: /Vul een geldig e-mailadres in/ }).click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('veld-email');
});
