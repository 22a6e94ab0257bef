import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { makeUser } from '../support/web';

// Issue 8, point 1: the 48-hour norm means a staff member reached the young person. A reporter's own message on the
// follow page, before anyone of the meldpunt wrote, used to be logged as "contact within the norm" and took the
// signal out of the work queue. Contact through the follow page is: staff wrote, and the reporter read or answered.
const clock = fixedClock(new Date('2026-11-23T09:00:00Z'));
let ctx: TestContext;

beforeAll(async () => {
  ctx = await testServices({ clock });
});
afterAll(() => ctx.cleanup());

const anonymousYoungPerson = () =>
  ctx.services.signals.register(
    systemActor('contactformulier'),
    {
      channel: 'formulier',
      reporterType: 'jeugdige',
      summary: 'Opgesloten',
      description: 'Ik zat twee dagen op mijn kamer.',
      safeNow: 'nee',
      anonymous: true,
    },
    { receipt: true },
  );
const inQueue = async (id: string) => (await ctx.services.workQueue({}, 1, 1000)).items.some((i) => i.id === id);

test('a reporter writing first is no contact: the clock keeps running and the signal stays in the work queue', async () => {
  const { signal, receiptCode } = await anonymousYoungPerson();
  clock.advance(60_000);
  expect((await ctx.services.contacts.reporterOpen(receiptCode!))!.messages).toEqual([]);
  expect(await ctx.services.contacts.reporterReply(receiptCode!, 'Is er al iemand die dit leest?')).toBe(true);
  const after = await ctx.services.signals.get(signal.id);
  expect(after.followUp).toBe('open');
  expect(after.contactedAt).toBeNull();
  expect(await ctx.services.contacts.attempts(signal.id)).toEqual([]);
  expect(await inQueue(signal.id)).toBe(true);
});

test('staff wrote and the reporter read it: contact at the moment of reading, by that staff member', async () => {
  const staff = await makeUser(ctx.services, ['meldpunt'], 'schrijver@igj.test');
  const { signal, receiptCode } = await anonymousYoungPerson();
  await ctx.services.contacts.reporterReply(receiptCode!, 'Hallo?');
  clock.advance(3_600_000);
  await ctx.services.contacts.staffMessage(
    { userId: staff.id, label: staff.name, requestId: null },
    signal.id,
    'Hoi, ik ben van het meldpunt. Ben je nu veilig?',
  );
  expect((await ctx.services.signals.get(signal.id)).followUp).toBe('open');
  clock.advance(1_800_000);
  const readAt = clock.now();
  await ctx.services.contacts.reporterOpen(receiptCode!);
  const after = await ctx.services.signals.get(signal.id);
  expect(after.followUp).toBe('met');
  expect(after.contactedAt).toEqual(readAt);
  const [attempt] = await ctx.services.contacts.attempts(signal.id);
  expect(attempt).toMatchObject({
    successful: true,
    channel: 'volgpagina',
    note: 'De melder las het bericht van het meldpunt op de volgpagina',
  });
  expect(await inQueue(signal.id)).toBe(false);
  // Credited to the staff member, but the audit trail says who acted: the reporter on the follow page, not staff.
  const [entry] = await ctx.services.audit.find({ objectType: 'contact-attempt', objectId: attempt!.id, limit: 5 });
  expect(entry).toMatchObject({ actorId: null, actorLabel: 'melder (volgpagina)' });
});

test('staff wrote and the reporter answered (without reading first): contact at the answer', async () => {
  const staff = await makeUser(ctx.services, ['meldpunt'], 'tweede@igj.test');
  const { signal, receiptCode } = await anonymousYoungPerson();
  await ctx.services.contacts.staffMessage({ userId: staff.id, label: staff.name, requestId: null }, signal.id, 'Hoi, ben je nu veilig?');
  clock.advance(600_000);
  const answeredAt = clock.now();
  await ctx.services.contacts.reporterReply(receiptCode!, 'Ja, nu wel.');
  const after = await ctx.services.signals.get(signal.id);
  expect([after.followUp, after.contactedAt]).toEqual(['met', answeredAt]);
  const [attempt] = await ctx.services.contacts.attempts(signal.id);
  expect(attempt!.note).toBe('De melder antwoordde op de volgpagina op een bericht van het meldpunt');
});

test('an unknown code is refused before the message is looked at, so an empty message tells nothing about the code', async () => {
  await expect(ctx.services.contacts.reporterReply('AAAA-BBBB-CCCC-DDDD', '')).resolves.toBe(false);
  const { receiptCode } = await anonymousYoungPerson();
  await expect(ctx.services.contacts.reporterReply(receiptCode!, '')).rejects.toMatchObject({
    fieldErrors: { message: 'Schrijf een bericht' },
  });
});
