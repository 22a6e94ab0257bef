import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { startWorkers } from '../../src/jobs/worker';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { startSmtp } from '../support/smtp';
import { loginAs, makeUser } from '../support/web';

// Issue 8, point 3: a reporter's new message on the follow page puts the signal back in front of staff: a marker in
// the work queue (with the urgent ones) and on the signal, and a mail without the message to the assignee, or the
// team while nobody holds it. Opening the page does not take the marker away; answering or "Gelezen" does.
const clock = fixedClock(new Date());
let ctx: TestContext;
let app: Express;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let workers: { close(): Promise<void> };
let mila: Awaited<ReturnType<typeof loginAs>>;
let holder: { userId: string; label: string; requestId: null };
// The raw message is quoted-printable: soft line breaks and =XX escapes undone, so words are found whole.
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
const TEAM = ['mila@igj.test', 'mo@igj.test'];
const SECRET = 'Mijn naam is Fenna en ze pakken mijn telefoon af.';

beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await testServices({ clock, env: { SMTP_URL: smtp.url } });
  workers = await startWorkers(ctx.services);
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  for (const email of TEAM) await makeUser(ctx.services, ['meldpunt'], email);
  const h = await makeUser(ctx.services, ['meldpunt'], 'behandelaar@igj.test');
  holder = { userId: h.id, label: h.name, requestId: null };
  mila = await loginAs(app, TEAM[0]!);
});
afterAll(async () => {
  await workers.close();
  await ctx.cleanup();
  await smtp.close();
});

const anonymous = () =>
  ctx.services.signals.register(
    systemActor('contactformulier'),
    { channel: 'formulier', reporterType: 'jeugdige', summary: 'Telefoon', description: 'Ze pakken mijn telefoon af.', anonymous: true },
    { receipt: true },
  );
const waitingSince = async (id: string) =>
  (await ctx.services.db.selectFrom('signals').select('reporter_message_at').where('id', '=', id).executeTakeFirstOrThrow())
    .reporter_message_at;
const messageMails = (reference: string) =>
  ctx.services.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'text', 'html'])
    .where('subject', '=', `Nieuw bericht van de melder bij signaal ${reference}`)
    .orderBy('recipient')
    .execute();
const queued = async (id: string) => (await ctx.services.workQueue({}, 1, 1000)).items.find((i) => i.id === id);

test('after contact, a reply brings the signal back: marked, the oldest unseen kept, one mail to the assignee without the text', async () => {
  const { signal, receiptCode } = await anonymous();
  await ctx.services.signals.claim(holder, signal.id);
  await ctx.services.contacts.staffMessage(holder, signal.id, 'Hoi, ben je nu veilig?');
  clock.advance(60_000);
  await ctx.services.contacts.reporterOpen(receiptCode!);
  expect(await queued(signal.id)).toBeUndefined();

  clock.advance(60_000);
  const first = clock.now();
  await ctx.services.contacts.reporterReply(receiptCode!, SECRET);
  clock.advance(60_000);
  await ctx.services.contacts.reporterReply(receiptCode!, 'Hallo? Lees je dit?');
  expect(await waitingSince(signal.id)).toEqual(first);
  expect(await queued(signal.id)).toMatchObject({
    newMessage: true,
    urgent: false,
    waitingForContact: false,
    urgency: 'normal',
    followUp: 'met',
  });

  const mails = await messageMails(signal.reference);
  expect(mails.map((m) => m.recipient)).toEqual(['behandelaar@igj.test']);
  const delivered = await smtp.waitForMatch((m) => m.raw.includes(`Nieuw bericht van de melder bij signaal ${signal.reference}`));
  expect(delivered?.to).toEqual(['behandelaar@igj.test']);
  for (const m of [mails[0]!.text + mails[0]!.html, decoded(delivered!.raw)]) {
    expect(m).toContain(`/signalen/${signal.id}`);
    expect(m).not.toMatch(/Fenna|telefoon af|Lees je dit/);
  }
});

test('nobody holds the signal: the team gets the mail, and a waiting message sorts with the urgent ones', async () => {
  const plain = await ctx.services.signals.register(systemActor('t'), {
    channel: 'telefoon',
    receivedAt: new Date(clock.now().getTime() - 40 * 3_600_000),
    reporterType: 'jeugdige',
    summary: 'Eerder',
    description: 'Eerder binnen.',
  });
  const { signal, receiptCode } = await anonymous();
  await ctx.services.contacts.reporterReply(receiptCode!, SECRET);
  expect((await messageMails(signal.reference)).map((m) => m.recipient).sort()).toEqual([...TEAM, 'behandelaar@igj.test'].sort());
  const { items } = await ctx.services.workQueue({}, 1, 1000);
  expect(items.findIndex((i) => i.id === signal.id)).toBeLessThan(items.findIndex((i) => i.id === plain.signal.id));
  const page = await mila.agent.get('/werkvoorraad');
  expect(page.text).toMatch(new RegExp(`${signal.reference}</a> <span class="app-tag app-tag--info">Nieuw bericht</span>`));
});

test('opening the signal leaves the marker; "Gelezen" clears it; a new message sets it again; answering clears it too', async () => {
  const { signal, receiptCode } = await anonymous();
  await ctx.services.contacts.reporterReply(receiptCode!, SECRET);
  const page = await mila.agent.get(`/signalen/${signal.id}`);
  expect(page.text).toContain('<span class="app-tag app-tag--info">Nieuw bericht</span> De melder schreef op');
  expect(page.text).toContain(`action="/signalen/${signal.id}/bericht/gelezen"`);
  expect(await waitingSince(signal.id)).not.toBeNull();

  await mila.agent.post(`/signalen/${signal.id}/bericht/gelezen`).type('form').send({ _csrf: mila.csrf }).expect(303);
  expect(await waitingSince(signal.id)).toBeNull();
  expect((await mila.agent.get(`/signalen/${signal.id}`)).text).not.toContain('app-tag--info">Nieuw bericht');
  // Pressed again (a second tab, a colleague): nothing changes and nothing fails.
  await mila.agent.post(`/signalen/${signal.id}/bericht/gelezen`).type('form').send({ _csrf: mila.csrf }).expect(303);

  clock.advance(60_000);
  await ctx.services.contacts.reporterReply(receiptCode!, 'Nog een vraag.');
  expect(await waitingSince(signal.id)).toEqual(clock.now());
  await mila.agent
    .post(`/signalen/${signal.id}/bericht`)
    .type('form')
    .send({ _csrf: mila.csrf, message: 'Dank je, ik lees mee.' })
    .expect(303);
  expect(await waitingSince(signal.id)).toBeNull();

  const events = await ctx.services.db
    .selectFrom('signal_events')
    .select(['kind', 'data'])
    .where('signal_id', '=', signal.id)
    .where('kind', '=', 'message-handled')
    .orderBy('at')
    .execute();
  expect(events.map((e) => (e.data as { how: string }).how)).toEqual(['gelezen', 'beantwoord']);
  const audit = await ctx.services.db
    .selectFrom('audit_log')
    .select(['actor_label', 'changes'])
    .where('object_type', '=', 'signal')
    .where('object_id', '=', signal.id)
    .orderBy('id')
    .execute();
  const marks = audit
    .filter((a) => 'reporterMessageAt' in (a.changes as object))
    .map((a) => [a.actor_label, (a.changes as Record<string, { after: unknown }>).reporterMessageAt!.after === null]);
  expect(marks).toEqual([
    ['melder (volgpagina)', false],
    ['Test meldpunt <mila@igj.test>', true],
    ['melder (volgpagina)', false],
    ['Test meldpunt <mila@igj.test>', true],
  ]);
});
