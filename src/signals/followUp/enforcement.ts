import { sql } from 'kysely';
import type { Db } from '../../db/connection';
import type { SignalRow } from '../../db/database';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { Queues } from '../../jobs/queues';
import type { AuditService } from '../../audit/auditService';
import { systemActor } from '../../audit/types';
import type { MailService } from '../../mail/mailService';
import type { MailTemplate } from '../../mail/templates';
import { formatDateTime } from '../../web/format';
import * as repo from '../signalRepository';
import { scheduleDeadlineJobs, schedulableOf } from './deadlineJobs';
import { retention } from './retention';
import { missedBreachesQuery, nextKey, pendingDeadlinesQuery, type DeadlineKey } from './sweepQueries';

const SYSTEM = systemActor('termijnbewaking');

/** Deadline enforcement. Every handler is idempotent and checks the database, so a job may run twice or late. */
export function enforcement(
  db: Db,
  clock: Clock,
  audit: AuditService,
  mail: MailService,
  queues: Queues,
  log: Logger,
  baseUrl: string,
  retentionMonths: number,
) {
  const link = (id: string) => `${baseUrl}/signalen/${id}`;

  async function usersWithRole(role: string) {
    return db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('active', '=', true)
      .where(sql<boolean>`${role} = any(roles)`)
      .execute();
  }

  async function mailTo(template: MailTemplate, recipients: Array<{ name: string; email: string }>, s: SignalRow): Promise<void> {
    const assignee = s.assignee_id
      ? await db.selectFrom('users').select('name').where('id', '=', s.assignee_id).executeTakeFirst()
      : undefined;
    const ids: string[] = [];
    await db.transaction().execute(async (trx) => {
      for (const r of recipients) {
        ids.push(
          await mail.write(trx, template, r.email, {
            name: r.name,
            reference: s.reference,
            normLabel: s.norm_label,
            due: formatDateTime(s.due_at),
            assignee: assignee?.name ?? 'nog niemand',
            link: link(s.id),
          }),
        );
      }
    });
    await mail.dispatch(ids);
  }

  /** Records the breach once: only while uncontacted, not unreachable, past due, and not recorded before. */
  async function recordBreach(signalId: string): Promise<boolean> {
    const now = clock.now();
    const s = await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('signals')
        .set({ breached_at: now, updated_at: now })
        .where('id', '=', signalId)
        .where('contacted_at', 'is', null)
        .where('unreachable_at', 'is', null)
        .where('breached_at', 'is', null)
        .where('duplicate_of', 'is', null)
        .where('due_at', '<=', now)
        .returningAll()
        .executeTakeFirst();
      if (!r) return undefined;
      await repo.addEvent(trx, r.id, now, 'breach', SYSTEM.label, {
        dueAt: r.due_at.toISOString(),
        lateByMs: now.getTime() - r.due_at.getTime(),
      });
      await audit.record(trx, SYSTEM, {
        action: 'breach',
        objectType: 'signal',
        objectId: r.id,
        changes: { breachedAt: { before: null, after: now.toISOString() } },
      });
      return r;
    });
    if (!s) return false;
    await mailTo('signal-breach', await usersWithRole('manager'), s);
    return true;
  }

  async function stillOpen(signalId: string, dueAt: number): Promise<SignalRow | undefined> {
    const s = await db.selectFrom('signals').selectAll().where('id', '=', signalId).executeTakeFirst();
    // A job for an older deadline (the norm was recomputed), a signal with contact or a duplicate (followed up through
    // its original) has nothing left to do.
    if (!s || s.due_at.getTime() !== dueAt || s.contacted_at || s.unreachable_at || s.duplicate_of) return undefined;
    return s;
  }

  async function markSent(signalId: string, column: 'reminder_sent_at' | 'warning_sent_at'): Promise<boolean> {
    const r = await db
      .updateTable('signals')
      .set({ [column]: clock.now() })
      .where('id', '=', signalId)
      .where(column, 'is', null)
      .returning('id')
      .executeTakeFirst();
    return Boolean(r);
  }

  async function remind(signalId: string, dueAt: number): Promise<void> {
    const s = await stillOpen(signalId, dueAt);
    if (!s || !s.assignee_id || s.due_at <= clock.now() || !(await markSent(signalId, 'reminder_sent_at'))) return;
    const assignee = await db
      .selectFrom('users')
      .select(['name', 'email'])
      .where('id', '=', s.assignee_id)
      .where('active', '=', true)
      .executeTakeFirst();
    if (assignee) await mailTo('signal-reminder', [assignee], s);
    await repo.addEvent(db, signalId, clock.now(), 'reminder', SYSTEM.label);
  }

  async function warn(signalId: string, dueAt: number): Promise<void> {
    const s = await stillOpen(signalId, dueAt);
    if (!s || s.due_at <= clock.now() || !(await markSent(signalId, 'warning_sent_at'))) return;
    await mailTo('signal-warning', await usersWithRole('meldpunt'), s);
    await repo.addEvent(db, signalId, clock.now(), 'warning', SYSTEM.label);
  }

  async function handle(name: string, data: { signalId: string; dueAt: number }): Promise<void> {
    if (name === 'breach') {
      if (await stillOpen(data.signalId, data.dueAt)) await recordBreach(data.signalId);
    } else if (name === 'reminder') await remind(data.signalId, data.dueAt);
    else if (name === 'warning') await warn(data.signalId, data.dueAt);
  }

  // Reporter data goes a set time after closing; the signal's substance stays (see retention.ts for what and why).
  const purgeContactDetails = retention(db, clock, audit, retentionMonths);

  /**
   * From the database alone: records every breach the jobs missed and puts back every deadline job Redis lost.
   * Safe to run at any moment and any number of times. Batches in (due_at, id) order, each through an index that
   * holds only what may need action (sweepQueries.ts), so neither the time nor the memory grows with the history.
   */
  async function sweep(): Promise<{ breaches: number; rescheduled: number; purged: number }> {
    const now = clock.now();
    let breaches = 0;
    let rescheduled = 0;
    // A recorded breach leaves the index; one not recorded (contact came in between) no longer matches either.
    for (let key: DeadlineKey | undefined, first = true; first || key; first = false) {
      const batch = await missedBreachesQuery(db, now, key).execute();
      for (const { id } of batch) if (await recordBreach(id)) breaches++;
      key = nextKey(batch);
    }
    for (let key: DeadlineKey | undefined, first = true; first || key; first = false) {
      const batch = await pendingDeadlinesQuery(db, now, key).execute();
      for (const r of batch) await scheduleDeadlineJobs(queues, log, schedulableOf(r), now);
      rescheduled += batch.length;
      key = nextKey(batch);
    }
    const purged = await purgeContactDetails();
    return { breaches, rescheduled, purged };
  }

  return { recordBreach, handle, sweep, purgeContactDetails };
}

export type Enforcement = ReturnType<typeof enforcement>;
