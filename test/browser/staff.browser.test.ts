import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed';
import { fixedClock } from '../../src/clock';
import { testServices, type TestContext } from '../support/testServices';
import { axeViolations, launch, screenshot, serve } from './support';
import { LoginPage } from './pages/loginPage';

let ctx: TestContext;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
const clock = fixedClock(new Date());

beforeAll(async () => {
  ctx = await testServices({ clock });
  // The full demo: a year of signals, so the pages are checked with realistic content.
  const seeded = await seedDemo(ctx.services, () => undefined, clock);
  expect(seeded.signalsCreated).toBeGreaterThan(250);
  clock.set(new Date());
  server = await serve(createApp(ctx.services, { loginRateLimit: 1000 }));
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx.cleanup();
});

async function logIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const login = new LoginPage(page, server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

async function accessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

test('meldpunt: work queue with overdue and due-soon signals, a signal page, recording a contact', async () => {
  const page = await logIn('meldpunt1@demo.igj.test');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Werkvoorraad' }).click();
  await page.getByRole('heading', { name: 'Werkvoorraad' }).waitFor();
  const table = await page.locator('table').innerText();
  expect(table).toContain('Te laat');
  expect(table).toContain('Binnen 12 uur');
  await accessible(page, 'werkvoorraad');

  await page.locator('table tbody tr').first().getByRole('link').click();
  await page.getByRole('heading', { name: /Contacttermijn/ }).waitFor();
  await accessible(page, 'signaal');

  await page.getByLabel('Ja, ik heb de melder gesproken of geschreven').check();
  await page.getByRole('button', { name: 'Vastleggen' }).click();
  await page.getByRole('heading', { name: 'Er is iets niet goed ingevuld' }).waitFor();
  await accessible(page, 'signaal-contact-fout');
  await page.locator('#veld-structuralUnsafety-1').check();
  await page.locator('#veld-boundaryCrossing-1').check();
  await page.getByRole('button', { name: 'Vastleggen' }).click();
  await page.getByText('Het contactmoment is vastgelegd.').waitFor();
  expect(await page.getByRole('heading', { name: /Contacttermijn/ }).innerText()).toMatch(/Contact (binnen de norm|na de termijn)/);
});

test('meldpunt: registering a signal by phone', async () => {
  const page = await logIn('meldpunt2@demo.igj.test');
  await page.goto(`${server.url}/signalen/nieuw`);
  await accessible(page, 'signaal-registreren');
});

test('manager: the follow-up report with chart', async () => {
  const page = await logIn('manager@demo.igj.test');
  await page.goto(`${server.url}/rapportage/opvolging`);
  await page.getByRole('img', { name: /binnen 48 uur, per week/ }).waitFor();
  await accessible(page, 'rapportage-opvolging');
});

test('beheerder: the norms', async () => {
  const page = await logIn('beheer@demo.igj.test');
  await page.goto(`${server.url}/beheer/normen`);
  await page.getByRole('link', { name: /48 uur/ }).click();
  await accessible(page, 'norm-wijzigen');
});
