import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { systemActor } from '../../src/audit/types';
import { ARTIFACTS, axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';
import { ProviderListPage } from './pages/providerPages';
import { openAction } from './pages/signalPage';

// Issue 8, points 7 and 12, as staff see them: marking a duplicate, and the provider list filtered by care type.
const f = browserFixture();
// Beside the other browser tests' screenshots (test-artifacts/screenshots).
const SCREENS = ARTIFACTS;

async function logIn(email: string, javaScriptEnabled = true): Promise<Page> {
  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

async function accessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  expect(await axeViolations(page)).toEqual([]);
}

test('meldpunt marks a signal as a duplicate of another: a wrong reference is explained, then both pages link', async () => {
  const actor = systemActor('test');
  const register = (summary: string, phone: string) =>
    f.ctx.services.signals.register(actor, {
      channel: 'telefoon',
      reporterType: 'jeugdige',
      summary,
      description: 'Over de nachtdienst.',
      contact: { phone },
    });
  const { signal: original } = await register('Nachtdienst sluit kamers af', '06 11223344');
  const { signal: duplicate } = await register('Kamers op slot in de nacht', '06 55667788');

  const page = await logIn('meldpunt1@demo.igj.test');
  await page.goto(`${f.server.url}/signalen/${duplicate.id}`);
  await openAction(page, 'dubbel');
  const field = page.getByLabel('Markeer als dubbel van');
  await field.fill(duplicate.reference);
  await page.getByRole('button', { name: 'Markeer als dubbel' }).click();
  await page.getByRole('heading', { name: 'Er is iets niet goed ingevuld' }).waitFor();
  expect(await page.locator('#veld-originalReference-error').innerText()).toBe('Een signaal kan geen dubbel van zichzelf zijn');
  expect(await field.inputValue()).toBe(duplicate.reference);
  await accessible(page, 'duplicate-error');

  await field.fill(original.reference);
  await page.getByRole('button', { name: 'Markeer als dubbel' }).click();
  await page.getByText('Het signaal is gemarkeerd als dubbel.').waitFor();
  expect(await page.locator('#dubbel').innerText()).toContain(`Dubbel van ${original.reference}`);
  expect(await page.getByLabel('Markeer als dubbel van').count()).toBe(0);
  await accessible(page, 'duplicate');

  await page.locator('#dubbel').getByRole('link', { name: original.reference }).click();
  await page.getByRole('heading', { level: 1, name: `Signaal ${original.reference}` }).waitFor();
  expect(await page.locator('#dubbel').innerText()).toContain(`Dubbele meldingen: ${duplicate.reference}`);
  expect(await page.locator('#dubbel').innerText()).toContain('Samen met dit signaal 2 verschillende melders');
  await accessible(page, 'duplicate-original');

  await page.goto(`${f.server.url}/werkvoorraad`);
  expect(await page.getByRole('link', { name: duplicate.reference, exact: true }).count()).toBe(0);
  expect(await page.getByRole('link', { name: original.reference, exact: true }).count()).toBe(1);
});

test('the provider list filters by care type, kept in the address, with and without JavaScript', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const page = await logIn('inspecteur1@demo.igj.test', javaScriptEnabled);
    const list = new ProviderListPage(page);
    await list.openFromMenu();
    const all = await list.resultNames();
    await page.getByLabel('Zorgvorm').selectOption({ label: 'ZIKOS (binnen JeugdzorgPlus)' });
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL(/careType=zikos/);
    const zikos = await list.resultNames();
    expect(zikos.length).toBeGreaterThan(0);
    expect(zikos.length).toBeLessThan(all.length);
    expect(await page.getByRole('status').innerText()).toContain('met zorgvorm ZIKOS (binnen JeugdzorgPlus)');
    // Every provider found has closed care, and says so in the one name it has everywhere.
    expect(await page.locator('tbody tr', { hasText: 'JeugdzorgPlus (gesloten jeugdhulp)' }).count()).toBe(zikos.length);
    await page.reload();
    expect(await page.getByLabel('Zorgvorm').inputValue()).toBe('zikos');
    if (javaScriptEnabled) await accessible(page, 'care-type-filter');
  }
});
