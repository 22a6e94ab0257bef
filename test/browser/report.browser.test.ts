import type { Page } from 'playwright-core';
import { systemActor } from '../../src/audit/types';
import { axeViolations, browserFixture, screenshot } from './support';
import { FollowPage, ReportForm } from './pages/reportPages';

const f = browserFixture();

async function accessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

test('a young person reports anonymously on a phone, keeps the code, reads the reply and answers', async () => {
  const page = await (await f.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  const form = new ReportForm(page, f.server.url);

  await form.open();
  expect(await form.heading()).toBe('Wie ben je?');
  await accessible(page, 'melden-1-wie');
  await form.next();
  expect(await page.getByText('Kies wie je bent').first().isVisible()).toBe(true);
  await accessible(page, 'melden-1-wie-fout');
  await form.choose('Ik ben de jongere over wie het gaat');
  await form.next();

  expect(await form.heading()).toBe('Over welke plek gaat het?');
  await form.search('Lindehoeve');
  await accessible(page, 'melden-2-waar');
  await page.getByRole('radio').first().check();
  await form.next();

  expect(await form.heading()).toBe('Wat is er gebeurd?');
  await form.fill('Wat is er gebeurd?', 'Ik moest drie dagen op mijn kamer blijven. Niemand legde uit waarom.');
  await form.next();
  // Nothing typed is lost when an answer is missing.
  expect(await page.getByLabel('Wat is er gebeurd?').inputValue()).toContain('drie dagen');
  await accessible(page, 'melden-3-wat-fout');
  await form.choose('Weet ik niet');
  await form.next();

  expect(await form.heading()).toBe('Hoe kunnen we je bereiken?');
  await accessible(page, 'melden-4-contact');
  await form.choose('Ik wil anoniem blijven');
  await form.next();

  expect(await form.heading()).toBe('Klopt alles?');
  expect(await page.locator('.app-review').innerText()).toContain('Lindehoeve');
  await accessible(page, 'melden-5-controle');
  await form.send();

  await page.getByRole('heading', { name: 'Bedankt voor je melding' }).waitFor();
  const code = await form.receiptCode();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  expect(await page.locator('main').innerText()).toContain('binnen 48 uur');
  await accessible(page, 'melden-6-bedankt');

  // Only the hash is stored.
  const signal = await f.ctx.services.db.selectFrom('signals').selectAll().orderBy('registered_at', 'desc').executeTakeFirstOrThrow();
  expect(signal).toMatchObject({
    reporter_type: 'jeugdige',
    channel: 'formulier',
    anonymous: true,
    concerns_closed_care: true,
    young_person_self: true,
  });
  expect(JSON.stringify(signal)).not.toContain(code);

  // The meldpunt writes; the reporter reads with the code, which counts as contact; then answers.
  const staff = (await f.ctx.services.users.list()).find((u) => u.roles.includes('meldpunt'))!;
  await f.ctx.services.contacts.staffMessage(
    { userId: staff.id, label: staff.name, requestId: null },
    signal.id,
    'Hoi, dank je voor je melding. Gaat het nu goed met je?',
  );
  expect((await f.ctx.services.signals.get(signal.id)).followUp).toBe('open');
  const follow = new FollowPage(page, f.server.url);
  await follow.openWith(code.toLowerCase());
  expect(await follow.messages()).toEqual(['Hoi, dank je voor je melding. Gaat het nu goed met je?']);
  // Issue 8, point 16: the young person's own report stands above the thread, so they know which one this is.
  const main = await page.locator('main').innerText();
  expect(main).toContain('Wat je meldde');
  expect(main).toContain(signal.summary);
  expect(main.indexOf('Wat je meldde')).toBeLessThan(main.indexOf('Berichten'));
  await accessible(page, 'volgen-berichten');
  expect((await f.ctx.services.signals.get(signal.id)).followUp).toBe('met');
  await follow.reply('Het gaat iets beter. Mag ik bellen?');
  await page.getByText('Je bericht is verstuurd.').waitFor();
  expect(await follow.messages()).toEqual([
    'Hoi, dank je voor je melding. Gaat het nu goed met je?',
    'Het gaat iets beter. Mag ik bellen?',
  ]);
});

test('a wrong code gets a clear message and is not accepted', async () => {
  const page = await (await f.browser.newContext()).newPage();
  const follow = new FollowPage(page, f.server.url);
  await follow.openWith('AAAA-BBBB-CCCC-DDDD');
  expect(await page.getByRole('alert').innerText()).toContain('Deze code kennen we niet');
  await accessible(page, 'volgen-fout');
});

test('a parent reports with a phone number and consent, without JavaScript', async () => {
  const page = await (await f.browser.newContext({ javaScriptEnabled: false })).newPage();
  const form = new ReportForm(page, f.server.url);
  await form.open();
  await form.choose('Ik ben ouder of verzorger');
  await form.next();
  await form.fill('Staat de plek er niet bij? Schrijf de naam en de plaats op', 'Woongroep De Vos, Apeldoorn');
  await form.next();
  await form.fill('Wat is er gebeurd?', 'Mijn zoon mag zijn moeder niet bellen.');
  // Asked of the parent about the young person; a safe young person, so the usual 5 working days.
  await page.getByRole('group', { name: 'Is de jongere nu veilig?' }).getByLabel('Ja', { exact: true }).check();
  await form.next();
  await form.choose('Bel me');
  await form.next();
  await form.fill('Je telefoonnummer', '06 98765432');
  await form.next();
  await form.choose('Ja, dat mag');
  await form.send();
  expect(await page.locator('main').innerText()).toContain('We nemen binnen 5 werkdagen contact met je op');
  const s = await f.ctx.services.db.selectFrom('signals').selectAll().orderBy('registered_at', 'desc').executeTakeFirstOrThrow();
  expect(s).toMatchObject({
    reporter_type: 'ouder',
    provider_text: 'Woongroep De Vos, Apeldoorn',
    consent_share: true,
    anonymous: false,
    receipt_hash: null,
  });
  const contact = await f.ctx.services.db.selectFrom('signal_contacts').selectAll().where('signal_id', '=', s.id).executeTakeFirstOrThrow();
  expect(contact.phone).toBe('06 98765432');
  expect(systemActor).toBeDefined();
});
