import type { Db, Executor } from '../../db/connection';
import type { SignalRow } from '../../db/database';
import type { Clock } from '../../clock';
import type { AuditService } from '../../audit/auditService';
import { diff } from '../../audit/auditService';
import { claim, settle } from '../../common/idempotency';
import type { Actor } from '../../audit/types';
import { NotFoundError, ValidationError, check, isUuid, textErrors, textRules, type FieldErrors } from '../../common/errors';
import { LIMITS } from '../../common/limits';
import type { Role } from '../../auth/roles';
import * as repo from '../signalRepository';
import { receiptHash } from '../intake/registration';
import { CONTACT_CHANNELS, REASON_WRITTEN, isYoungPerson } from '../types';
import { standardAnswerErrors } from './standardQuestions';
import type { SignalAlerts } from './alerts';

export interface ContactAttemptInput {
  at: string | Date;
  channel: string;
  successful: boolean;
  note?: string;
  structuralUnsafety?: string;
  boundaryCrossing?: string;
  notDiscussedReason?: string;
}

export interface ContactDetails {
  name: string | null;
  phone: string | null;
  email: string | null;
  preferredMoments: string | null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The two standard questions are required in every successful contact with a young person. */
export function validateAttempt(input: ContactAttemptInput, signal: SignalRow, now: Date): { errors: FieldErrors; at: Date } {
  const errors: FieldErrors = {};
  const at =
    input.at instanceof Date ? input.at : new Date(typeof input.at === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(input.at) ? input.at : NaN);
  if (Number.isNaN(at.getTime())) errors.at = 'Vul een geldige datum en tijd in';
  else if (at < signal.received_at) errors.at = 'Het contact kan niet vóór de ontvangst van het signaal liggen';
  else if (at.getTime() > now.getTime() + 5 * 60_000) errors.at = 'Het contact kan niet in de toekomst liggen';
  if (!Object.hasOwn(CONTACT_CHANNELS, text(input.channel))) errors.channel = 'Kies hoe er contact was';
  if (typeof input.successful !== 'boolean') errors.successful = 'Geef aan of er contact was';
  Object.assign(
    errors,
    textErrors({ note: [input.note, LIMITS.freeText], notDiscussedReason: [input.notDiscussedReason, LIMITS.freeText] }),
  );
  const required = input.successful === true && isYoungPerson(signal.reporter_type);
  for (const [k, m] of Object.entries(standardAnswerErrors(input, text(input.channel), required))) errors[k] ??= m;
  return { errors, at };
}

export function contactService(db: Db, clock: Clock, audit: AuditService, alerts: SignalAlerts) {
  async function locked(trx: Executor, id: string): Promise<SignalRow> {
    const s = isUuid(id) ? await repo.lock(trx, id) : undefined;
    if (!s) throw new NotFoundError('Signaal niet gevonden');
    return s;
  }

  /** Logs an attempt; the first successful one stops the clock and records whether it was within the norm. */
  /** `auditAs`: who did it, when that is not whom the contact is credited to (the reporter reading a staff message). */
  async function insertAttempt(
    trx: Executor,
    actor: Actor,
    s: SignalRow,
    input: ContactAttemptInput,
    at: Date,
    auditAs: Actor = actor,
  ): Promise<string> {
    const now = clock.now();
    const first = input.successful && !s.contacted_at;
    const withinNorm = input.successful ? at.getTime() <= s.due_at.getTime() : null;
    const a = await trx
      .insertInto('contact_attempts')
      .values({
        signal_id: s.id,
        at,
        channel: input.channel,
        by_user_id: actor.userId,
        by_label: actor.label,
        successful: input.successful,
        note: text(input.note) || null,
        structural_unsafety: text(input.structuralUnsafety) || null,
        boundary_crossing: text(input.boundaryCrossing) || null,
        not_discussed_reason: text(input.notDiscussedReason) || null,
        within_norm: withinNorm,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (first)
      await repo.update(trx, s.id, {
        contacted_at: at,
        contacted_by: actor.userId,
        status: s.status === 'nieuw' ? 'in-behandeling' : s.status,
        updated_at: now,
      });
    await repo.addEvent(trx, s.id, now, input.successful ? 'contact' : 'contact-attempt', actor.label, {
      attemptId: a.id,
      at: at.toISOString(),
      channel: input.channel,
      withinNorm,
    });
    await audit.record(trx, auditAs, {
      action: 'create',
      objectType: 'contact-attempt',
      objectId: a.id,
      changes: diff(
        {},
        {
          signalId: s.id,
          at: at.toISOString(),
          channel: input.channel,
          successful: input.successful,
          withinNorm,
          ...(first ? { contactedAt: at.toISOString() } : {}),
        },
      ),
    });
    return a.id;
  }

  async function recordAttempt(actor: Actor, signalId: string, input: ContactAttemptInput): Promise<string> {
    return db.transaction().execute(async (trx) => {
      const s = await locked(trx, signalId);
      const { errors, at } = validateAttempt(input, s, clock.now());
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return insertAttempt(trx, actor, s, input, at);
    });
  }

  async function requestUnreachable(actor: Actor, signalId: string, reason: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const s = await locked(trx, signalId);
      const failed = await trx
        .selectFrom('contact_attempts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('signal_id', '=', signalId)
        .where('successful', '=', false)
        .executeTakeFirstOrThrow();
      check([
        ['unreachableReason', text(reason).length > 0, 'Vul de reden in waarom de melder onbereikbaar is'],
        ...textRules({ unreachableReason: [reason, LIMITS.freeText] }),
        ['unreachableReason', !s.contacted_at, 'Er is al contact geweest met de melder'],
        [
          'unreachableReason',
          Number(failed.n) >= 2 || (s.anonymous && !s.receipt_hash),
          'Leg eerst minstens twee mislukte contactpogingen vast',
        ],
      ]);
      const now = clock.now();
      await repo.update(trx, signalId, {
        unreachable_reason: text(reason),
        unreachable_requested_by: actor.userId,
        unreachable_requested_at: now,
        updated_at: now,
      });
      await repo.addEvent(trx, signalId, now, 'unreachable-requested', actor.label, { reason: text(reason) });
      // Free text about reaching the reporter: retention removes it from the signal, so the audit trail only says it was written.
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'signal',
        objectId: signalId,
        changes: { unreachableReason: { before: s.unreachable_reason ? REASON_WRITTEN : null, after: REASON_WRITTEN } },
      });
    });
  }

  /** A manager confirms; never the person who asked, so the closure always has two pairs of eyes. */
  async function confirmUnreachable(actor: Actor, signalId: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const s = await locked(trx, signalId);
      check([
        [
          'unreachable',
          s.unreachable_requested_at !== null && !s.unreachable_at,
          'Er is geen verzoek om de melder als onbereikbaar af te sluiten',
        ],
        ['unreachable', !s.contacted_at, 'Er is al contact geweest met de melder'],
        ['unreachable', s.unreachable_requested_by !== actor.userId, 'Een andere manager moet dit bevestigen dan degene die het vroeg'],
      ]);
      const now = clock.now();
      await repo.update(trx, signalId, { unreachable_at: now, unreachable_confirmed_by: actor.userId, updated_at: now });
      await repo.addEvent(trx, signalId, now, 'unreachable', actor.label, { reason: s.unreachable_reason });
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'signal',
        objectId: signalId,
        changes: diff({ unreachableAt: null }, { unreachableAt: now.toISOString() }),
      });
    });
  }

  /**
   * Contact details go to meldpunt and managers, and to the provider's own inspectors only with the reporter's consent.
   * Only signalReader.open calls this: it records the whole view, contact details included, as one read in the audit trail.
   */
  async function contactDetails(actor: Actor, roles: Role[], signalId: string): Promise<ContactDetails | undefined> {
    const s = await db.selectFrom('signals').select(['id', 'provider_id', 'consent_share']).where('id', '=', signalId).executeTakeFirst();
    if (!s || !(await mayViewContact(actor, roles, s))) return undefined;
    const c = await db.selectFrom('signal_contacts').selectAll().where('signal_id', '=', signalId).executeTakeFirst();
    if (!c) return undefined;
    return { name: c.name, phone: c.phone, email: c.email, preferredMoments: c.preferred_moments };
  }

  async function mayViewContact(actor: Actor, roles: Role[], s: { provider_id: string | null; consent_share: boolean }): Promise<boolean> {
    if (roles.includes('meldpunt') || roles.includes('manager')) return true;
    if (!roles.includes('inspecteur') || !s.consent_share || !s.provider_id || !actor.userId) return false;
    const assigned = await db
      .selectFrom('provider_inspectors')
      .select('user_id')
      .where('provider_id', '=', s.provider_id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    return Boolean(assigned);
  }

  async function attempts(signalId: string) {
    return db.selectFrom('contact_attempts').selectAll().where('signal_id', '=', signalId).orderBy('at').execute();
  }

  // --- The anonymous follow-up page: the receipt code is the only key. ---

  async function staffMessage(actor: Actor, signalId: string, body: string): Promise<void> {
    check([['message', text(body).length > 0, 'Schrijf een bericht'], ...textRules({ message: [body, LIMITS.freeText] })]);
    await db.transaction().execute(async (trx) => {
      const s = await locked(trx, signalId);
      check([['message', s.receipt_hash !== null, 'Deze melder heeft geen volgcode']]);
      const now = clock.now();
      const m = await trx
        .insertInto('signal_messages')
        .values({ signal_id: signalId, direction: 'staff', body: text(body), author_id: actor.userId, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await repo.addEvent(trx, signalId, now, 'message-sent', actor.label, { messageId: m.id });
      await audit.record(trx, actor, { action: 'create', objectType: 'signal-message', objectId: m.id, changes: { signalId } });
      // Answering is handling: the reporter's waiting message is no longer new.
      await alerts.reporterMessageHandled(trx, actor, s, now, 'beantwoord');
    });
  }

  const messages = (signalId: string) =>
    db.selectFrom('signal_messages').selectAll().where('signal_id', '=', signalId).orderBy('created_at').execute();

  /** The reporter opens the page: staff messages become read, and a first read counts as contact. */
  async function reporterOpen(code: string) {
    return db.transaction().execute(async (trx) => {
      const found = await repo.findByReceipt(trx, receiptHash(code));
      if (!found) return undefined;
      const s = (await repo.lock(trx, found.id))!;
      const now = clock.now();
      const read = await trx
        .updateTable('signal_messages')
        .set({ read_at: now })
        .where('signal_id', '=', s.id)
        .where('direction', '=', 'staff')
        .where('read_at', 'is', null)
        .returning(['id', 'author_id'])
        .execute();
      if (read.length > 0 && !s.contacted_at) await followPageContact(trx, s, now, read[0]!.author_id, 'read');
      return { signal: s, messages: await messages(s.id) };
    });
  }

  /** `submission` is the reply form's one-time token: the same form sent again (a refresh) adds nothing. */
  async function reporterReply(code: string, body: string, submission?: string) {
    // The code first: an unknown code is refused (and counted by the rate limit) whatever the message, so the answer
    // never tells a right code from a wrong one.
    if (!(await repo.findByReceipt(db, receiptHash(code)))) return false;
    check([['message', text(body).length > 0, 'Schrijf een bericht'], ...textRules({ message: [body, LIMITS.freeText] })]);
    const mailIds: string[] = [];
    const known = await db.transaction().execute(async (trx) => {
      const found = await repo.findByReceipt(trx, receiptHash(code));
      if (!found) return false;
      const s = (await repo.lock(trx, found.id))!;
      const now = clock.now();
      const once = submission && isUuid(submission) ? { scope: `reply:${s.id}`, key: submission } : undefined;
      if (once && (await claim(trx, once, now))) return true;
      // Contact means a staff member reached the reporter: an answer counts only to a message staff wrote. A reporter
      // writing first is a new item for staff, and the contact norm's clock keeps running.
      const staffWrote = await trx
        .selectFrom('signal_messages')
        .select('author_id')
        .where('signal_id', '=', s.id)
        .where('direction', '=', 'staff')
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      const m = await trx
        .insertInto('signal_messages')
        .values({ signal_id: s.id, direction: 'reporter', body: text(body), author_id: null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (once) await settle(trx, once, m.id);
      await repo.addEvent(trx, s.id, now, 'message-received', 'melder (volgpagina)');
      if (!s.contacted_at && staffWrote) await followPageContact(trx, s, now, staffWrote.author_id, 'answered');
      // Back in front of staff, contact or not: a marker in the work queue and on the signal, and a mail without the text.
      mailIds.push(...(await alerts.reporterWrote(trx, s, now)));
      return true;
    });
    await alerts.dispatch(mailIds);
    return known;
  }

  /**
   * The reporter read, or answered, a message a staff member wrote: that staff member reached them. The standard
   * questions went in writing (the first message offers them), so they stand as 'niet beantwoord' until staff record
   * from the reply what it said (writtenAnswers.ts).
   */
  async function followPageContact(trx: Executor, s: SignalRow, at: Date, staffId: string | null, how: 'read' | 'answered'): Promise<void> {
    const staff = staffId
      ? await trx.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', staffId).executeTakeFirst()
      : undefined;
    const actor = staff
      ? { userId: staff.id, label: `${staff.name} <${staff.email}>`, requestId: null }
      : { userId: null, label: 'melder (volgpagina)', requestId: null };
    const young = isYoungPerson(s.reporter_type);
    await insertAttempt(
      trx,
      actor,
      s,
      {
        at,
        channel: 'volgpagina',
        successful: true,
        note:
          how === 'read'
            ? 'De melder las het bericht van het meldpunt op de volgpagina'
            : 'De melder antwoordde op de volgpagina op een bericht van het meldpunt',
        ...(young ? { structuralUnsafety: 'niet-beantwoord', boundaryCrossing: 'niet-beantwoord' } : {}),
      },
      at,
      // The contact is the staff member's, but the reporter's visit made it: the audit trail says who acted.
      { userId: null, label: 'melder (volgpagina)', requestId: null },
    );
  }

  return {
    recordAttempt,
    requestUnreachable,
    confirmUnreachable,
    contactDetails,
    attempts,
    staffMessage,
    messages,
    reporterOpen,
    reporterReply,
  };
}

export type ContactService = ReturnType<typeof contactService>;
