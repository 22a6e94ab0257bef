import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import type { TestContext } from '../support/testServices';
import { makeUser, PASSWORD } from '../support/web';
import { axeViolations, launch, screenshot, serve } from '../browser/support';
import { LoginPage } from '../browser/pages/loginPage';
import { actor, daysBefore, patternServices, provider, signal } from './support';

// Issue 10, point 4, in a browser: an inspector goes from the home page's count to the alert and records a decision;
// a beheerder tunes a rule. axe finds no violations on the new pages, their error states included.
const NOW = new Date();
let ctx: TestContext;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  ctx = await patternServices({ clock: fixedClock(NOW) });
  const ines = await makeUser(ctx.services, ['inspecteur'], 'ines@igj.test');
  await makeUser(ctx.services, ['beheerder'], 'ben@igj.test');
  const unit = (await provider(ctx.services, 'De Horst', [{ name: 'Eikenhof', careType: 'jeugdzorgplus', places: 8 }])).units[0]!;
  await ctx.services.providers.setInspectors(actor, unit.providerId, [ines.id], new Set([ines.id]));
  for (const who of ['a', 'b', 'c']) await signal(ctx.services, unit, daysBefore(NOW, 3), { email: `${who}@example.test` });
  await ctx.services.patterns.scan();
  server = await serve(createApp(ctx.services, { loginRateLimit: 1000 }));
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.cleanup();
});

async function loggedIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const login = new LoginPage(page, server.url);
  await login.open();
  await login.logIn(email, PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

async function accessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

test('an inspector follows the home page count to the alert, sees what it rests on, and decides', async () => {
  const page = await loggedIn('ines@igj.test');
  await page.getByRole('link', { name: /Open waarschuwingen \(patronen\) over mijn aanbieders/ }).click();
  await page.getByRole('heading', { name: 'Patronen' }).waitFor();
  await accessible(page, 'patronen-lijst');
  await page.getByRole('link', { name: 'Cluster van meldingen' }).click();
  await page.getByRole('heading', { name: 'Waarschuwing: Cluster van meldingen' }).waitFor();
  expect(
    await page
      .getByRole('table', { name: /Signalen en meldingen achter deze waarschuwing/ })
      .getByRole('link')
      .count(),
  ).toBe(3);
  await accessible(page, 'patronen-waarschuwing');

  await page.getByLabel('Bezoek plannen').check();
  await page.getByRole('button', { name: 'Besluit vastleggen en afsluiten' }).click();
  await page.getByText('Vul de reden van uw besluit in').first().waitFor();
  expect(await page.getByLabel('Bezoek plannen').isChecked()).toBe(true);
  await accessible(page, 'patronen-besluit-fout');

  await page.getByLabel('Reden van uw besluit').fill('Onaangekondigd bezoek in week 49');
  await page.getByRole('button', { name: 'Besluit vastleggen en afsluiten' }).click();
  await page.getByText('Uw besluit is vastgelegd. De waarschuwing is afgehandeld.').waitFor();
  expect(await page.getByText('Onaangekondigd bezoek in week 49').isVisible()).toBe(true);
  await accessible(page, 'patronen-besluit');
});

test('a beheerder tunes a rule; a bad value is said beside its field', async () => {
  const page = await loggedIn('ben@igj.test');
  await page.getByRole('link', { name: 'Patroonregels' }).click();
  await page.getByRole('heading', { name: 'Patroonregels' }).waitFor();
  await accessible(page, 'patroonregels');
  await page.getByLabel('Aantal verschillende melders').fill('1');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Vul een getal in van 2 tot en met 50').first().waitFor();
  await accessible(page, 'patroonregels-fout');
  await page.getByLabel('Aantal verschillende melders').fill('4');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('De patroonregels zijn opgeslagen.', { exact: false }).waitFor();
  expect((await ctx.services.patterns.settings()).cluster.reporters).toBe(4);
});
