import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { amsterdamDay } from '../../src/common/time';
import { ARTIFACTS, axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';

// Issue 9 point 2, as a manager sees it on the demo year: the breaches a page at a time with their true number, page
// links that keep the period, and a chart that stays a chart over any period (by year beyond ten years).
const f = browserFixture({ signals: true });
const today = amsterdamDay(new Date());
const yearAgo = amsterdamDay(new Date(Date.now() - 400 * 86_400_000));

async function logIn(): Promise<Page> {
  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn('manager@demo.igj.test', DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

async function showPeriod(page: Page, from: string, to: string): Promise<void> {
  await page.goto(`${f.server.url}/rapportage/opvolging`);
  await page.getByLabel('Ontvangen vanaf').fill(from);
  await page.getByLabel('Tot en met').fill(to);
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.waitForURL(/from=/);
}

test('the demo year: 25 breaches a page, the true number in the heading, the next page keeps the period', async () => {
  const page = await logIn();
  await showPeriod(page, yearAgo, today);
  const heading = page.getByRole('heading', { name: /Termijn niet gehaald/ });
  const total = Number(/\((\d+)\)/.exec(await heading.innerText())![1]);
  expect(total).toBeGreaterThan(25);
  const table = page.locator('table', { hasText: 'Met de vastgelegde reden' });
  expect(await table.locator('tbody tr').count()).toBe(25);
  expect(await table.locator('caption').innerText()).toContain(`1–25 van ${total}`);
  const pages = page.getByRole('navigation', { name: 'Pagina’s termijn niet gehaald' });
  const firstOnPage = await table.locator('tbody tr').first().innerText();
  await pages.getByRole('link', { name: 'Volgende pagina' }).click();
  await page.waitForURL(/breachesPage=2/);
  const url = new URL(page.url());
  expect([url.searchParams.get('from'), url.searchParams.get('to'), url.hash]).toEqual([yearAgo, today, '#termijn-niet-gehaald']);
  expect(await page.getByLabel('Ontvangen vanaf').inputValue()).toBe(yearAgo);
  expect(await table.locator('caption').innerText()).toContain(`26–${Math.min(50, total)} van ${total}`);
  expect(await table.locator('tbody tr').first().innerText()).not.toBe(firstOnPage);
  await screenshot(page, 'report-breaches-page-2');
  expect(await axeViolations(page)).toEqual([]);
});

test('from 2000 to today: a bar per year, readable, with its table', async () => {
  const page = await logIn();
  await showPeriod(page, '2000-01-01', today);
  const chart = page.getByRole('img', { name: /binnen 48 uur, per jaar/ });
  await chart.waitFor();
  const years = Number(today.slice(0, 4)) - 2000 + 1;
  expect(await chart.locator('rect[x]').count()).toBe(years);
  expect(await page.locator('table', { hasText: 'Per jaar' }).locator('tbody tr').count()).toBe(years);
  expect(await page.locator('figure').innerText()).toContain('Meer dan drie jaar: per jaar');
  await page.locator('figure').screenshot({ path: `${ARTIFACTS}/report-since-2000-chart.png` });
  await screenshot(page, 'report-since-2000');
  expect(await axeViolations(page)).toEqual([]);
});
