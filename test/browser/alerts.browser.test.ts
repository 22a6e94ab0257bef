import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { systemActor } from '../../src/audit/types';
import { axeViolations, browserFixture, screenshot } from './support';
import { LoginPage } from './pages/loginPage';
import { ReportForm } from './pages/reportPages';

// Issue 8, points 3 and 4, as people meet them: a young person who is not safe now reads what happens and whom to
// call; the meldpunt sees "Spoed" and "Nieuw bericht" first in the work queue and on the signal, and "Gelezen" clears it.
const f = browserFixture();

async function accessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

test('not safe now: the thank-you page says what happens; the queue and the signal show Spoed and Nieuw bericht', async () => {
  const young = await (await f.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  const form = new ReportForm(young, f.server.url);
  await form.open();
  await form.choose('Ik ben de jongere over wie het gaat');
  await form.next();
  await form.search('Lindehoeve');
  await young.getByRole('radio').first().check();
  await form.next();
  await form.fill('Wat is er gebeurd?', 'Ze sluiten me vanavond weer op. Ik ben bang.');
  await form.choose('Nee');
  await form.next();
  await form.choose('Ik wil anoniem blijven');
  await form.next();
  await form.send();
  await young.getByRole('heading', { name: 'Je gaf aan dat je nu niet veilig bent. Dit gebeurt er nu' }).waitFor();
  expect(await young.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(
    expect.arrayContaining(['tel:112', 'tel:08000432', 'tel:0885551000']),
  );
  await accessible(young, 'spoed-bedankt');
  const urgent = await f.ctx.services.db
    .selectFrom('signals')
    .select(['id', 'reference'])
    .where('urgent_at', 'is not', null)
    .orderBy('registered_at', 'desc')
    .executeTakeFirstOrThrow();

  // A second young person writes on the follow page before anyone of the meldpunt did.
  const other = await f.ctx.services.signals.register(
    systemActor('contactformulier'),
    {
      channel: 'formulier',
      reporterType: 'jeugdige',
      summary: 'Telefoon afgepakt',
      description: 'Ze pakken mijn telefoon af.',
      anonymous: true,
    },
    { receipt: true },
  );
  await f.ctx.services.contacts.reporterReply(other.receiptCode!, 'Is er al iemand die dit leest?');

  const page = await (await f.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const login = new LoginPage(page, f.server.url);
  await login.open();
  await login.logIn('meldpunt1@demo.igj.test', DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.goto(`${f.server.url}/werkvoorraad`);
  const rows = page.locator('table tbody tr');
  const marks = await rows.evaluateAll((trs) =>
    trs.map((tr) => (tr.querySelector('.app-tag--danger')?.textContent === 'Spoed' ? 0 : tr.querySelector('.app-tag--info') ? 1 : 2)),
  );
  // Urgent first, then new messages, then the rest: the marks never go back up.
  expect(marks.slice(0, 2)).toEqual([0, 1]);
  expect(marks.every((m, i) => i === 0 || m >= marks[i - 1]!)).toBe(true);
  expect(await rows.nth(0).innerText()).toContain(urgent.reference);
  expect(await rows.nth(1).innerText()).toContain(other.signal.reference);
  await accessible(page, 'werkvoorraad-spoed-nieuw-bericht');

  await rows.nth(0).getByRole('link', { name: urgent.reference }).click();
  await page.locator('#spoed').getByText('de melder gaf aan dat de jongere nu niet veilig is').waitFor();
  await accessible(page, 'signaal-spoed');

  await page.goto(`${f.server.url}/signalen/${other.signal.id}`);
  const marker = page.locator('#nieuw-bericht');
  await marker.getByText('Nieuw bericht', { exact: true }).waitFor();
  // The first message offers the two standard questions, for the staff member to adjust.
  expect(await page.getByLabel('Bericht aan de melder').inputValue()).toContain('Heb je daar iets meegemaakt dat over je grens ging?');
  await accessible(page, 'signaal-nieuw-bericht');
  await marker.getByRole('button', { name: 'Gelezen' }).click();
  await page.getByText('Het bericht van de melder is als gelezen gemarkeerd.').waitFor();
  expect(await marker.count()).toBe(0);
});
