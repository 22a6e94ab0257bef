import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed';
import { systemActor, type Actor } from '../../src/audit/types';
import { fixedClock } from '../../src/clock';
import { testServices, type TestContext } from '../support/testServices';
import { ARTIFACTS, axeViolations, launch, screenshot, serve } from './support';
import { LoginPage } from './pages/loginPage';

// Issue 8 points 17 and 18, as people see them: a signal's audit trail in Dutch, and two years of follow-up by month.
// Beside the other browser tests' screenshots (test-artifacts/screenshots).
const SCREENS = ARTIFACTS;
const NOW = new Date('2026-11-20T09:00:00Z');
const clock = fixedClock(NOW);
const actor = systemActor('test');
let ctx: TestContext;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let reference: string;
let signalId: string;
const youth = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Opgesloten',
  description: 'Twee dagen op de kamer.',
  contact: { phone: '06 11112222' },
};
const contact = { channel: 'telefoon', successful: true, structuralUnsafety: 'nee', boundaryCrossing: 'nee' };

/** Two years of youth signals, a few a month; two quiet months and one in which every deadline was missed. */
async function twoYears(mila: Actor): Promise<void> {
  for (let i = 0; i < 24; i++) {
    const month = new Date(Date.UTC(2024, 11 + i, 3, 9));
    if (i === 3 || i === 8) continue;
    for (let n = 0; n < 1 + (i % 4); n++) {
      const received = new Date(month.getTime() + n * 5 * 86_400_000);
      clock.set(received);
      const { signal } = await ctx.services.signals.register(actor, { ...youth, receivedAt: received });
      if (i === 14) continue;
      const hours = (i + n) % 5 === 0 ? 60 : 20;
      clock.set(new Date(received.getTime() + hours * 3_600_000));
      await ctx.services.contacts.recordAttempt(mila, signal.id, { ...contact, at: clock.now() });
    }
  }
}

beforeAll(async () => {
  ctx = await testServices({ clock });
  await seedDemo(ctx.services);
  const m = await ctx.services.users.create(actor, {
    email: 'mila.beheer@igj.test',
    name: 'Mila Meldpunt',
    roles: ['meldpunt', 'beheerder'],
    password: DEMO_PASSWORD,
  });
  const mila: Actor = { userId: m.id, label: m.name, requestId: null };
  const insp = await ctx.services.users.create(actor, {
    email: 'ivo@igj.test',
    name: 'Ivo Inspecteur',
    roles: ['inspecteur'],
    password: DEMO_PASSWORD,
  });
  const p = await ctx.services.providers.create(actor, {
    name: 'De Gesloten Poort (fictief)',
    locations: [
      { name: 'Poort Ede', address: 'Laan 1', municipality: 'Ede', units: [{ name: 'Eik', careType: 'jeugdzorgplus', places: 8 }] },
    ],
  });
  await ctx.services.providers.setInspectors(actor, p.id, [insp.id], new Set([insp.id]));
  await twoYears(mila);
  clock.set(new Date(NOW.getTime() - 3 * 3_600_000));
  const { signal } = await ctx.services.signals.register(actor, { ...youth, providerId: p.id }, { receipt: true });
  reference = signal.reference;
  signalId = signal.id;
  clock.set(NOW);
  await ctx.services.signals.claim(mila, signal.id);
  await ctx.services.contacts.recordAttempt(mila, signal.id, { ...contact, at: NOW });
  await ctx.services.contacts.staffMessage(mila, signal.id, 'Dank je voor je melding.');
  await ctx.services.assessments.assess(mila, signal.id, {
    possibleMisstand: true,
    seriousThreat: false,
    meldplicht: false,
    concernsJzp: true,
    themes: ['overig'],
    referrals: ['jeugdstem'],
  });
  await ctx.services.assessments.recordConsultation({ userId: insp.id, label: insp.name, requestId: null }, signal.id, 'Besproken');
  server = await serve(createApp(ctx.services, { loginRateLimit: 1000 }));
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx.cleanup();
});

async function logIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const login = new LoginPage(page, server.url);
  await login.open();
  await login.logIn(email, DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

async function accessible(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

test('from the signal page to its audit trail: every event in Dutch, and by reference in the filter', async () => {
  const page = await logIn('mila.beheer@igj.test');
  await page.goto(`${server.url}/signalen/${signalId}`);
  await page.getByRole('heading', { name: `Signaal ${reference}` }).waitFor();
  await page.locator('main').getByRole('link', { name: 'Audittrail', exact: true }).click();
  await page.getByRole('heading', { name: `Audittrail van signaal ${reference}` }).waitFor();
  const table = await page.locator('table').innerText();
  for (const text of [
    'contactpoging',
    'bericht',
    'beoordeling',
    'afstemming',
    'bekeken',
    'status: Nieuw → In behandeling',
    'behandelaar: — → Mila Meldpunt',
    'doorverwezen naar: Jeugdstem',
  ]) {
    expect(table).toContain(text);
  }
  expect(table).not.toMatch(/signalId|assigneeId|"before"/);
  await accessible(page, 'audit-signal');

  // The same trail by typing the reference in the filter.
  await page.goto(`${server.url}/beheer/audit`);
  await page.getByLabel('Id of kenmerk').fill(reference);
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.getByRole('heading', { name: `Audittrail van signaal ${reference}` }).waitFor();
});

test('the follow-up report over two years: by month, the target line, quiet months hatched, counts beside shares', async () => {
  const page = await logIn('manager@demo.igj.test');
  await page.goto(`${server.url}/rapportage/opvolging`);
  await page.getByLabel('Ontvangen vanaf').fill('2024-12-01');
  await page.getByLabel('Tot en met').fill('2026-11-30');
  await page.getByRole('button', { name: 'Toon' }).click();
  const chart = page.getByRole('img', { name: /binnen 48 uur, per maand/ });
  await chart.waitFor();
  expect(await chart.locator('rect[fill="url(#app-chart-geen)"]').count()).toBe(2);
  expect(await chart.locator('text', { hasText: 'streefwaarde 90%' }).count()).toBe(1);
  expect(await chart.locator('text', { hasText: 'mrt' }).count()).toBe(2);
  expect(await page.locator('table', { hasText: 'Per maand' }).innerText()).toContain('geen signalen');
  await accessible(page, 'report-2years');
  await page.locator('figure').screenshot({ path: `${SCREENS}/report-2years-chart.png` });
  // "Nu": the count is a link to the list of exactly those signals.
  await page.locator('main dl').getByRole('link').first().click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(page.url()).toContain('/signalen?due=overdue');
});
