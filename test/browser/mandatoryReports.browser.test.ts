import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';
import { MandatoryReportForm } from './pages/mandatoryReportPages';

// Issue 10, point 1 in Chromium: an inspector registers a mandatory report about a death in a ZIKOS unit. Any
// decision but "the IGJ investigates itself" is refused beside the field, with everything typed kept; the report page
// shows it afterwards. axe finds no violations on the list, the form, the refused form and the report page.
const f = browserFixture();
let zikos: { label: string; search: string };

beforeAll(async () => {
  const s = f.ctx.services;
  // A ZIKOS unit of the demo landscape, and the words the place search shows for it.
  const unit = await s.db
    .selectFrom('units as u')
    .innerJoin('locations as l', 'l.id', 'u.location_id')
    .select(['u.id', 'u.name', 'l.name as location'])
    .where('u.care_type', '=', 'zikos')
    .orderBy('l.name')
    .executeTakeFirstOrThrow();
  // A group is found by its own name (with the location's, to tell equal names apart).
  zikos = { label: (await s.providers.placeLabel(`u:${unit.id}`, { staff: true }))!, search: `${unit.name} ${unit.location}` };
});

async function logIn(email: string): Promise<Page> {
  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

async function accessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

test('an inspector registers a death in ZIKOS; another decision than an IGJ investigation is refused', async () => {
  const page = await logIn('inspecteur1@demo.igj.test');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Meldingen' }).click();
  await page.getByRole('heading', { name: 'Meldingen', level: 1 }).waitFor();
  await accessible(page, 'meldingen');

  await page.getByRole('link', { name: 'Melding registreren' }).click();
  const form = new MandatoryReportForm(page);
  await page.getByRole('heading', { name: 'Melding registreren' }).waitFor();
  await accessible(page, 'melding-registreren');

  await form.choose('Calamiteit');
  await form.fill('Gebeurd op (Nederlandse tijd)', '2026-01-05T22:15');
  await form.fill('Gemeld bij de IGJ op (Nederlandse tijd)', '2026-01-06T09:00');
  await form.fill('Aantal betrokken jeugdigen', '1');
  await form.choose('Ja');
  await form.fill('Korte samenvatting', 'Jongere overleden tijdens afzondering');
  await form.fill('Wat is er gebeurd?', 'Een jongere werd ’s nachts levenloos gevonden in de afzonderingsruimte.');
  await form.choose('Vrijheidsbeperkende maatregelen');
  await form.choosePlace(zikos.search, zikos.label);
  // What was typed before the search is still there.
  expect(await page.getByLabel('Korte samenvatting').inputValue()).toBe('Jongere overleden tijdens afzondering');
  await form.choose('De aanbieder onderzoekt zelf');
  await form.fill('Redenen van het besluit', 'De aanbieder heeft een extern onderzoek gestart.');
  await form.register();

  await page.getByRole('heading', { name: 'Er is iets niet goed ingevuld' }).waitFor();
  expect(await form.errorBeside('decision')).toContain('onderzoekt de IGJ altijd zelf');
  expect(await page.getByLabel('Wat is er gebeurd?').inputValue()).toContain('levenloos gevonden');
  expect(await page.getByLabel(zikos.label, { exact: true }).isChecked()).toBe(true);
  await accessible(page, 'melding-besluit-geweigerd');

  await form.choose('De IGJ onderzoekt zelf');
  await form.fill('Redenen van het besluit', 'Overlijden in de gesloten jeugdhulp: de IGJ onderzoekt zelf.');
  await form.register();
  await page.getByRole('heading', { name: /^Melding M-\d{4}-\d{6}$/ }).waitFor();
  const facts = await page.locator('main').innerText();
  expect(facts).toContain('De IGJ onderzoekt zelf');
  expect(facts).toContain('5 januari 2026 om 22:15');
  expect(facts).toContain('ZIKOS');
  // Three working days after Monday 5 January 22:15 is Thursday 8 January 22:15: reported the next morning, in time.
  expect(facts).toContain('Op tijd gemeld (uiterlijk 8 januari 2026 om 22:15)');
  await accessible(page, 'melding');
});

test('the demo reports: a late one is marked in the list and on its page', async () => {
  const page = await logIn('manager@demo.igj.test');
  await page.goto(`${f.server.url}/meldingen?late=ja`);
  const rows = page.locator('table tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(1);
  expect(await rows.first().innerText()).toContain('Te laat');
  await rows.first().getByRole('link').first().click();
  await page.getByRole('heading', { name: /^Melding M-/ }).waitFor();
  expect(await page.locator('.utrecht-alert--warning').innerText()).toContain('Te laat gemeld.');
  await accessible(page, 'melding-te-laat');
});

test('the report pages, and the menu with its new item, fit a 1024 px window without scrolling sideways', async () => {
  const wide: string[] = [];
  for (const email of ['manager@demo.igj.test', 'inspecteur4@demo.igj.test', 'meldpunt1@demo.igj.test']) {
    const page = await logIn(email);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${f.server.url}/meldingen`);
    const report = await page.locator('table tbody a').first().getAttribute('href');
    for (const path of ['/', '/meldingen', '/meldingen?late=ja&undecided=1&sort=provider&dir=asc', report!, '/meldingen/nieuw']) {
      const res = await page.goto(`${f.server.url}${path}`);
      if (res!.status() === 403) continue;
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (over > 0) wide.push(`${email} ${path}: ${over} px te breed`);
    }
  }
  expect(wide).toEqual([]);
});
