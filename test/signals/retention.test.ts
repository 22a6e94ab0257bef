import { systemActor, type Actor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { makeUser } from '../support/web';

// Issue 7, point 12: retention removes the reporter's personal data from every place it can be (contact details,
// contact-attempt notes, messages both ways, free-text reasons), for signals closed in any way; the substance stays.

const T0 = new Date('2026-11-20T09:00:00Z');
const clock = fixedClock(T0);
let ctx: TestContext;
let meldpunt: Actor;
let manager: Actor;
const system = systemActor('test');
const NAME = 'Sanne Visser';
const PHONE = '06 55554444';
const DESCRIPTION = 'Te lang in afzondering op de groep.';
const youth = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Afzondering',
  description: DESCRIPTION,
  contact: { name: NAME, phone: PHONE, email: 'sanne@example.test', preferredMoments: `Na school, vraag naar ${NAME}` },
};
const asked = {
  structuralUnsafety: 'niet-besproken',
  boundaryCrossing: 'nee',
  notDiscussedReason: `${NAME} wilde het niet over de groep hebben`,
};

beforeAll(async () => {
  ctx = await testServices({ clock });
  const m = await makeUser(ctx.services, ['meldpunt']);
  const g = await makeUser(ctx.services, ['manager']);
  meldpunt = { userId: m.id, label: m.name, requestId: null };
  manager = { userId: g.id, label: g.name, requestId: null };
});
afterAll(() => ctx.cleanup());

/** Everything stored about one signal, as one string, to search for the reporter's name and number. */
async function everything(signalId: string): Promise<string> {
  const db = ctx.services.db;
  const rows = await Promise.all([
    db.selectFrom('signals').selectAll().where('id', '=', signalId).execute(),
    db.selectFrom('signal_contacts').selectAll().where('signal_id', '=', signalId).execute(),
    db.selectFrom('contact_attempts').selectAll().where('signal_id', '=', signalId).execute(),
    db.selectFrom('signal_messages').selectAll().where('signal_id', '=', signalId).execute(),
    db.selectFrom('signal_events').selectAll().where('signal_id', '=', signalId).execute(),
    db.selectFrom('signal_assessments').selectAll().where('signal_id', '=', signalId).execute(),
    db.selectFrom('consultations').selectAll().where('signal_id', '=', signalId).execute(),
  ]);
  return JSON.stringify(rows);
}
const personal = (s: string) => [NAME, 'Sanne', PHONE, '55554444', 'sanne@example.test'].filter((x) => s.includes(x));

async function contactedAndClosed(): Promise<string> {
  const { signal } = await ctx.services.signals.register(system, youth);
  await ctx.services.contacts.recordAttempt(meldpunt, signal.id, {
    at: clock.now(),
    channel: 'telefoon',
    successful: true,
    note: `Gesproken met ${NAME}, ${PHONE}`,
    ...asked,
  });
  await ctx.services.signals.transition(meldpunt, signal.id, 'afgesloten');
  return signal.id;
}

async function unreachableAndClosed(): Promise<string> {
  const { signal } = await ctx.services.signals.register(system, youth);
  for (let i = 0; i < 2; i++)
    await ctx.services.contacts.recordAttempt(meldpunt, signal.id, {
      at: clock.now(),
      channel: 'telefoon',
      successful: false,
      note: `Geen gehoor op ${PHONE}`,
    });
  await ctx.services.contacts.requestUnreachable(meldpunt, signal.id, `${PHONE} bestaat niet meer, ${NAME} onvindbaar`);
  await ctx.services.contacts.confirmUnreachable(manager, signal.id);
  await ctx.services.signals.transition(meldpunt, signal.id, 'in-behandeling');
  await ctx.services.signals.transition(meldpunt, signal.id, 'afgesloten');
  return signal.id;
}

async function lateAssessedForwardedAndClosed(): Promise<string> {
  const { signal } = await ctx.services.signals.register(system, { ...youth, receivedAt: new Date(T0.getTime() - 4 * 86_400_000) });
  expect(await ctx.services.enforcement.recordBreach(signal.id)).toBe(true);
  await ctx.services.signals.setBreachReason(manager, signal.id, `${NAME} had geen beltegoed; ${PHONE} was uit`);
  await ctx.services.contacts.recordAttempt(meldpunt, signal.id, {
    at: clock.now(),
    channel: 'telefoon',
    successful: true,
    note: `Eindelijk ${NAME} gesproken`,
    ...asked,
  });
  await ctx.services.assessments.assess(meldpunt, signal.id, {
    possibleMisstand: true,
    seriousThreat: false,
    meldplicht: false,
    concernsJzp: false,
    themes: ['vbm'],
    advice: 'Klachtencommissie uitgelegd',
    referrals: [],
  });
  await ctx.services.signals.transition(meldpunt, signal.id, 'doorgezet');
  await ctx.services.signals.transition(meldpunt, signal.id, 'afgesloten');
  return signal.id;
}

async function anonymousThreadClosed(): Promise<string> {
  const { signal, receiptCode } = await ctx.services.signals.register(
    system,
    { ...youth, contact: undefined, anonymous: true, channel: 'formulier' },
    { receipt: true },
  );
  await ctx.services.contacts.staffMessage(meldpunt, signal.id, `Hoi, wil je ons bellen? Of laat je nummer achter (zoals ${PHONE}).`);
  expect(await ctx.services.contacts.reporterReply(receiptCode!, `Ik ben ${NAME}, bel me op ${PHONE}`)).toBe(true);
  await ctx.services.signals.transition(meldpunt, signal.id, 'afgesloten');
  return signal.id;
}

async function reopenedAndClosedAgain(): Promise<string> {
  const id = await contactedAndClosed();
  await ctx.services.signals.transition(meldpunt, id, 'in-behandeling');
  await ctx.services.contacts.recordAttempt(meldpunt, id, {
    at: clock.now(),
    channel: 'telefoon',
    successful: true,
    note: `Nog eens ${NAME} gebeld`,
    ...asked,
  });
  await ctx.services.signals.transition(meldpunt, id, 'afgesloten');
  return id;
}

test('after the retention period the sweep leaves no name or number of the reporter anywhere; open signals are untouched', async () => {
  const closed = {
    contacted: await contactedAndClosed(),
    unreachable: await unreachableAndClosed(),
    lateForwarded: await lateAssessedForwardedAndClosed(),
    anonymousThread: await anonymousThreadClosed(),
    reopened: await reopenedAndClosedAgain(),
  };
  const { signal: open } = await ctx.services.signals.register(system, youth);
  await ctx.services.contacts.recordAttempt(meldpunt, open.id, {
    at: clock.now(),
    channel: 'telefoon',
    successful: true,
    note: `Gesproken met ${NAME}, ${PHONE}`,
    ...asked,
  });
  for (const id of Object.values(closed)) expect(personal(await everything(id)).length).toBeGreaterThan(0);
  const openBefore = await everything(open.id);

  // One day short of twelve months: nothing goes yet.
  clock.set(new Date('2027-11-19T09:00:00Z'));
  await ctx.services.enforcement.sweep();
  for (const id of Object.values(closed)) expect(personal(await everything(id)).length).toBeGreaterThan(0);

  clock.set(new Date('2027-11-21T09:00:00Z'));
  const { purged } = await ctx.services.enforcement.sweep();
  expect(purged).toBe(5);
  for (const [way, id] of Object.entries(closed)) {
    expect([way, personal(await everything(id))]).toEqual([way, []]);
    const s = await ctx.services.signals.get(id);
    expect([way, s.description, s.summary, s.contactRemovedAt]).toEqual([way, DESCRIPTION, 'Afzondering', clock.now()]);
  }
  // The substance for supervision stays: contact instants, norm outcome, standard answers, assessment.
  const late = await ctx.services.signals.get(closed.lateForwarded);
  expect(late.followUp).toBe('late');
  expect(late.breachedAt).not.toBeNull();
  expect((await ctx.services.assessments.assessment(closed.lateForwarded))!.themes).toEqual(['vbm']);
  const attempts = await ctx.services.contacts.attempts(closed.contacted);
  expect(attempts.map((a) => [a.successful, a.within_norm, a.structural_unsafety, a.note])).toEqual([[true, true, 'niet-besproken', null]]);
  expect((await ctx.services.contacts.messages(closed.anonymousThread)).map((m) => [m.direction, m.body])).toEqual([
    ['staff', ''],
    ['reporter', ''],
  ]);
  // The audit trail, which is never purged, never held the reporter's name or number in the first place.
  const audit = await ctx.services.db.selectFrom('audit_log').select(['changes', 'actor_label']).execute();
  expect(personal(JSON.stringify(audit))).toEqual([]);

  expect(await everything(open.id)).toBe(openBefore);
  expect(personal(openBefore).length).toBeGreaterThan(0);
});

test('a purged signal that is reopened, gets new notes and is closed again is purged again a period later', async () => {
  const [id] = (
    await ctx.services.db
      .selectFrom('signals')
      .select('id')
      .where('contact_removed_at', 'is not', null)
      .orderBy('registered_at')
      .limit(1)
      .execute()
  ).map((r) => r.id);
  clock.set(new Date('2027-12-01T09:00:00Z'));
  await ctx.services.signals.transition(meldpunt, id!, 'in-behandeling');
  await ctx.services.contacts.recordAttempt(meldpunt, id!, {
    at: clock.now(),
    channel: 'telefoon',
    successful: false,
    note: `Nieuw nummer van ${NAME}: ${PHONE}`,
  });
  await ctx.services.signals.transition(meldpunt, id!, 'afgesloten');
  await ctx.services.enforcement.sweep();
  expect(personal(await everything(id!)).length).toBeGreaterThan(0);
  clock.set(new Date('2028-11-30T09:00:00Z'));
  await ctx.services.enforcement.sweep();
  expect(personal(await everything(id!)).length).toBeGreaterThan(0);
  clock.set(new Date('2028-12-02T09:00:00Z'));
  await ctx.services.enforcement.sweep();
  expect(personal(await everything(id!))).toEqual([]);
});

test('a duplicate is never closed itself: its reporter’s details go a period after its original is closed, not before, not never', async () => {
  clock.set(new Date('2029-01-10T09:00:00Z'));
  const { signal: original } = await ctx.services.signals.register(system, { ...youth, contact: { phone: '06 12121212' } });
  const { signal: duplicate } = await ctx.services.signals.register(system, youth);
  await ctx.services.signals.markDuplicate(meldpunt, duplicate.id, original.reference);
  // The original stays open for a year and more: the duplicate's details stay with it.
  clock.set(new Date('2030-03-01T09:00:00Z'));
  await ctx.services.enforcement.sweep();
  expect(personal(await everything(duplicate.id)).length).toBeGreaterThan(0);
  await ctx.services.contacts.recordAttempt(meldpunt, original.id, {
    at: clock.now(),
    channel: 'telefoon',
    successful: true,
    ...asked,
    notDiscussedReason: 'Geen tijd',
  });
  await ctx.services.signals.transition(meldpunt, original.id, 'afgesloten');
  clock.set(new Date('2031-02-27T09:00:00Z'));
  await ctx.services.enforcement.sweep();
  expect(personal(await everything(duplicate.id)).length).toBeGreaterThan(0);
  clock.set(new Date('2031-03-02T09:00:00Z'));
  await ctx.services.enforcement.sweep();
  expect(personal(await everything(duplicate.id))).toEqual([]);
  expect(
    (await ctx.services.db.selectFrom('signals').select('duplicate_of').where('id', '=', duplicate.id).executeTakeFirstOrThrow())
      .duplicate_of,
  ).toBe(original.id);
});
