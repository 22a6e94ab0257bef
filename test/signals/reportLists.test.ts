import type { Express } from 'express';
import { sql } from 'kysely';
import request from 'supertest';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 9 point 2: the lists of breaches and unreachable reporters are paged (25 a page, the true total, links that
// keep the period), and only what a page shows is read in the audit trail.
const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let manager: Awaited<ReturnType<typeof loginAs>>;
const actor = systemActor('test');
const youth = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Lijst',
  description: 'Niemand belde.',
  contact: { phone: '06 11112222' },
};
const refs: string[] = [];
const PERIOD = 'from=2026-10-01&to=2026-10-31';

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  manager = await loginAs(app, (await makeUser(ctx.services, ['manager'])).email);
  // 30 signals past their deadline without contact, a minute apart, each with its reason; 3 unreachable reporters.
  for (let i = 0; i < 33; i++) {
    const { signal } = await ctx.services.signals.register(actor, {
      ...youth,
      receivedAt: new Date(Date.UTC(2026, 9, 5, 9, i)).toISOString(),
    });
    refs.push(signal.reference);
    const set =
      i < 30
        ? sql`breach_reason = ${`Reden ${i}`}`
        : sql`unreachable_at = received_at + interval '3 days', unreachable_reason = ${`Onbereikbaar ${i}`}`;
    await sql`update signals set ${set} where id = ${signal.id}`.execute(ctx.services.db);
  }
}, 60_000);
afterAll(() => ctx.cleanup());

const unescape = (html: string) => html.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
const section = (html: string, id: string) => html.slice(html.indexOf(`id="${id}"`)).split('<h2')[0]!;
const shown = (html: string) => [...html.matchAll(/>(S-\d{4}-\d{6})</g)].map((m) => m[1]);
const reads = async () =>
  (
    await ctx.services.db.selectFrom('audit_log').select('changes').where('object_type', '=', 'follow-up-report').orderBy('id').execute()
  ).map((r) => (r.changes as { signalIds: string[] }).signalIds.length);

test('25 breaches a page, oldest first, with the true total and page links that keep the period', async () => {
  const page = unescape((await manager.agent.get(`/rapportage/opvolging?${PERIOD}`)).text);
  const breaches = section(page, 'termijn-niet-gehaald');
  expect(breaches).toContain('Termijn niet gehaald (30)');
  expect(breaches).toContain('1–25 van 30');
  expect(shown(breaches)).toEqual(refs.slice(0, 25));
  const next = '/rapportage/opvolging?from=2026-10-01&to=2026-10-31&breachesPage=2#termijn-niet-gehaald';
  expect(breaches).toContain(`href="${next}" rel="next"`);
  expect(breaches).toContain('aria-label="Pagina’s termijn niet gehaald"');
  // The unreachable reporters fit on one page: no page links.
  const unreachable = section(page, 'onbereikbaar');
  expect(unreachable).toContain('Onbereikbaar (3)');
  expect(shown(unreachable)).toEqual(refs.slice(30));
  expect(unreachable).not.toContain('app-pager');
  // Only the reasons on the page were read: 25 breaches and 3 unreachable reporters.
  expect((await reads()).at(-1)).toBe(28);

  const second = (await manager.agent.get(next)).text;
  expect(shown(section(second, 'termijn-niet-gehaald'))).toEqual(refs.slice(25, 30));
  expect(second).toContain('26–30 van 30');
  expect(second).toMatch(/name="from"[^>]*value="2026-10-01"/);
  // A page past the end shows the last one; a page of one list leaves the other at its own page.
  const far = (await manager.agent.get(`/rapportage/opvolging?${PERIOD}&breachesPage=99&unreachablePage=7`)).text;
  expect(shown(section(far, 'termijn-niet-gehaald'))).toEqual(refs.slice(25, 30));
  expect(shown(section(far, 'onbereikbaar'))).toEqual(refs.slice(30));
});

test('the API: the same totals, a page of the lists and where the next one is', async () => {
  const token = (await ctx.services.apiTokens.create(actor, 'rapportage')).token;
  const res = await request(app).get(`/api/v1/reports/follow-up?${PERIOD}`).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  expect(res.body.youth).toMatchObject({ total: 33, breached: 30, unreachable: 3 });
  expect(res.body.breaches.map((b: { reference: string }) => b.reference)).toEqual(refs.slice(0, 30));
  expect(res.body.breachesPage).toEqual({ page: 1, perPage: 100, total: 30, next: null });
  expect(res.body.unreachablePage).toEqual({ page: 1, perPage: 100, total: 3, next: null });
  expect(Object.keys(res.body)).toEqual(
    expect.arrayContaining([
      'from',
      'to',
      'youth',
      'others',
      'youngPersonSelf',
      'duplicates',
      'weeks',
      'months',
      'staff',
      'now',
      'breaches',
      'unreachable',
    ]),
  );
});

test('the CSV holds the figures: the period, its weeks and its months, no lists', async () => {
  const csv = (await manager.agent.get(`/rapportage/opvolging.csv?${PERIOD}`)).text;
  const lines = csv.trim().split('\r\n');
  expect(lines[1]).toBe('2026-10-01 t/m 2026-10-31;jeugdigen (48 uur);33;0;0;30;3;0;0,0');
  expect(lines.filter((l) => /^2026-W\d\d;/.test(l))).toHaveLength(2);
  expect(lines.filter((l) => l.startsWith('2026-10;'))).toHaveLength(2);
  expect(csv).not.toContain('S-2026-');
});
