import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';

// Issue 8 point 19: staff pages fit a 1024 px wide window, and the signal page puts its actions beside the case.
const f = browserFixture({ signals: true });

async function logIn(email: string): Promise<Page> {
  const page = await (await f.browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

/** How far the page reaches beyond the window sideways; 0 when it fits. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string> {
  await page.goto(`${f.server.url}${path}`);
  const hrefs = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.find((h) => pattern.test(h))!;
}

test('every staff page fits a 1024 px window without scrolling sideways', async () => {
  const uuid = /\/[0-9a-f-]{36}$/;
  const manager = await logIn('manager@demo.igj.test');
  const pages = ['/', '/werkvoorraad', '/signalen', '/signalen/nieuw', '/aanbieders', '/afstemmingen', '/rapportage/opvolging'];
  pages.push(await firstLink(manager, '/signalen', /^\/signalen\/[0-9a-f-]{36}$/), await firstLink(manager, '/aanbieders', uuid));
  const wide: string[] = [];
  for (const path of pages) {
    await manager.goto(`${f.server.url}${path}`);
    if ((await overflow(manager)) > 0) wide.push(`${path}: ${await overflow(manager)} px te breed`);
  }
  const beheerder = await logIn('beheer@demo.igj.test');
  for (const path of ['/', '/beheer/gebruikers', '/beheer/audit', '/beheer/mail', '/beheer/normen', '/beheer/themas']) {
    await beheerder.goto(`${f.server.url}${path}`);
    if ((await overflow(beheerder)) > 0) wide.push(`${path}: ${await overflow(beheerder)} px te breed`);
  }
  expect(wide).toEqual([]);
}, 120_000);

test('the signal page shows the case with its actions in a column beside it, not a long scroll of forms', async () => {
  const page = await logIn('meldpunt1@demo.igj.test');
  const signalId = (await firstLink(page, '/werkvoorraad', /^\/signalen\/[0-9a-f-]{36}$/)).split('/').pop()!;
  // With a contact attempt by a staff member (labelled with an e-mail address, one long word) and a long note.
  await f.ctx.services.contacts.recordAttempt(
    { userId: null, label: 'Mila Meldpunt <meldpunt1@demo.igj.test>', requestId: null },
    signalId,
    {
      at: new Date(),
      channel: 'telefoon',
      successful: false,
      note: 'Twee keer gebeld op het nummer uit de melding, voicemail ingesproken met het verzoek terug te bellen naar het meldpunt',
    },
  );
  await page.goto(`${f.server.url}/signalen/${signalId}`);
  const main = (await page.locator('.app-case__main').boundingBox())!;
  const actions = (await page.getByRole('complementary', { name: 'Acties' }).boundingBox())!;
  expect(actions.x).toBeGreaterThanOrEqual(main.x + main.width);
  expect(actions.y).toBeLessThan(main.y + 50);
  // The next step (recording the contact) is open; the other actions are one click away.
  expect(await page.getByLabel('Wanneer (Nederlandse tijd)').isVisible()).toBe(true);
  expect(await page.getByRole('group', { name: 'Wijst het signaal op een mogelijke misstand?' }).isVisible()).toBe(false);
  // Nothing in the case column reaches under the actions (a contact log table once did).
  const poking = await page.evaluate(() => {
    const edge = document.querySelector('.app-case__main')!.getBoundingClientRect().right;
    return [...document.querySelectorAll('.app-case__main *')]
      .filter((e) => e.getBoundingClientRect().right > edge + 1)
      .map((e) => e.tagName);
  });
  expect(poking).toEqual([]);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(2500);
  expect(await overflow(page)).toBe(0);
  await screenshot(page, 'signaal-1024');
  expect(await axeViolations(page)).toEqual([]);
});

test('a refused form comes back with its disclosure open and the message beside the field', async () => {
  const page = await logIn('meldpunt1@demo.igj.test');
  await page.goto(`${f.server.url}${await firstLink(page, '/werkvoorraad', /^\/signalen\/[0-9a-f-]{36}$/)}`);
  await page.locator('summary', { hasText: 'Beoordelen' }).click();
  await page.getByRole('button', { name: 'Beoordeling opslaan' }).click();
  await page.getByRole('heading', { name: 'Er is iets niet goed ingevuld' }).waitFor();
  expect(await page.getByRole('group', { name: 'Wijst het signaal op een mogelijke misstand?' }).isVisible()).toBe(true);
  expect(await page.locator('#veld-possibleMisstand-error').innerText()).toContain('mogelijke misstand');
  expect(await axeViolations(page)).toEqual([]);
});
