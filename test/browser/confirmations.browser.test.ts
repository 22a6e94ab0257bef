import { DEMO_PASSWORD } from '../../src/demo/seed';
import { systemActor } from '../../src/audit/types';
import { browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';
import { openAction } from './pages/signalPage';

// Issue 8, point 5, as a person meets it: two signals in turn, so a confirmation that arrives late shows on the wrong
// one. test/web/flash.test.ts holds the session's row lock to prove the ordering itself.
const f = browserFixture();

test('50 actions in a row: each confirmation shows on the page the form leads to, and never on the next', async () => {
  const register = (summary: string) =>
    f.ctx.services.signals.register(systemActor('test'), {
      channel: 'telefoon',
      reporterType: 'ouder',
      summary,
      description: 'Zorgen over de groep.',
    });
  const signals = [(await register('Eerste signaal')).signal, (await register('Tweede signaal')).signal];
  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn('meldpunt1@demo.igj.test', DEMO_PASSWORD);
  await page.getByRole('heading', { name: /Welkom/ }).waitFor();

  const confirmation = page.locator('.utrecht-alert--ok');
  const misplaced: string[] = [];
  for (let i = 0; i < 50; i++) {
    const s = signals[i % 2]!;
    await page.goto(`${f.server.url}/signalen/${s.id}`);
    if ((await confirmation.count()) > 0) misplaced.push(`${i}: een bevestiging stond al op ${s.reference} voor de actie`);
    await openAction(page, 'Behandelaar');
    await page.getByLabel('Toewijzen aan').selectOption({ label: i % 4 < 2 ? 'Mila Meldpunt' : 'Mo Meldpunt' });
    await page.getByRole('button', { name: 'Toewijzen' }).click();
    await page.waitForURL(`${f.server.url}/signalen/${s.id}`);
    const shown = (await confirmation.count()) > 0 ? await confirmation.innerText() : '';
    if (!shown.includes('De behandelaar is gewijzigd.')) misplaced.push(`${i}: geen bevestiging na toewijzen op ${s.reference}`);
    if (i === 0) await screenshot(page, 'bevestiging-na-toewijzen');
  }
  expect(misplaced).toEqual([]);
}, 180_000);
