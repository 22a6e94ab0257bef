import { sql } from 'kysely';
import type { Db, Executor } from '../../db/connection';
import type { SignalRow } from '../../db/database';
import type { Clock } from '../../clock';
import type { AuditService } from '../../audit/auditService';
import { diff } from '../../audit/auditService';
import { systemActor, type Actor } from '../../audit/types';
import type { MailService } from '../../mail/mailService';
import { NotFoundError, isUuid } from '../../common/errors';
import * as repo from '../signalRepository';

export type UrgentWhy = 'niet-veilig' | 'ernstige-bedreiging';
const REPORTER = systemActor('melder (volgpagina)');

/**
 * What puts a signal in front of staff at once: urgency (the young person is not safe now, or the assessment finds a
 * serious threat) and a reporter's message nobody has seen. Each writes its mail inside the caller's transaction
 * (the outbox); the caller dispatches the returned ids after the commit. The mails carry a reference and a link only.
 */
export function signalAlerts(db: Db, clock: Clock, audit: AuditService, mail: MailService, baseUrl: string) {
  const link = (id: string) => `${baseUrl}/signalen/${id}`;
  const team = (trx: Executor) =>
    trx
      .selectFrom('users')
      .select(['name', 'email'])
      .where('active', '=', true)
      .where(sql<boolean>`'meldpunt' = any(roles)`)
      .execute();

  async function mailAll(
    trx: Executor,
    template: 'signal-urgent' | 'signal-message',
    to: Array<{ name: string; email: string }>,
    s: SignalRow,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const u of to) ids.push(await mail.write(trx, template, u.email, { name: u.name, reference: s.reference, link: link(s.id) }));
    return ids;
  }

  /** For a signal registered urgent (its urgent_at set in the insert, audited with it): the history and the team's mail. */
  async function announceUrgent(trx: Executor, actor: Actor, s: SignalRow, why: UrgentWhy, now: Date): Promise<string[]> {
    await repo.addEvent(trx, s.id, now, 'urgent', actor.label, { why });
    return mailAll(trx, 'signal-urgent', await team(trx), s);
  }

  /** Makes a registered signal urgent, once: a signal already urgent keeps its first instant and mails nobody again. */
  async function markUrgent(trx: Executor, actor: Actor, s: SignalRow, why: UrgentWhy, now: Date): Promise<string[]> {
    if (s.urgent_at) return [];
    await repo.update(trx, s.id, { urgent_at: now, updated_at: now });
    await audit.record(trx, actor, {
      action: 'update',
      objectType: 'signal',
      objectId: s.id,
      changes: diff({ urgentAt: null }, { urgentAt: now.toISOString() }),
    });
    return announceUrgent(trx, actor, s, why, now);
  }

  /**
   * The reporter wrote on the follow page. The marker keeps the oldest message still unseen; only that first one mails
   * (the assignee, or the team while nobody holds the signal), so a reporter writing five times sends one mail.
   */
  async function reporterWrote(trx: Executor, s: SignalRow, now: Date): Promise<string[]> {
    if (s.reporter_message_at) return [];
    await repo.update(trx, s.id, { reporter_message_at: now, updated_at: now });
    await audit.record(trx, REPORTER, {
      action: 'update',
      objectType: 'signal',
      objectId: s.id,
      changes: diff({ reporterMessageAt: null }, { reporterMessageAt: now.toISOString() }),
    });
    const assignee = s.assignee_id
      ? await trx
          .selectFrom('users')
          .select(['name', 'email'])
          .where('id', '=', s.assignee_id)
          .where('active', '=', true)
          .executeTakeFirst()
      : undefined;
    return mailAll(trx, 'signal-message', assignee ? [assignee] : await team(trx), s);
  }

  /** A staff member answered the reporter, or marked the message read: nothing waits any more. */
  async function reporterMessageHandled(
    trx: Executor,
    actor: Actor,
    s: SignalRow,
    now: Date,
    how: 'beantwoord' | 'gelezen',
  ): Promise<void> {
    if (!s.reporter_message_at) return;
    await repo.update(trx, s.id, { reporter_message_at: null, updated_at: now });
    await repo.addEvent(trx, s.id, now, 'message-handled', actor.label, { how });
    await audit.record(trx, actor, {
      action: 'update',
      objectType: 'signal',
      objectId: s.id,
      changes: diff({ reporterMessageAt: s.reporter_message_at.toISOString() }, { reporterMessageAt: null }),
    });
  }

  /** The "Gelezen" button. Pressed twice, or by two people at once, it changes nothing the second time. */
  async function markMessageSeen(actor: Actor, signalId: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const s = isUuid(signalId) ? await repo.lock(trx, signalId) : undefined;
      if (!s) throw new NotFoundError('Signaal niet gevonden');
      await reporterMessageHandled(trx, actor, s, clock.now(), 'gelezen');
    });
  }

  return {
    announceUrgent,
    markUrgent,
    reporterWrote,
    reporterMessageHandled,
    markMessageSeen,
    dispatch: (ids: string[]) => mail.dispatch(ids),
  };
}

export type SignalAlerts = ReturnType<typeof signalAlerts>;
