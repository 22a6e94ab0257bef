import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';

// Staff on a phone (an inspector on the road, a manager between meetings): no page scrolls sideways. A wide table
// scrolls inside its own region, which a keyboard can reach, instead of widening the page.
const f = browserFixture({ signals: true });

const PAGES: Array<[string, string]> = [
  ['manager@demo.igj.test', '/signalen'],
  ['manager@demo.igj.test', '/signalen?q=groep&sort=aanbieder'],
  ['manager@demo.igj.test', '/werkvoorraad'],
  ['manager@demo.igj.test', '/aanbieders'],
  ['manager@demo.igj.test', '/rapportage/opvolging'],
  ['manager@demo.igj.test', '/afstemmingen'],
  ['manager@demo.igj.test', '/meldingen'],
  ['manager@demo.igj.test', '/patronen'],
  ['inspecteur1@demo.igj.test', '/overzicht/dagelijks'],
  ['inspecteur1@demo.igj.test', '/risico'],
  ['beheer@demo.igj.test', '/beheer/gebruikers'],
  ['beheer@demo.igj.test', '/beheer/audit'],
];

async function phoneLoggedIn(email: string): Promise<Page> {
  const page = await (await f.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { name: /^Welkom/ }).waitFor();
  return page;
}

test('at 390 px no staff list page is wider than the screen; wide tables scroll in a named, focusable region; axe finds nothing', async () => {
  const pages = new Map<string, Page>();
  const tooWide: string[] = [];
  for (const [email, path] of PAGES) {
    if (!pages.has(email)) pages.set(email, await phoneLoggedIn(email));
    const page = pages.get(email)!;
    const res = await page.goto(`${f.server.url}${path}`);
    expect([path, res?.status()]).toEqual([path, 200]);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) tooWide.push(`${path}: ${width} px`);
    // Every table sits in a scroll region with a name, reachable by keyboard.
    const bare = await page.evaluate(
      () =>
        [...document.querySelectorAll('main table')].filter((t) => {
          const region = t.closest('.app-table-scroll');
          return !region || !region.getAttribute('aria-label') || region.getAttribute('tabindex') !== '0';
        }).length,
    );
    expect([path, bare]).toEqual([path, 0]);
    await screenshot(page, `narrow-390${path.replace(/[/?=&]+/g, '-')}`);
    // The regions are landmarks: each needs a name of its own on the page (axe: landmark-unique, among the rest).
    expect([path, await axeViolations(page)]).toEqual([path, []]);
  }
  expect(tooWide).toEqual([]);
});
