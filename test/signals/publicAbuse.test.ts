import request from 'supertest';
import type { Express } from 'express';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { csrfFrom, makeUser } from '../support/web';
import { resetRateLimits } from '../support/rateLimits';

let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices({ env: { REPORT_RATE_LIMIT: '2' } });
  app = createApp(ctx.services);
});
afterAll(() => ctx.cleanup());

const answers = {
  step: 'controle',
  reporterType: 'jeugdige',
  placeText: 'Groep Zon, Ede',
  description: 'Er wordt geschreeuwd.',
  safeNow: 'ja',
  reach: 'anoniem',
};
const count = async () =>
  (
    await ctx.services.db
      .selectFrom('signals')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
  ).n;

async function send(agent: ReturnType<typeof request.agent>, extra: Record<string, string> = {}) {
  const csrf = csrfFrom((await agent.get('/melden')).text);
  return agent
    .post('/melden')
    .type('form')
    .send({ _csrf: csrf, ...answers, action: 'verstuur', ...extra });
}

test('a filled-in honeypot gets the normal thank-you page, and nothing is saved', async () => {
  const before = await count();
  const res = await send(request.agent(app), { website: 'http://spam.example' });
  expect(res.status).toBe(200);
  expect(res.text).toContain('Bedankt voor je melding');
  expect(res.text).not.toContain('volgcode');
  expect(await count()).toBe(before);
});

test('sending is rate limited per address; walking through the steps is not', async () => {
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden')).text);
  for (let i = 0; i < 5; i++)
    expect(
      (await agent.post('/melden').type('form').send({ _csrf: csrf, step: 'wie', reporterType: 'jeugdige', action: 'volgende' })).status,
    ).toBe(200);
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await send(agent)).status);
  // The honeypot test above already used one of the two sends from this address.
  expect(statuses).toEqual([200, 429, 429]);
  expect((await send(agent)).text).toContain('Even wachten');
});

test('wrong receipt codes are rate limited; a right code is not counted', async () => {
  const { receiptCode } = await ctx.services.signals.register(
    systemActor('t'),
    { channel: 'formulier', reporterType: 'jeugdige', summary: 'x', description: 'x', anonymous: true },
    { receipt: true },
  );
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden/volgen')).text);
  // Successful look-ups do not count towards the limit...
  for (let i = 0; i < 12; i++)
    expect((await agent.post('/melden/volgen').type('form').send({ _csrf: csrf, code: receiptCode })).status).toBe(200);
  // ...wrong codes do: ten tries, then the address waits.
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++)
    statuses.push(
      (
        await agent
          .post('/melden/volgen')
          .type('form')
          .send({ _csrf: csrf, code: `FOUT-${i}` })
      ).status,
    );
  expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
  expect(statuses[10]).toBe(429);
});

test('an empty or too long reply is a typo to correct, not a guessed code: it does not use up the limit', async () => {
  const { receiptCode } = await ctx.services.signals.register(
    systemActor('t'),
    { channel: 'formulier', reporterType: 'jeugdige', summary: 'x', description: 'x', anonymous: true },
    { receipt: true },
  );
  // The test above used up this address's tries; the counters live in Redis.
  await resetRateLimits(ctx.services);
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden/volgen')).text);
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++)
    statuses.push(
      (
        await agent
          .post('/melden/volgen/antwoord')
          .type('form')
          .send({ _csrf: csrf, code: receiptCode, message: i % 2 ? '' : 'x'.repeat(10_001) })
      ).status,
    );
  expect(statuses).toEqual(Array(12).fill(400));
  expect((await agent.post('/melden/volgen').type('form').send({ _csrf: csrf, code: receiptCode })).status).toBe(200);
});

test('12 hours before due the meldpunt team is warned once; a job for an older deadline does nothing', async () => {
  const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
  const own = await testServices({ clock });
  try {
    await makeUser(own.services, ['meldpunt'], 'team1@igj.test');
    await makeUser(own.services, ['meldpunt'], 'team2@igj.test');
    const { signal } = await own.services.signals.register(systemActor('t'), {
      channel: 'telefoon',
      reporterType: 'jeugdige',
      summary: 'x',
      description: 'x',
    });
    clock.set(new Date(signal.dueAt.getTime() - 12 * 3_600_000));
    await own.services.enforcement.handle('warning', { signalId: signal.id, dueAt: signal.dueAt.getTime() - 1 });
    expect((await own.services.mail.list()).filter((m) => m.subject.startsWith('Over 12 uur'))).toHaveLength(0);
    await own.services.enforcement.handle('warning', { signalId: signal.id, dueAt: signal.dueAt.getTime() });
    await own.services.enforcement.handle('warning', { signalId: signal.id, dueAt: signal.dueAt.getTime() });
    const warnings = (await own.services.mail.list()).filter(
      (m) => m.subject === `Over 12 uur verloopt de contacttermijn van signaal ${signal.reference}`,
    );
    expect(warnings.map((m) => m.recipient).sort()).toEqual(['team1@igj.test', 'team2@igj.test']);
  } finally {
    await own.cleanup();
  }
});

// Issue 8, point 6: Back from the thank-you page and "Versturen" again made a second signal (and a second round of
// consultation mails). The form carries a one-time token from its first step to the end.
test('sending the same report again shows the first result and saves nothing new', async () => {
  await resetRateLimits(ctx.services);
  const agent = request.agent(app);
  const first = await agent.get('/melden');
  const token = /name="submission" value="([0-9a-f-]{36})"/.exec(first.text)?.[1];
  expect(token).toBeDefined();
  const before = await count();
  const body = {
    _csrf: csrfFrom(first.text),
    ...answers,
    reach: 'telefoon',
    phone: '06 12345678',
    consent: 'nee',
    submission: token!,
    action: 'verstuur',
  };
  const sent = await agent.post('/melden').type('form').send(body);
  const again = await agent.post('/melden').type('form').send(body);
  expect(sent.status).toBe(200);
  expect(again.status).toBe(200);
  const reference = /Het nummer is <strong>(S-\d{4}-\d{6})<\/strong>/.exec(sent.text)?.[1];
  expect(reference).toBeDefined();
  expect(again.text).toContain(`Het nummer is <strong>${reference}</strong>`);
  expect(again.text).toContain('Je had deze melding al verstuurd');
  expect(await count()).toBe(before + 1);
  // A new visit is a new report.
  const other = await request.agent(app).get('/melden');
  expect(/name="submission" value="([0-9a-f-]{36})"/.exec(other.text)?.[1]).not.toBe(token);
});

test('refreshing after a reply (the same form sent again) adds the reply once', async () => {
  await resetRateLimits(ctx.services);
  const { signal, receiptCode } = await ctx.services.signals.register(
    systemActor('t'),
    { channel: 'formulier', reporterType: 'jeugdige', summary: 'x', description: 'x', anonymous: true },
    { receipt: true },
  );
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden/volgen')).text);
  const thread = await agent.post('/melden/volgen').type('form').send({ _csrf: csrf, code: receiptCode });
  const submission = /name="submission" value="([0-9a-f-]{36})"/.exec(thread.text)![1]!;
  const reply = { _csrf: csrf, code: receiptCode, submission, message: 'Ik wil nog iets vertellen.' };
  expect((await agent.post('/melden/volgen/antwoord').type('form').send(reply)).status).toBe(200);
  const again = await agent.post('/melden/volgen/antwoord').type('form').send(reply);
  expect(again.status).toBe(200);
  expect(again.text.split('Ik wil nog iets vertellen.').length - 1).toBe(1);
  expect((await ctx.services.contacts.messages(signal.id)).filter((m) => m.direction === 'reporter')).toHaveLength(1);
  // A next reply (a fresh form) is a new message.
  const next = /name="submission" value="([0-9a-f-]{36})"/.exec(again.text)![1]!;
  expect(next).not.toBe(submission);
  await agent
    .post('/melden/volgen/antwoord')
    .type('form')
    .send({ ...reply, submission: next, message: 'En nog iets.' })
    .expect(200);
  expect((await ctx.services.contacts.messages(signal.id)).filter((m) => m.direction === 'reporter')).toHaveLength(2);
});
