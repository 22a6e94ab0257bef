import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { amsterdamDay } from '../../src/common/time';
import { axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';
import { TimelinePage } from './pages/timelinePage';

// Issue 10, "done when": on the demo data (whose histories make each rule fire), an inspector walks from the home
// page's alert count to the cluster alert, to its signals on the provider's timeline, and back to record a decision;
// then reads the daily overview. axe finds no violations on any page; screenshots land in test-artifacts/.

const f = browserFixture({ signals: true });

async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

async function loggedIn(email: string): Promise<Page> {
  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { name: /^Welkom/ }).waitFor();
  return page;
}

test('an inspector follows the alert count to the cluster, finds its signals on the timeline, and decides', async () => {
  const page = await loggedIn('inspecteur1@demo.igj.test');
  const cspErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
  const tile = page.getByRole('link', { name: /Open waarschuwingen \(patronen\) over mijn aanbieders/ });
  expect(Number(await tile.locator('.app-tile__value').innerText())).toBeGreaterThanOrEqual(5);
  await expectAccessible(page, 'wandeling-01-start');

  await tile.click();
  await page.getByRole('heading', { level: 1, name: 'Patronen' }).waitFor();
  await expectAccessible(page, 'wandeling-02-waarschuwingen');
  await page.getByRole('link', { name: 'Cluster van meldingen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Waarschuwing: Cluster van meldingen' }).waitFor();
  const alertUrl = page.url();
  const references = await page
    .getByRole('table', { name: /Signalen en meldingen achter deze waarschuwing/ })
    .getByRole('link')
    .allInnerTexts();
  expect(references).toHaveLength(3);
  await expectAccessible(page, 'wandeling-03-waarschuwing');

  // To the provider, its timeline, narrowed to the group of the alert: the alert's signals and the alert itself.
  await page.getByRole('link', { name: /Stichting De Lindehoeve \(fictief\)/ }).click();
  const timeline = new TimelinePage(page);
  await timeline.openFromProviderPage();
  await expectAccessible(page, 'wandeling-04-tijdlijn');
  const alertId = alertUrl.split('/').pop()!;
  const { unit_id: unitId } = await f.ctx.services.db
    .selectFrom('pattern_alerts')
    .select('unit_id')
    .where('id', '=', alertId)
    .executeTakeFirstOrThrow();
  await page.getByLabel('Locatie of groep').selectOption(`groep:${unitId}`);
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.locator('.app-timeline').waitFor();
  const titles = await timeline.items();
  for (const reference of references) expect(titles.some((t) => t.startsWith(`Signaal ${reference}`))).toBe(true);
  expect(titles).toContain('Waarschuwing: Cluster van meldingen · open');
  await expectAccessible(page, 'wandeling-05-tijdlijn-groep');

  // Back to the alert from its place on the timeline, and the decision.
  await page.getByRole('link', { name: 'Waarschuwing: Cluster van meldingen · open' }).click();
  await page.getByRole('heading', { level: 1, name: 'Waarschuwing: Cluster van meldingen' }).waitFor();
  expect(page.url()).toBe(alertUrl);
  await page.getByLabel('Bezoek plannen').check();
  await page.getByRole('button', { name: 'Besluit vastleggen en afsluiten' }).click();
  await page.getByText('Vul de reden van uw besluit in').first().waitFor();
  await expectAccessible(page, 'wandeling-06-besluit-fout');
  await page.getByLabel('Reden van uw besluit').fill('Drie jongeren in drie weken over afzondering: onaangekondigd bezoek.');
  await page.getByRole('button', { name: 'Besluit vastleggen en afsluiten' }).click();
  await page.getByText('Uw besluit is vastgelegd. De waarschuwing is afgehandeld.').waitFor();
  await expectAccessible(page, 'wandeling-07-besluit');
  const closed = await f.ctx.services.db.selectFrom('pattern_alerts').selectAll().where('id', '=', alertId).executeTakeFirstOrThrow();
  expect(closed).toMatchObject({ status: 'closed', decision: 'bezoek' });
  expect(cspErrors).toEqual([]);
});

test('the inspector reads a day of the daily overview, and a wrong date is said beside the field', async () => {
  const page = await loggedIn('inspecteur1@demo.igj.test');
  // Five days ago the third young person called about De Lindehoeve (src/demo/patterns.ts).
  const day = amsterdamDay(new Date(f.ctx.services.clock.now().getTime() - 5 * 86_400_000));
  await page.goto(`${f.server.url}/overzicht/dagelijks?dag=${day}`);
  await page.getByRole('heading', { level: 1, name: /^Dagelijks overzicht van / }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Stichting De Lindehoeve (fictief)' }).waitFor();
  expect(await page.getByRole('table', { name: 'Nieuwe signalen' }).count()).toBeGreaterThan(0);
  await expectAccessible(page, 'dagoverzicht');

  await page.getByLabel('Dag', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.getByRole('link', { name: 'Vorige dag' }).click();
  await page.getByRole('heading', { level: 1, name: /^Dagelijks overzicht van / }).waitFor();
  await page.goto(`${f.server.url}/overzicht/dagelijks?dag=2999-01-01`);
  await page.getByText('Kies vandaag of een dag in het verleden').first().waitFor();
  await expectAccessible(page, 'dagoverzicht-fout');
});
