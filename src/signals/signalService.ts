import type { Db, Executor } from '../db/connection';
import type { SignalRow } from '../db/database';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Queues } from '../jobs/queues';
import type { AuditService } from '../audit/auditService';
import { diff } from '../audit/auditService';
import { claim, settle, type IdempotencyKey } from '../common/idempotency';
import type { Actor } from '../audit/types';
import type { MailService } from '../mail/mailService';
import type { SignalAlerts } from './followUp/alerts';
import type { PatternService } from '../patterns/patternService';
import { NotFoundError, ValidationError, check, isUuid, textRules } from '../common/errors';
import { LIMITS } from '../common/limits';
import { amsterdamDay } from '../common/time';
import { formatDateTime } from '../web/format';
import * as repo from './signalRepository';
import { resolvePlace } from './intake/place';
import { addWorkingDays, dueAt } from './followUp/deadlines';
import { insertContact, newReceiptCode, receiptHash, validateRegistration, type RegisterInput } from './intake/registration';
import { scheduleDeadlineJobs, schedulableOf } from './followUp/deadlineJobs';
import { toSignal, type Signal } from './signal';
import { duplicateService } from './duplicates';
import {
  REASON_WRITTEN,
  REPORTER_TYPES,
  TRANSITIONS,
  isClosedStatus,
  isYoungPersonSelf,
  type NormSnapshot,
  type SignalStatus,
} from './types';

export function normOf(row: { id: string; label: string; unit: string; amount: string }): NormSnapshot {
  return { id: row.id, label: row.label, unit: row.unit as NormSnapshot['unit'], amount: Number(row.amount) };
}

export function signalService(
  db: Db,
  clock: Clock,
  audit: AuditService,
  mail: MailService,
  queues: Queues,
  log: Logger,
  baseUrl: string,
  alerts: SignalAlerts,
  patterns: Pick<PatternService, 'afterNewItem'>,
) {
  const link = (id: string) => `${baseUrl}/signalen/${id}`;
  const duplicates = duplicateService(db, clock, audit, (r, now) => scheduleDeadlineJobs(queues, log, schedulableOf(r), now));

  async function row(id: string, executor: Executor = db): Promise<SignalRow> {
    const r = isUuid(id) ? await repo.findById(executor, id) : undefined;
    if (!r) throw new NotFoundError('Signaal niet gevonden');
    return r;
  }

  async function get(id: string, executor: Executor = db): Promise<Signal> {
    const r = await row(id, executor);
    return toSignal(r, await repo.placeNames(executor, r), clock.now());
  }

  async function normFor(trx: Executor, reporterType: string): Promise<NormSnapshot> {
    const n = await repo.activeNormFor(trx, reporterType);
    if (!n) throw new Error(`geen actieve norm voor ${reporterType}`);
    return normOf(n);
  }

  /** Writes the consultation task and mails its inspectors inside the signal's transaction. */
  async function createConsultation(trx: Executor, signal: SignalRow, actor: Actor, mailIds: string[]): Promise<void> {
    if (!signal.concerns_closed_care || !signal.provider_id) return;
    const now = clock.now();
    const due = addWorkingDays(now, 1);
    const c = await trx
      .insertInto('consultations')
      .values({ signal_id: signal.id, provider_id: signal.provider_id, created_at: now, due_at: due })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.addEvent(trx, signal.id, now, 'consultation-created', actor.label, { consultationId: c.id, dueAt: due.toISOString() });
    await audit.record(trx, actor, {
      action: 'create',
      objectType: 'consultation',
      objectId: c.id,
      changes: diff({}, { signalId: signal.id, providerId: signal.provider_id, dueAt: due.toISOString() }),
    });
    const provider = await trx.selectFrom('providers').select('name').where('id', '=', signal.provider_id).executeTakeFirstOrThrow();
    const inspectors = await trx
      .selectFrom('provider_inspectors as pi')
      .innerJoin('users as u', 'u.id', 'pi.user_id')
      .select(['u.name', 'u.email'])
      .where('pi.provider_id', '=', signal.provider_id)
      .where('u.active', '=', true)
      .execute();
    for (const i of inspectors) {
      mailIds.push(
        await mail.write(trx, 'consultation', i.email, {
          name: i.name,
          reference: signal.reference,
          providerName: provider.name,
          due: formatDateTime(due),
          link: link(signal.id),
        }),
      );
    }
  }

  /**
   * Registers a signal: the signal with its norm and due instant, the reporter's contact details, the history event,
   * the audit entry and (for closed care) the consultation commit together. Jobs and mail follow after the commit.
   */
  async function register(
    actor: Actor,
    input: RegisterInput,
    opts: { receipt?: boolean; idempotency?: IdempotencyKey } = {},
  ): Promise<{ signal: Signal; receiptCode?: string; replayed?: boolean }> {
    const now = clock.now();
    const { errors, receivedAt } = validateRegistration(input, now);
    const place = await resolvePlace(db, { providerId: input.providerId, locationId: input.locationId, unitId: input.unitId }, errors);
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    const receiptCode = opts.receipt ? newReceiptCode() : undefined;
    const mailIds: string[] = [];
    const created = await db.transaction().execute(async (trx) => {
      // The same request again (its answer was lost on the way): the signal the first one made, nothing new.
      const earlier = opts.idempotency && (await claim(trx, opts.idempotency, now));
      if (earlier) return { replayOf: earlier };
      const norm = await normFor(trx, input.reporterType);
      const due = dueAt(receivedAt, norm);
      // "Ben je nu veilig? — Nee", from any way in (public form, staff form, API): urgent with the signal's own commit.
      const urgent = input.safeNow === 'nee';
      const r = await repo.insert(trx, {
        reference: await repo.nextReference(trx, Number(amsterdamDay(now).slice(0, 4))),
        received_at: receivedAt,
        registered_at: now,
        registered_by: actor.userId,
        channel: input.channel,
        reporter_type: input.reporterType,
        young_person_self: isYoungPersonSelf(input.reporterType, input.channel),
        anonymous: Boolean(input.anonymous),
        consent_share: Boolean(input.consentShare),
        receipt_hash: receiptCode ? receiptHash(receiptCode) : null,
        provider_id: place.providerId,
        location_id: place.locationId,
        unit_id: place.unitId,
        provider_text: input.providerText?.trim() || null,
        concerns_closed_care: place.concernsClosedCare,
        summary: input.summary.trim(),
        description: input.description.trim(),
        since_when: input.sinceWhen?.trim() || null,
        safe_now: input.safeNow || null,
        urgent_at: urgent ? now : null,
        status: 'nieuw',
        norm_id: norm.id,
        norm_label: norm.label,
        due_at: due,
        updated_at: now,
      });
      if (opts.idempotency) await settle(trx, opts.idempotency, r.id);
      const hasContact = await insertContact(trx, r, input.anonymous ? undefined : input.contact);
      await repo.addEvent(trx, r.id, now, 'registered', actor.label, {
        channel: r.channel,
        reporterType: r.reporter_type,
        norm: norm.label,
        dueAt: due.toISOString(),
      });
      await createConsultation(trx, r, actor, mailIds);
      if (urgent) mailIds.push(...(await alerts.announceUrgent(trx, actor, r, 'niet-veilig', now)));
      // Last, because appending to the audit chain holds its lock until commit. The entry names what was decided,
      // not what the reporter wrote: that is personal data.
      await audit.record(trx, actor, {
        action: 'create',
        objectType: 'signal',
        objectId: r.id,
        changes: diff(
          {},
          {
            reference: r.reference,
            receivedAt: receivedAt.toISOString(),
            channel: r.channel,
            reporterType: r.reporter_type,
            providerId: r.provider_id,
            norm: norm.label,
            dueAt: due.toISOString(),
            contactDetails: hasContact,
            concernsClosedCare: r.concerns_closed_care,
            urgentAt: r.urgent_at?.toISOString(),
          },
        ),
      });
      return r;
    });
    if ('replayOf' in created) return { signal: await get(created.replayOf), replayed: true };
    await scheduleDeadlineJobs(queues, log, schedulableOf(created), now);
    await mail.dispatch(mailIds);
    const { id, provider_id: providerId, location_id: locationId, unit_id: unitId } = created;
    await patterns.afterNewItem({ kind: 'signal', id, providerId, locationId, unitId });
    return { signal: await get(created.id), receiptCode };
  }

  /** A corrected reporter type may change the norm: the due instant is computed again from the receipt, and audited. */
  async function correctReporterType(actor: Actor, id: string, reporterType: string): Promise<Signal> {
    check([['reporterType', Object.hasOwn(REPORTER_TYPES, reporterType), 'Kies wie het signaal doet']]);
    const now = clock.now();
    const updated = await db.transaction().execute(async (trx) => {
      const before = await repo.lock(trx, id);
      if (!before) throw new NotFoundError('Signaal niet gevonden');
      if (before.reporter_type === reporterType) return before;
      const norm = await normFor(trx, reporterType);
      const due = dueAt(before.received_at, norm);
      const after = await repo.update(trx, id, {
        reporter_type: reporterType,
        young_person_self: isYoungPersonSelf(reporterType, before.channel),
        norm_id: norm.id,
        norm_label: norm.label,
        due_at: due,
        // A breach under the old deadline no longer stands if the new one has not passed.
        breached_at: before.breached_at && due > now ? null : before.breached_at,
        reminder_sent_at: null,
        warning_sent_at: null,
        updated_at: now,
      });
      await repo.addEvent(trx, id, now, 'norm-recomputed', actor.label, {
        from: before.reporter_type,
        to: reporterType,
        norm: norm.label,
        dueAt: due.toISOString(),
      });
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'signal',
        objectId: id,
        changes: diff(
          { reporterType: before.reporter_type, norm: before.norm_label, dueAt: before.due_at.toISOString() },
          { reporterType, norm: norm.label, dueAt: due.toISOString() },
        ),
      });
      return after;
    });
    await scheduleDeadlineJobs(queues, log, schedulableOf(updated), now);
    return get(id);
  }

  async function changeAssignee(actor: Actor, id: string, assigneeId: string | null, claim: boolean): Promise<void> {
    const now = clock.now();
    if (assigneeId) {
      const u = isUuid(assigneeId)
        ? await db.selectFrom('users').select(['roles', 'active']).where('id', '=', assigneeId).executeTakeFirst()
        : undefined;
      check([
        [
          'assigneeId',
          Boolean(u?.active && (u.roles.includes('meldpunt') || u.roles.includes('manager'))),
          'Kies een actieve medewerker van het meldpunt',
        ],
      ]);
    }
    await db.transaction().execute(async (trx) => {
      const before = await repo.lock(trx, id);
      if (!before) throw new NotFoundError('Signaal niet gevonden');
      const status = before.status === 'nieuw' && assigneeId ? 'in-behandeling' : before.status;
      await repo.update(trx, id, { assignee_id: assigneeId, status, updated_at: now });
      await repo.addEvent(trx, id, now, claim ? 'claimed' : 'assigned', actor.label, { assigneeId });
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'signal',
        objectId: id,
        changes: diff({ assigneeId: before.assignee_id, status: before.status }, { assigneeId, status }),
      });
    });
  }

  /** The one place where workflow status changes; the allowed moves are the TRANSITIONS table. */
  async function transition(actor: Actor, id: string, to: string): Promise<void> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const s = await repo.lock(trx, id);
      if (!s) throw new NotFoundError('Signaal niet gevonden');
      const allowed = TRANSITIONS[s.status as SignalStatus] ?? [];
      check([['status', (allowed as string[]).includes(to), 'Deze statuswijziging is niet toegestaan']]);
      if (to === 'afgesloten')
        check([
          [
            'status',
            Boolean(s.contacted_at || s.unreachable_at),
            'Sluit pas af na contact met de melder of als de melder onbereikbaar is vastgesteld',
          ],
        ]);
      if (to === 'beoordeeld' || to === 'doorgezet') {
        const a = await trx.selectFrom('signal_assessments').select('signal_id').where('signal_id', '=', id).executeTakeFirst();
        check([['status', Boolean(a), 'Leg eerst de beoordeling vast']]);
      }
      await repo.update(trx, id, { status: to, closed_at: isClosedStatus(to) ? now : null, updated_at: now });
      await repo.addEvent(trx, id, now, 'status', actor.label, { from: s.status, to });
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'signal',
        objectId: id,
        changes: diff({ status: s.status }, { status: to }),
      });
    });
  }

  async function setBreachReason(actor: Actor, id: string, reason: string): Promise<void> {
    const r = reason.trim();
    check([
      ['breachReason', r.length > 0, 'Vul de reden in waarom de termijn niet is gehaald'],
      ...textRules({ breachReason: [r, LIMITS.freeText] }),
    ]);
    await db.transaction().execute(async (trx) => {
      const s = await repo.lock(trx, id);
      if (!s) throw new NotFoundError('Signaal niet gevonden');
      check([
        [
          'breachReason',
          s.breached_at !== null || (s.contacted_at !== null && s.contacted_at > s.due_at),
          'Er is geen overschreden termijn bij dit signaal',
        ],
      ]);
      await repo.update(trx, id, { breach_reason: r, updated_at: clock.now() });
      // The reason is free text that may name the reporter: it stays on the signal until retention removes it, and the
      // audit trail, which is never purged, says only that it was written.
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'signal',
        objectId: id,
        changes: { breachReason: { before: s.breach_reason ? REASON_WRITTEN : null, after: REASON_WRITTEN } },
      });
    });
  }

  return {
    get,
    row,
    register,
    correctReporterType,
    claim: (actor: Actor, id: string) => changeAssignee(actor, id, actor.userId, true),
    assign: (actor: Actor, id: string, userId: string | null) => changeAssignee(actor, id, userId, false),
    transition,
    setBreachReason,
    events: (id: string) => repo.events(db, id),
    markDuplicate: duplicates.mark,
    unmarkDuplicate: duplicates.unmark,
    duplicateLinks: duplicates.links,
    reportersOf: duplicates.reportersOf,
  };
}

export type SignalService = ReturnType<typeof signalService>;
