import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 9, point 3: the work queue showed the first 500 by due time and counted only those, so with 6,297 open the
// header said "500 · 500 te laat" and the 11 due within 12 hours were not shown at all.

const NOW = new Date('2026-11-20T09:00:00Z');
const HOUR = 3_600_000;
const clock = fixedClock(NOW);
const actor = systemActor('test');
let ctx: TestContext;
let app: Express;
let meldpunt: Awaited<ReturnType<typeof loginAs>>;
const ref: Record<string, string> = {};
const overdueRefs: string[] = [];

async function signal(due: Date, o: { reporterType?: string; urgent?: boolean } = {}) {
  const { signal: s } = await ctx.services.signals.register(actor, {
    channel: 'telefoon',
    reporterType: o.reporterType ?? 'jeugdige',
    summary: 'Wachtend',
    description: 'Wacht op contact.',
    contact: { phone: '06 11112222' },
  });
  await ctx.services.db
    .updateTable('signals')
    .set({ due_at: due, urgent_at: o.urgent ? NOW : null })
    .where('id', '=', s.id)
    .execute();
  return s.reference;
}

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  // 120 waiting: one urgent, one due in 2 hours, 98 overdue in the last 30 days (every 6 hours, the most recent first
  // in this list), 18 due in three days (from parents), and two overdue for a year (history), one of them urgent.
  ref.urgent = await signal(new Date(NOW.getTime() + 72 * HOUR), { urgent: true });
  ref.soon = await signal(new Date(NOW.getTime() + 2 * HOUR));
  for (let i = 1; i <= 98; i++) overdueRefs.push(await signal(new Date(NOW.getTime() - i * 6 * HOUR)));
  for (let i = 0; i < 18; i++) await signal(new Date(NOW.getTime() + 72 * HOUR + i * 60_000), { reporterType: 'ouder' });
  ref.oldUrgent = await signal(new Date(NOW.getTime() - 365 * 24 * HOUR), { urgent: true });
  ref.old = await signal(new Date(NOW.getTime() - 366 * 24 * HOUR));
}, 120_000);
afterAll(() => ctx.cleanup());

/** The page links' addresses, as a browser reads them. */
const links = (html: string) =>
  [...html.matchAll(/href="(\/werkvoorraad[^"]*)"/g)].map((m) => m[1]!.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'));

/** The references in the table, top to bottom. */
const rows = (html: string) =>
  [...html.matchAll(/<td class="utrecht-table__cell"><a class="utrecht-link" href="\/signalen\/[0-9a-f-]{36}">(S-\d{4}-\d{6})<\/a>/g)].map(
    (m) => m[1]!,
  );

test('the queue is paged by 50 with its true total, and the counts in the header are true beyond one page', async () => {
  const first = await meldpunt.agent.get('/werkvoorraad').expect(200);
  expect(first.text).toContain('Signalen 1–50 van 120');
  expect(first.text).toContain('<strong>120</strong> signalen wachten op contact');
  expect(first.text).toContain('<strong>100</strong> te laat');
  expect(first.text).toContain('<strong>1</strong> binnen 12 uur');
  expect(first.text).toContain('<strong>2</strong> spoed');
  expect(rows(first.text)).toHaveLength(50);
  expect(links(first.text)).toContain('/werkvoorraad?page=3');

  const second = await meldpunt.agent.get('/werkvoorraad?page=2');
  expect(second.text).toContain('Signalen 51–100 van 120');
  expect(rows(second.text)).toEqual(overdueRefs.slice(48, 98));
  const third = await meldpunt.agent.get('/werkvoorraad?page=3');
  expect(third.text).toContain('Signalen 101–120 van 120');
  expect(rows(third.text)).toHaveLength(20);
  // Every signal on exactly one page.
  expect(new Set([...rows(first.text), ...rows(second.text), ...rows(third.text)]).size).toBe(120);
  // A page past the end (an old link) shows the last page, not an empty one.
  expect(rows((await meldpunt.agent.get('/werkvoorraad?page=99')).text)).toEqual(rows(third.text));
});

test('what needs action now comes first: urgent, then due within 12 hours, then the freshest overdue; history last', async () => {
  const first = rows((await meldpunt.agent.get('/werkvoorraad')).text);
  // Due in 2 hours: on the first page, right after the urgent one, although 100 signals are overdue.
  expect(first.slice(0, 2)).toEqual([ref.urgent, ref.soon]);
  // Overdue ones most recently due first.
  expect(first.slice(2)).toEqual(overdueRefs.slice(0, 48));
  // Overdue for a year is history: after what is due later, urgent history before the rest.
  const last = rows((await meldpunt.agent.get('/werkvoorraad?page=3')).text);
  expect(last.slice(-2)).toEqual([ref.oldUrgent, ref.old]);
});

test('filters survive paging, and the counts and total follow the filter', async () => {
  const parents = await meldpunt.agent.get('/werkvoorraad?reporterType=ouder');
  expect(parents.text).toContain('Signalen 1–18 van 18');
  expect(parents.text).toContain('<strong>18</strong> signalen wachten op contact');
  expect(parents.text).toContain('<strong>0</strong> te laat');
  const young = await meldpunt.agent.get('/werkvoorraad?reporterType=jeugdige');
  expect(young.text).toContain('Signalen 1–50 van 102');
  expect(links(young.text)).toContain('/werkvoorraad?reporterType=jeugdige&page=2');
  const page3 = await meldpunt.agent.get('/werkvoorraad?reporterType=jeugdige&page=3');
  expect(page3.text).toContain('Signalen 101–102 van 102');
  expect(rows(page3.text)).toEqual([ref.oldUrgent, ref.old]);
  // The other pages keep the filter too, the first page included.
  expect(links(page3.text)).toEqual(
    expect.arrayContaining(['/werkvoorraad?reporterType=jeugdige', '/werkvoorraad?reporterType=jeugdige&page=2']),
  );
  expect(
    links(page3.text)
      .filter((l) => l.includes('page='))
      .every((l) => l.includes('reporterType=jeugdige')),
  ).toBe(true);
});

test('among urgent signals, the ones still in time come before the ones already late', async () => {
  const lateUrgent = await signal(new Date(NOW.getTime() - 3 * 24 * HOUR), { urgent: true });
  const lateUrgentEarlier = await signal(new Date(NOW.getTime() - 5 * 24 * HOUR), { urgent: true });
  const inTimeUrgent = await signal(new Date(NOW.getTime() + 10 * 60_000), { urgent: true });
  const first = rows((await meldpunt.agent.get('/werkvoorraad')).text);
  // In time, soonest first; then late, most recently due first; then a reporter's message and the rest.
  expect(first.slice(0, 4)).toEqual([inTimeUrgent, ref.urgent, lateUrgent, lateUrgentEarlier]);
  expect(first[4]).toBe(ref.soon);
});
