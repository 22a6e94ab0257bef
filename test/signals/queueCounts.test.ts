import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// The work queue's header counts the same "waiting" and "spoed" as everywhere else: a duplicate or a contacted signal
// back in the queue only for a reporter's new message is a new message, not waiting, overdue or spoed.
const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let meldpunt: Awaited<ReturnType<typeof loginAs>>;
const actor = systemActor('test');
const youth = { channel: 'telefoon', reporterType: 'jeugdige', summary: 'x', description: 'y', contact: { phone: '06 12345678' } };

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
});
afterAll(() => ctx.cleanup());

test('a duplicate or a contacted urgent signal with a new message counts as a new message only', async () => {
  const waiting = (await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-17T09:00:00Z' })).signal;
  const duplicate = (await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-17T10:00:00Z' })).signal;
  await ctx.services.signals.markDuplicate(actor, duplicate.id, waiting.reference);
  const contacted = (await ctx.services.signals.register(actor, { ...youth, safeNow: 'nee' })).signal;
  await ctx.services.contacts.recordAttempt(actor, contacted.id, {
    at: clock.now(),
    channel: 'telefoon',
    successful: true,
    structuralUnsafety: 'nee',
    boundaryCrossing: 'nee',
  });
  const now = clock.now();
  await ctx.services.db.updateTable('signals').set({ reporter_message_at: now }).where('id', 'in', [duplicate.id, contacted.id]).execute();
  const { counts, items } = await ctx.services.workQueue({});
  expect(counts).toMatchObject({ total: 1, overdue: 1, urgent: 0, newMessage: 2 });
  expect(items.find((i) => i.id === contacted.id)).toMatchObject({ urgent: false, newMessage: true });
  const page = (await meldpunt.agent.get('/werkvoorraad')).text;
  expect(page).toContain('<strong>1</strong> signalen wachten op contact');
  expect(page).toContain('<strong>0</strong> spoed');
});

test('a place that was not one of the choices is refused, not registered as no place at all', async () => {
  const form = await meldpunt.agent.get('/signalen/nieuw');
  const submission = /name="submission" value="([^"]+)"/.exec(form.text)![1]!;
  for (const place of ['q:00000000-0000-4000-8000-000000000000', 'garbage', 'l:', ' l:00000000-0000-4000-8000-000000000000']) {
    const res = await meldpunt.agent.post('/signalen/nieuw').type('form').send({
      _csrf: meldpunt.csrf,
      submission,
      channel: 'telefoon',
      reporterType: 'ouder',
      summary: 'Zonder plek?',
      description: 'Een plek die niet werd aangeboden.',
      place,
    });
    expect([place, res.status, res.text.includes('Onbekende aanbieder, locatie of groep')]).toEqual([place, 400, true]);
  }
  expect(await ctx.services.db.selectFrom('signals').select('id').where('summary', '=', 'Zonder plek?').execute()).toEqual([]);
});

test('a page number past the end, however many digits, shows the last page', async () => {
  for (let i = 0; i < 55; i++) await ctx.services.providers.create(actor, { name: `Aanbieder ${i}`, type: 'jeugdhulpaanbieder' });
  const last = await meldpunt.agent.get('/aanbieders?page=1000000000');
  expect(last.status).toBe(200);
  expect(last.text).toContain('u ziet 51–55 van 55');
});
