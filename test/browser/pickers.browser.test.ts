import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { systemActor } from '../../src/audit/types';
import { axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';

// Issue 9, points 3 and 4 as staff see them, with JavaScript switched off: choosing a place on /signalen/nieuw and a
// provider in the work queue's filter by searching, and the queue in pages with its true count.
const f = browserFixture();
const actor = systemActor('test');

beforeAll(async () => {
  const s = f.ctx.services;
  const kompas = await s.providers.create(actor, {
    name: 'Huize Kompas',
    locations: [
      {
        name: 'Kompas aan de IJssel',
        address: 'Kade 9',
        municipality: 'Deventer',
        units: [
          { name: 'Zeester', careType: 'jeugdzorgplus', places: 8 },
          { name: 'Vuurtoren', careType: 'open-residentieel', places: 6 },
        ],
      },
    ],
  });
  const signal = (providerId?: string) =>
    s.signals.register(actor, {
      channel: 'telefoon',
      reporterType: 'jeugdige',
      summary: 'Wacht op contact',
      description: 'Belde over de groep.',
      contact: { phone: '06 11112222' },
      providerId,
    });
  // More than a page of waiting signals, three about Huize Kompas.
  for (let i = 0; i < 52; i++) await signal();
  for (let i = 0; i < 3; i++) await signal(kompas.id);
}, 60_000);

async function logIn(email: string): Promise<Page> {
  const context = await f.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  // A locator that finds nothing fails with its own message, well within the test's time.
  page.setDefaultTimeout(10_000);
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

/** axe needs JavaScript: it checks the same HTML in a page that has it, on the same server for the styles. */
async function accessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const html = await page.content();
  const checker = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await checker.goto(`${f.server.url}/inloggen`);
  await checker.setContent(html, { waitUntil: 'load' });
  expect(await axeViolations(checker)).toEqual([]);
  await checker.context().close();
}

test('without JavaScript: search a place on /signalen/nieuw, choose a group, register', async () => {
  const page = await logIn('meldpunt1@demo.igj.test');
  await page.goto(`${f.server.url}/signalen/nieuw`);
  expect(await page.locator('select#veld-place').count()).toBe(0);
  await page.getByLabel('Kanaal').selectOption({ label: 'Telefoon' });
  await page.getByLabel('Wie meldt').selectOption({ label: 'Ouder of verzorger' });
  await page.getByLabel('Korte samenvatting').fill('Gezocht zonder JavaScript');
  await page.getByLabel('Wat is er gemeld?').fill('Vader belde over de groep Zeester.');
  await page.getByLabel('Telefoon', { exact: true }).fill('06 98765432');
  await page.getByLabel('Aanbieder, locatie of groep zoeken').fill('zeester');
  await page.getByRole('button', { name: 'Zoeken', exact: true }).click();

  const group = page.getByLabel('Zeester · JeugdzorgPlus (gesloten jeugdhulp) — Kompas aan de IJssel, Huize Kompas');
  await group.waitFor();
  // The form came back with everything typed.
  expect(await page.getByLabel('Korte samenvatting').inputValue()).toBe('Gezocht zonder JavaScript');
  expect(await page.getByLabel('Wat is er gemeld?').inputValue()).toBe('Vader belde over de groep Zeester.');
  expect(await page.getByLabel('Telefoon', { exact: true }).inputValue()).toBe('06 98765432');
  await group.check();
  await accessible(page, 'signaal-registreren-plek-gezocht');

  await page.getByRole('button', { name: 'Registreren' }).click();
  await page.getByText(/Signaal S-\d{4}-\d{6} is geregistreerd/).waitFor();
  const body = await page.locator('main').innerText();
  expect(body).toContain('Huize Kompas');
  expect(body).toContain('Zeester');
});

test('without JavaScript: the work queue in pages of 50 with its true total, filtered by a provider found by search', async () => {
  const page = await logIn('meldpunt2@demo.igj.test');
  await page.goto(`${f.server.url}/werkvoorraad`);
  const total = /Signalen 1–50 van (\d+)/.exec(await page.getByText(/^Signalen 1–50 van/).innerText());
  expect(Number(total![1])).toBeGreaterThanOrEqual(55);
  expect(await page.locator('table tbody tr').count()).toBe(50);
  await page.getByRole('navigation', { name: 'Pagina’s' }).getByRole('link', { name: 'Volgende pagina' }).click();
  await page.getByText(/^Signalen 51–/).waitFor();

  await page.getByLabel('Aanbieder zoeken').fill('Deventer vuurtoren');
  await page.getByRole('button', { name: 'Zoek aanbieder' }).click();
  const choice = page.getByRole('group', { name: 'Kies de aanbieder' }).getByLabel('Huize Kompas (Deventer)');
  await choice.check();
  await accessible(page, 'werkvoorraad-aanbieder-gezocht');
  await page.getByRole('button', { name: 'Filteren' }).click();

  // Its three waiting signals, and the one the test above registered when it runs first.
  const shown = /^Signalen 1–(\d) van (\d)$/.exec(await page.getByText(/^Signalen 1–\d van \d$/).innerText());
  expect(shown![1]).toBe(shown![2]);
  expect(Number(shown![1])).toBeGreaterThanOrEqual(3);
  expect(await page.locator('.app-picker').innerText()).toContain('Aanbieder: Huize Kompas');
  expect(await page.locator('table tbody tr').count()).toBe(Number(shown![1]));
  expect(await page.locator('table tbody').innerText()).toContain('Huize Kompas');
  await accessible(page, 'werkvoorraad-aanbieder-gekozen');
  await page.getByRole('link', { name: 'wis het filter op deze aanbieder' }).click();
  await page.getByText(/^Signalen 1–50 van/).waitFor();
  expect(page.url()).not.toContain('providerId');
});
