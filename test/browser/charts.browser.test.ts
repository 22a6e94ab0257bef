import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { ARTIFACTS, axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';
import { place, reportsAt, signalsAt } from '../charts/support';

// Issue 10 point 7, as an inspector meets it: the provider's signals and reports per month as a chart with its table,
// another period, a group's own chart, and an alert's history; axe finds nothing on any of them.
const f = browserFixture();
const DAY = 86_400_000;

async function accessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

test('an inspector reads the chart per month and per year, a group’s chart, and an alert’s history', async () => {
  const s = f.ctx.services;
  const here = await place(s, 'Grafiekhuis');
  const now = Date.now();
  // Signals in most of the last two years, more in recent months; three months without any; a few reports.
  const instants = Array.from({ length: 24 }, (_, m) => m)
    .filter((m) => ![3, 4, 9].includes(m))
    .flatMap((m) => Array.from({ length: 1 + ((m * 7) % 11) }, (_, i) => new Date(now - (m * 30 + 2 + i) * DAY)));
  await signalsAt(s, here, instants.slice(0, 60), 0);
  await signalsAt(s, here, instants.slice(60), 1);
  await reportsAt(
    s,
    here,
    [1, 2, 40, 100, 400].map((d) => new Date(now - d * DAY)),
    0,
  );
  const alert = await s.db
    .insertInto('pattern_alerts')
    .values({
      rule: 'rise',
      provider_id: here.providerId,
      location_id: here.locationId,
      unit_id: here.units[0]!,
      explanation: '7 signalen in 30 dagen over groep Achterhuis (8 plaatsen); verwacht 0,7, grens 3,3.',
      observed: 7,
      expected: 0.7,
      upper_limit: 3.3,
      created_at: new Date(now - 20 * DAY),
      updated_at: new Date(now - 2 * DAY),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await s.db
    .insertInto('pattern_alert_history')
    .values(
      [
        [20, 4, 0.6, 3.1],
        [14, 5, 0.64, 3.2],
        [9, 5, 0.66, 3.2],
        [2, 7, 0.7, 3.3],
      ].map(([days, observed, expected, limit], i) => ({
        alert_id: alert.id,
        at: new Date(now - days! * DAY),
        kind: i === 0 ? 'created' : 'strengthened',
        observed: observed!,
        expected: expected!,
        upper_limit: limit!,
        items: observed!,
        explanation: 'Uitleg',
      })),
    )
    .execute();

  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn('inspecteur1@demo.igj.test', DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();

  await page.goto(`${f.server.url}/aanbieders/${here.providerId}`);
  const chart = page.getByRole('img', { name: 'Signalen en meldingen over deze aanbieder, per maand' });
  await chart.waitFor();
  expect(await chart.locator('.app-chart__count text').count()).toBe(48);
  const { bars } = await s.monthly.bars({ providerId: here.providerId }, '24');
  expect(await chart.locator('.app-chart__signals rect').count()).toBe(bars.filter((b) => b.signals > 0).length);
  expect(await chart.locator('.app-chart__reports rect').count()).toBe(bars.filter((b) => b.reports > 0).length);
  expect(bars.filter((b) => b.signals === 0).length).toBeGreaterThanOrEqual(2);
  // The chart fits the page at 1280 px: no horizontal scrolling.
  const box = (await chart.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(1100);
  await page.getByText('De cijfers per maand als tabel').click();
  await page.getByRole('table', { name: 'Signalen en meldingen over deze aanbieder, per maand' }).waitFor();
  await accessible(page, 'grafiek-aanbieder-per-maand');
  await page
    .locator('#per-maand')
    .locator('..')
    .screenshot({ path: `${ARTIFACTS}/grafiek-aanbieder-per-maand-alleen.png` });

  await page.getByLabel('Periode').selectOption('60');
  await page.getByRole('button', { name: 'Toon' }).click();
  const years = page.getByRole('img', { name: 'Signalen en meldingen over deze aanbieder, per jaar' });
  await years.waitFor();
  expect(await years.locator('.app-chart__period text', { hasText: 'tot nu' }).count()).toBe(1);
  await accessible(page, 'grafiek-aanbieder-per-jaar');

  // A period typed into the address: a message beside the choice, the default period below it.
  await page.goto(`${f.server.url}/aanbieders/${here.providerId}?period=7`);
  await page.locator('#veld-period-error').waitFor();
  await accessible(page, 'grafiek-periode-fout');

  await page.goto(`${f.server.url}/aanbieders/${here.providerId}`);
  await page.getByRole('link', { name: 'Per maand signalen en meldingen van groep Achterhuis' }).click();
  await page.getByRole('heading', { name: 'Signalen en meldingen — groep Achterhuis' }).waitFor();
  await page.getByRole('img', { name: 'Signalen en meldingen over deze groep, per maand' }).waitFor();
  await accessible(page, 'grafiek-groep');

  await page.goto(`${f.server.url}/patronen/${alert.id}`);
  const history = page.getByRole('img', { name: 'Verloop van de waarschuwing: waargenomen tegen verwacht en grens' });
  await history.waitFor();
  expect(await history.locator('circle').count()).toBe(4);
  expect(await history.locator('text', { hasText: 'grens 3,3' }).count()).toBe(1);
  expect(
    await page
      .getByRole('table', { name: /Ontstaan en elke versterking/ })
      .locator('tbody tr')
      .count(),
  ).toBe(4);
  await accessible(page, 'grafiek-waarschuwing-verloop');
  await page
    .locator('#verloop')
    .locator('..')
    .screenshot({ path: `${ARTIFACTS}/grafiek-waarschuwing-verloop-alleen.png` });
}, 120_000);
