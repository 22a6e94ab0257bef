import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { STANDARD_QUESTIONS_MESSAGE } from '../../src/signals/followUp/standardQuestions';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 8, point 2: in a written exchange the two standard questions are asked in writing (the first staff message
// offers them) and the answers are recorded by staff from the reply, or as "niet beantwoord"; never "niet besproken"
// by default, as the automatic follow-page contact did.
const clock = fixedClock(new Date('2026-11-23T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let meldpunt: Awaited<ReturnType<typeof loginAs>>;
let staff: { userId: string; label: string; requestId: null };

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  const u = await makeUser(ctx.services, ['meldpunt'], 'schrijver@igj.test');
  staff = { userId: u.id, label: u.name, requestId: null };
  meldpunt = await loginAs(app, u.email);
});
afterAll(() => ctx.cleanup());

const anonymous = (reporterType = 'jeugdige') =>
  ctx.services.signals.register(
    systemActor('contactformulier'),
    { channel: 'formulier', reporterType, summary: 'Opgesloten', description: 'Ik zat twee dagen op mijn kamer.', anonymous: true },
    { receipt: true },
  );
const messageField = (html: string) => /<textarea[^>]*name="message"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!;
const unescape = (s: string) =>
  s
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

test('the first staff message to a young person starts as the standard text with both questions; later ones start empty', async () => {
  const { signal, receiptCode } = await anonymous();
  const first = await meldpunt.agent.get(`/signalen/${signal.id}`);
  expect(unescape(messageField(first.text))).toBe(STANDARD_QUESTIONS_MESSAGE);
  expect(STANDARD_QUESTIONS_MESSAGE).toMatch(/vaker niet veilig/);
  expect(STANDARD_QUESTIONS_MESSAGE).toMatch(/over je grens/);
  expect(first.text).toContain('Dit eerste bericht stelt de twee standaardvragen. Pas de tekst gerust aan.');
  // The staff member edits it; what they send is what the reporter reads.
  await meldpunt.agent
    .post(`/signalen/${signal.id}/bericht`)
    .type('form')
    .send({ _csrf: meldpunt.csrf, message: `Hoi, ik ben Mila.\n${STANDARD_QUESTIONS_MESSAGE}` })
    .expect(303);
  expect((await ctx.services.contacts.reporterOpen(receiptCode!))!.messages[0]!.body).toBe(
    `Hoi, ik ben Mila.\n${STANDARD_QUESTIONS_MESSAGE}`,
  );
  expect(messageField((await meldpunt.agent.get(`/signalen/${signal.id}`)).text)).toBe('');
  // A parent is not asked the young person's standard questions.
  const parent = await anonymous('ouder');
  expect(messageField((await meldpunt.agent.get(`/signalen/${parent.signal.id}`)).text)).toBe('');
});

test('contact through the follow page records the questions as "niet beantwoord", never "niet besproken"', async () => {
  const { signal, receiptCode } = await anonymous();
  await ctx.services.contacts.staffMessage(staff, signal.id, STANDARD_QUESTIONS_MESSAGE);
  clock.advance(600_000);
  await ctx.services.contacts.reporterOpen(receiptCode!);
  const [attempt] = await ctx.services.contacts.attempts(signal.id);
  expect(attempt).toMatchObject({
    channel: 'volgpagina',
    successful: true,
    structural_unsafety: 'niet-beantwoord',
    boundary_crossing: 'niet-beantwoord',
    not_discussed_reason: null,
  });
  // The clock of point 1 is untouched: contact at the moment of reading.
  expect((await ctx.services.signals.get(signal.id)).contactedAt).toEqual(clock.now());
});

test('staff record per question what the reply said; the contact moment stays, the change is audited', async () => {
  const { signal, receiptCode } = await anonymous();
  await ctx.services.contacts.staffMessage(staff, signal.id, STANDARD_QUESTIONS_MESSAGE);
  clock.advance(600_000);
  const answeredAt = clock.now();
  await ctx.services.contacts.reporterReply(receiptCode!, '1. Ja, het is er vaak onrustig. 2. Daar wil ik niet over schrijven.');
  const [auto] = await ctx.services.contacts.attempts(signal.id);
  expect((await ctx.services.signals.get(signal.id)).reporterMessageAt).toEqual(answeredAt);
  const page = await meldpunt.agent.get(`/signalen/${signal.id}`);
  expect(page.text).toContain('Antwoorden op de standaardvragen uit het schriftelijke contact');
  // A reporter with a code cannot be called: writing is the next step, so that disclosure is the open one.
  expect(page.text).toMatch(/<details class="app-panel" open>\s*<summary class="app-panel__summary">Bericht aan de melder/);
  expect(page.text).not.toMatch(/<details class="app-panel" open>\s*<summary class="app-panel__summary">Contactmoment vastleggen/);
  expect(page.text).toContain(`name="attemptId" value="${auto!.id}"`);

  // Forgetting one question: the error stands beside it, and the other choice is kept.
  const refused = await meldpunt.agent
    .post(`/signalen/${signal.id}/contact/antwoorden`)
    .type('form')
    .send({ _csrf: meldpunt.csrf, attemptId: auto!.id, writtenSu: 'ja' });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('id="veld-writtenBc-error">Beantwoord de vraag over grensoverschrijdend gedrag');
  expect(refused.text).toMatch(/id="veld-writtenSu-0" name="writtenSu" value="ja" checked/);

  clock.advance(3_600_000);
  await meldpunt.agent
    .post(`/signalen/${signal.id}/contact/antwoorden`)
    .type('form')
    .send({ _csrf: meldpunt.csrf, attemptId: auto!.id, writtenSu: 'ja', writtenBc: 'niet-beantwoord' })
    .expect(303);
  const [after] = await ctx.services.contacts.attempts(signal.id);
  expect(after).toMatchObject({
    id: auto!.id,
    at: answeredAt,
    structural_unsafety: 'ja',
    boundary_crossing: 'niet-beantwoord',
    not_discussed_reason: null,
  });
  expect((await ctx.services.signals.get(signal.id)).contactedAt).toEqual(answeredAt);
  // Recording what the reply said handled it: no "Nieuw bericht" waits any more.
  expect((await ctx.services.signals.get(signal.id)).reporterMessageAt).toBeNull();
  expect((await meldpunt.agent.get(`/signalen/${signal.id}`)).text).toContain(
    'Structurele onveiligheid: Ja; grensoverschrijdend gedrag: Niet beantwoord',
  );
  const audit = await ctx.services.db
    .selectFrom('audit_log')
    .select(['action', 'changes', 'actor_id'])
    .where('object_type', '=', 'contact-attempt')
    .where('object_id', '=', auto!.id)
    .where('action', '=', 'update')
    .execute();
  expect(audit).toEqual([
    { action: 'update', actor_id: staff.userId, changes: { structuralUnsafety: { before: 'niet-beantwoord', after: 'ja' } } },
  ]);
});

test('"niet beantwoord" belongs to a written contact: refused for a phone call, accepted for an e-mail', async () => {
  const { signal } = await ctx.services.signals.register(staff, {
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: 'Belde',
    description: 'Belde over de groep.',
    contact: { phone: '06 12345678' },
  });
  const phone = { at: clock.now(), channel: 'telefoon', successful: true, structuralUnsafety: 'niet-beantwoord', boundaryCrossing: 'nee' };
  await expect(ctx.services.contacts.recordAttempt(staff, signal.id, phone)).rejects.toMatchObject({
    fieldErrors: { structuralUnsafety: expect.stringContaining('alleen bij schriftelijk contact') },
  });
  const id = await ctx.services.contacts.recordAttempt(staff, signal.id, { ...phone, channel: 'email' });
  expect((await ctx.services.contacts.attempts(signal.id)).find((a) => a.id === id)).toMatchObject({
    structural_unsafety: 'niet-beantwoord',
  });
  // The written-answers form is for written contacts only.
  const call = await ctx.services.contacts.recordAttempt(staff, signal.id, { ...phone, structuralUnsafety: 'nee' });
  await expect(
    ctx.services.writtenAnswers.record(staff, signal.id, call, { structuralUnsafety: 'ja', boundaryCrossing: 'ja' }),
  ).rejects.toMatchObject({ fieldErrors: { structuralUnsafety: 'Kies een geslaagd schriftelijk contact van dit signaal' } });
});

test('"niet besproken" needs its reason, also when it arrives with a space around it', async () => {
  const { signal } = await ctx.services.signals.register(staff, {
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: 'Belde',
    description: 'Belde over de groep.',
    contact: { phone: '06 12345679' },
  });
  const call = { at: clock.now(), channel: 'telefoon', successful: true, structuralUnsafety: ' niet-besproken', boundaryCrossing: 'nee' };
  await expect(ctx.services.contacts.recordAttempt(staff, signal.id, call)).rejects.toMatchObject({
    fieldErrors: { notDiscussedReason: 'Leg uit waarom een vraag niet is besproken' },
  });
  expect(await ctx.services.contacts.attempts(signal.id)).toEqual([]);
});
