import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ARTIFACTS, axeViolations, browserFixture } from './support';
import { FollowPage, ReportForm } from './pages/reportPages';

// Issue 8, points 13 and 14: the public form on the narrowest phones, with the longest answers people type.
const f = browserFixture();
// Beside the other browser tests' screenshots (test-artifacts/screenshots).
const SCREENS = ARTIFACTS;
const LONG_EMAIL = 'alexandra.wilhelmina.vanderheijden-oosterbeek@een-heel-lange-domeinnaam.example.nl';
const LONG_TEXT =
  'Op de groep worden we elke avond om acht uur op onze kamer gezet en de deur gaat op slot. ' +
  'Hier is de link naar het huisregelement: https://www.voorbeeld.nl/huisregels/groep/avondprogramma/kamertijd/zonder-uitleg-waarom. ' +
  'Niemand legt uit waarom dat zo moet.';

async function phone(width: number): Promise<{ page: Page; form: ReportForm }> {
  const page = await (await f.browser.newContext({ viewport: { width, height: 740 }, isMobile: true, hasTouch: true })).newPage();
  return { page, form: new ReportForm(page, f.server.url) };
}

/** No sideways scrolling, sentences start with a capital, a screenshot, and axe finds nothing. */
async function looksRight(page: Page, form: ReportForm, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  expect([name, await form.fitsScreen()]).toEqual([name, true]);
  expect(await form.sentencesWithoutCapital()).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
}

describe.each([320, 390])('at %i px wide', (width) => {
  test('every step fits with a long e-mail address and a long story; consent names what was given', async () => {
    const { page, form } = await phone(width);
    await form.open();
    await looksRight(page, form, `public-${width}-1-wie`);
    await form.choose('Ik ben iemand anders die dichtbij de jongere staat');
    await form.next();

    await form.search('Groep Linde');
    await looksRight(page, form, `public-${width}-2-waar`);
    await page.getByRole('radio').first().check();
    await form.next();

    await form.fill('Wat is er gebeurd?', LONG_TEXT);
    await form.fill('Sinds wanneer gebeurt dit? (mag je leeg laten)', 'Sinds de zomervakantie van vorig jaar, ongeveer vanaf augustus');
    await form.choose('Weet ik niet');
    await looksRight(page, form, `public-${width}-3-wat`);
    expect(await form.phoneLinks()).toEqual(['112 tel:112', '112 tel:112', '0800 0432 tel:08000432', '088 555 1000 tel:0885551000']);
    await form.next();

    // The contact step asks how, nothing more: the details follow on the next step, only those that are needed.
    expect(await page.getByRole('textbox').count()).toBe(0);
    await form.choose('Mail me');
    await looksRight(page, form, `public-${width}-4-contact`);
    await form.next();

    expect(await form.heading()).toBe('Je gegevens');
    expect(await page.getByLabel('Je telefoonnummer').count()).toBe(0);
    await form.fill('Hoe mogen we je noemen?', 'Alexandra-Wilhelmina');
    await form.fill('Je e-mailadres', LONG_EMAIL);
    await looksRight(page, form, `public-${width}-5-gegevens`);
    await form.next();

    expect(await form.heading()).toBe('Klopt alles?');
    expect(await page.locator('.app-review').innerText()).toContain(LONG_EMAIL);
    const consent = await page.locator('#veld-consent legend').innerText();
    expect(consent).toBe('Mogen we je naam en je e-mailadres delen met de inspecteur die toezicht houdt op deze plek?');
    await looksRight(page, form, `public-${width}-6-controle`);
    await form.choose('Ja, dat mag');
    await form.send();

    await page.getByRole('heading', { name: 'Bedankt voor je melding' }).waitFor();
    await looksRight(page, form, `public-${width}-7-bedankt`);
    const reference = /S-\d{4}-\d{6}/.exec(await page.locator('main').innerText())![0];
    const signal = await f.ctx.services.db.selectFrom('signals').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    const contact = await f.ctx.services.db
      .selectFrom('signal_contacts')
      .selectAll()
      .where('signal_id', '=', signal.id)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ name: 'Alexandra-Wilhelmina', email: LONG_EMAIL, phone: null });
  });

  test('anonymous: no contact questions at all, and the code stays on one line', async () => {
    const { page, form } = await phone(width);
    await form.open();
    await form.choose('Ik ben de jongere over wie het gaat');
    await form.next();
    await form.fill('Staat de plek er niet bij? Schrijf de naam en de plaats op', 'Woongroep Het Lange Pad, Hoogezand-Sappemeer');
    await form.next();
    await form.fill('Wat is er gebeurd?', LONG_TEXT);
    await form.choose('Nee');
    await form.next();
    await form.choose('Ik wil anoniem blijven');
    await form.next();

    expect(await form.heading()).toBe('Klopt alles?');
    expect(await page.locator('main').innerText()).not.toContain('Mogen we');
    expect(await page.getByRole('radio').count()).toBe(0);
    await looksRight(page, form, `public-${width}-6-controle-anoniem`);
    await form.send();

    await page.getByRole('heading', { name: 'Bedankt voor je melding' }).waitFor();
    expect(await form.receiptCodeLines()).toBeCloseTo(1, 1);
    await looksRight(page, form, `public-${width}-7-bedankt-anoniem`);

    const follow = new FollowPage(page, f.server.url);
    await follow.openWith(await form.receiptCode());
    await looksRight(page, form, `public-${width}-8-volgen`);
  });
});
