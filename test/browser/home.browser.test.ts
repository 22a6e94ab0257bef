import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { systemActor } from '../../src/audit/types';
import { ARTIFACTS, axeViolations, browserFixture } from './support';
import { LoginPage } from './pages/loginPage';

// Issue 8, points 8–10 as people meet them: each role's home page, the search list, the consultations list and a
// provider's signals; every page screenshotted to test-artifacts/screenshots and checked with axe-core.
const f = browserFixture();
// Beside the other browser tests' screenshots (test-artifacts/screenshots).
const SCREENS = ARTIFACTS;
let providerId: string;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  const s = f.ctx.services;
  const ines = (await s.users.list()).find((u) => u.email === 'inspecteur1@demo.igj.test')!;
  // A closed-care provider of Ines, so its signals bring a consultation.
  const [own] = await s.db
    .selectFrom('provider_inspectors as pi')
    .innerJoin('locations as l', 'l.provider_id', 'pi.provider_id')
    .innerJoin('units as u', 'u.location_id', 'l.id')
    .select('pi.provider_id')
    .where('pi.user_id', '=', ines.id)
    .where('u.care_type', 'in', ['jeugdzorgplus', 'zikos'])
    .execute();
  providerId = own!.provider_id;
  const hour = 3_600_000;
  for (const [i, summary] of [
    'Afzondering zonder uitleg',
    'Geen toezicht in de nacht',
    'Steeds andere invalkrachten',
    'Al weken geen school',
  ].entries()) {
    const receivedAt = new Date(Date.now() - (10 + i * 20) * hour).toISOString();
    await s.signals.register(systemActor('test'), {
      channel: 'telefoon',
      reporterType: 'jeugdige',
      providerId,
      summary,
      description: 'Fictief.',
      receivedAt,
      contact: { phone: '06 11223344' },
    });
  }
  await s.db.updateTable('signals').set({ urgent_at: new Date() }).where('summary', '=', 'Geen toezicht in de nacht').execute();
});

async function logIn(email: string): Promise<Page> {
  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1, name: /Welkom/ }).waitFor();
  return page;
}

async function accessible(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  expect([name, await axeViolations(page)]).toEqual([name, []]);
}

test.each([
  ['meldpunt', 'meldpunt1@demo.igj.test', 'Meldpunt'],
  ['inspecteur', 'inspecteur1@demo.igj.test', 'Inspecteur: mijn aanbieders'],
  ['manager', 'manager@demo.igj.test', 'Manager: termijnen'],
  ['beheerder', 'beheer@demo.igj.test', 'Beheer'],
])('the home page of %s shows its section, and its counts open their lists', async (role, email, heading) => {
  const page = await logIn(email);
  await page.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor();
  expect(await page.locator('.app-home-section').count()).toBe(1);
  await accessible(page, `home-${role}`);
  // The first count of the section leads to its list, which opens without an error.
  const first = page.locator('.app-tile__link').first();
  const shown = await first.locator('.app-tile__value').innerText();
  await first.click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(await page.getByRole('heading', { level: 1 }).innerText()).not.toMatch(/mis|toegang|bestaat niet/i);
  if (role === 'inspecteur') {
    expect(await page.getByRole('status').innerText()).toContain(`van ${shown}`);
    await accessible(page, 'afstemmingen-inspecteur');
  }
});

test('meldpunt searches, narrows with filters kept in the address, and opens a result', async () => {
  const page = await logIn('meldpunt1@demo.igj.test');
  await page.getByLabel('Zoek een signaal op kenmerk, woorden, aanbieder of plaats').fill('nacht');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await page.waitForURL(/\/signalen\?q=nacht/);
  expect(await page.locator('table tbody tr').count()).toBe(1);
  await accessible(page, 'signalen-zoeken');
  await page.getByLabel('Kenmerk of zoekwoorden').fill('');
  await page.getByLabel('Alleen urgent').check();
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await page.waitForURL(/urgent=1/);
  await page.getByRole('link', { name: /^Ontvangen/ }).click();
  await page.waitForURL(/sort=received&dir=asc/);
  expect(page.url()).toContain('urgent=1');
  expect(await page.getByLabel('Alleen urgent').isChecked()).toBe(true);
  await page.locator('table tbody tr').first().getByRole('link').first().click();
  await page.waitForURL(/\/signalen\/[0-9a-f-]{36}$/);
  await page.getByText('Geen toezicht in de nacht').first().waitFor();
});

test('a provider page shows its signals to its inspector', async () => {
  const page = await logIn('inspecteur1@demo.igj.test');
  await page.goto(`${f.server.url}/aanbieders/${providerId}`);
  await page.getByRole('heading', { level: 2, name: 'Signalen over deze aanbieder' }).waitFor();
  expect(await page.locator('#signalen ~ table tbody tr, section[aria-labelledby="signalen"] tbody tr').count()).toBe(4);
  await accessible(page, 'aanbieder-signalen');
});
