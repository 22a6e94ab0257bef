import type { Express } from 'express';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 8 point 18: the report's chart with its target (a setting), counts and empty weeks; "Nu" figures that open
// the list they count; plurals; a CSV Dutch Excel reads.
const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let manager: Awaited<ReturnType<typeof loginAs>>;
const actor = systemActor('test');
const youth = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Opgesloten',
  description: 'Twee dagen op de kamer.',
  contact: { phone: '06 11112222' },
};
const unescape = (html: string) => html.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
let overdueRef: string;
let todayRef: string;

beforeAll(async () => {
  ctx = await testServices({ clock, env: { FOLLOW_UP_TARGET_PERCENT: '80' } });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  manager = await loginAs(app, (await makeUser(ctx.services, ['manager'])).email);
  const met = await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-16T09:00:00Z' });
  await ctx.services.contacts.recordAttempt(actor, met.signal.id, {
    at: '2026-11-16T10:00:00Z',
    channel: 'telefoon',
    successful: true,
    structuralUnsafety: 'nee',
    boundaryCrossing: 'nee',
  });
  overdueRef = (await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-16T10:00:00Z' })).signal.reference;
  // Due 48 hours later: 21:00 tonight in Amsterdam.
  todayRef = (await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-18T20:00:00Z' })).signal.reference;
});
afterAll(() => ctx.cleanup());

test('the chart shows the target from the settings, counts beside shares, and weeks without signals as such', async () => {
  const page = await manager.agent.get('/rapportage/opvolging?from=2026-11-02&to=2026-11-22');
  expect(page.status).toBe(200);
  expect(page.text).toContain('streefwaarde 80%');
  expect(page.text).toContain('Staafdiagram met de streefwaarde van 80% als stippellijn');
  // Week 47: one met, one overdue (breached), one still open.
  expect(page.text).toContain('wk 47 2026: 50% binnen de norm (1 van 2)');
  expect(page.text).toContain('>1/2</text>');
  expect(page.text).toMatch(
    /<th class="utrecht-table__header-cell" scope="row">wk 47 2026<\/th><td class="utrecht-table__cell">50% \(1 van 2; 1 nog open\)<\/td>/,
  );
  expect(page.text).toMatch(/scope="row">wk 45 2026<\/th><td class="utrecht-table__cell">geen signalen<\/td>/);
  expect(page.text).toContain('wk 45 2026: geen signalen');
});

test('the "Nu" figures, in words, open the list with exactly those signals', async () => {
  const page = unescape((await manager.agent.get('/rapportage/opvolging')).text);
  expect(page).toContain('<a class="utrecht-link" href="/signalen?due=overdue">1 signaal</a>');
  expect(page).toContain('<a class="utrecht-link" href="/signalen?due=today">1 signaal</a>');
  expect(page).toContain('3 jeugdigen in deze periode');
  const overdue = await manager.agent.get('/signalen?due=overdue');
  expect(overdue.status).toBe(200);
  expect(overdue.text).toContain(overdueRef);
  expect(overdue.text).not.toContain(todayRef);
  const today = await manager.agent.get('/signalen?due=today');
  expect(today.text).toContain(todayRef);
  expect(today.text).not.toContain(overdueRef);
});

test('two years read by month', async () => {
  const page = await manager.agent.get('/rapportage/opvolging?from=2024-12-01&to=2026-11-30');
  expect(page.text).toContain('Aandeel jeugdigen met contact binnen 48 uur, per maand');
  expect(page.text).toMatch(/scope="row">nov 2026<\/th><td class="utrecht-table__cell">50% \(1 van 2; 1 nog open\)/);
  expect(page.text).toMatch(/scope="row">dec 2024<\/th><td class="utrecht-table__cell">geen signalen/);
  expect((page.text.match(/<rect x="/g) ?? []).length).toBe(24);
  expect(page.text).not.toContain('wk 47 2026');
});

test('the CSV: `;` with a decimal comma', async () => {
  const csv = await manager.agent.get('/rapportage/opvolging.csv?from=2026-11-01&to=2026-11-30');
  const rows: string[][] = parse(csv.text, { delimiter: ';', bom: true });
  expect(rows[0]!.at(-1)).toBe('aandeel binnen norm (%)');
  const week = rows.find((r) => r[0] === '2026-W47' && r[1] === 'jeugdigen (48 uur)')!;
  expect(week.slice(2)).toEqual(['3', '1', '0', '1', '0', '1', '50,0']);
});

test('a period outside 2000 to a year ahead is refused at once, on the page, in the CSV and in the API', async () => {
  const started = Date.now();
  const page = await manager.agent.get('/rapportage/opvolging?from=2026-01-01&to=9999-12-31');
  expect(page.status).toBe(200);
  expect(page.text).toContain('De gekozen periode klopt niet');
  const csv = await manager.agent.get('/rapportage/opvolging.csv?from=1000-01-01&to=2026-11-23');
  expect(csv.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(10_000);
  const token = await ctx.services.apiTokens.create(actor, 'rapportage');
  for (const [query, field] of [
    ['from=2026-01-01&to=9999-12-31', 'to'],
    ['from=1999-12-31&to=2026-11-20', 'from'],
    ['from=2026-01-01&to=2027-11-21', 'to'],
  ] as const) {
    const res = await request(app).get(`/api/v1/reports/follow-up?${query}`).set('Authorization', `Bearer ${token.token}`);
    expect([query, res.status, Object.keys(res.body.errors ?? {})]).toEqual([query, 400, [field]]);
  }
});

test('reasons shown in the report are free text that may name someone: each view of them is a read in the audit trail', async () => {
  const { signal } = await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-10T09:00:00Z' });
  await ctx.services.enforcement.sweep();
  await ctx.services.signals.setBreachReason(actor, signal.id, 'Moeder van de jongere nam niet op');
  const reads = async () =>
    (await ctx.services.db.selectFrom('audit_log').select(['changes']).where('object_type', '=', 'follow-up-report').execute()).map(
      (r) => r.changes as { signalIds: string[] },
    );
  const before = (await reads()).length;
  const page = await manager.agent.get('/rapportage/opvolging?from=2026-11-01&to=2026-11-20');
  expect(page.text).toContain('Moeder van de jongere nam niet op');
  const after = await reads();
  expect(after).toHaveLength(before + 1);
  expect(after[after.length - 1]!.signalIds).toContain(signal.id);
});
