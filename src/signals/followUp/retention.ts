import { sql } from 'kysely';
import type { Db, Executor } from '../../db/connection';
import type { Clock } from '../../clock';
import type { AuditService } from '../../audit/auditService';
import { systemActor } from '../../audit/types';
import * as repo from '../signalRepository';
import { isClosedStatus } from '../types';
import { duplicatesToPurgeQuery, purgeDueQuery, unpurgedDuplicatesQuery } from './sweepQueries';

const SYSTEM = systemActor('bewaartermijn');

/**
 * Removes the reporter's personal data CONTACT_RETENTION_MONTHS after a signal was closed, in whatever way it was
 * closed (every status in CLOSED_STATUSES). Removed, because each can hold a reporter's name, number or address:
 * - the contact details (signal_contacts: name, phone, e-mail, preferred moments);
 * - contact-attempt notes and not-discussed reasons ("moeder gesproken op 06-…");
 * - the messages of the anonymous thread, both ways (bodies emptied; who wrote when, and reads, stay);
 * - the unreachable reason and the breach reason, on the signal and where its history copied them.
 * Kept, because supervision needs it: summary, description, place, the assessment and consultation, every instant
 * (contact within the norm or late, breaches, unreachable), the answers to the two standard questions, who acted.
 * A signal reopened and closed again after a purge is purged again, for what was written in between.
 * A duplicate is never closed itself (it only leaves the queue): it is closed when its original is, so its reporter's
 * details go with the original's, in the same transaction. (A signal can only become a duplicate of an open one, so
 * every duplicate still to purge has an original still to purge; the sweep's queries can then each use an index.)
 */
export function retention(db: Db, clock: Clock, audit: AuditService, retentionMonths: number) {
  async function purgeOne(trx: Executor, id: string, cutoff: Date, now: Date): Promise<boolean> {
    const s = await repo.lock(trx, id);
    if (!s) return false;
    const closing = s.duplicate_of ? await repo.findById(trx, s.duplicate_of) : s;
    // Reopened since it was listed: it is no longer closed, so nothing goes yet.
    if (!closing || !isClosedStatus(closing.status) || !closing.closed_at || closing.closed_at >= cutoff) return false;
    const contact = await trx.deleteFrom('signal_contacts').where('signal_id', '=', id).executeTakeFirst();
    const notes = await trx
      .updateTable('contact_attempts')
      .set({ note: null, not_discussed_reason: null })
      .where('signal_id', '=', id)
      .where((eb) => eb.or([eb('note', 'is not', null), eb('not_discussed_reason', 'is not', null)]))
      .executeTakeFirst();
    const messages = await trx
      .updateTable('signal_messages')
      .set({ body: '' })
      .where('signal_id', '=', id)
      .where('body', '<>', '')
      .executeTakeFirst();
    await sql`update signal_events set data = data - 'reason' where signal_id = ${id} and data ? 'reason'`.execute(trx);
    await repo.update(trx, id, { unreachable_reason: null, breach_reason: null, contact_removed_at: now });
    const removed = {
      contactDetails: Number(contact.numDeletedRows) > 0,
      attemptNotes: Number(notes.numUpdatedRows),
      messages: Number(messages.numUpdatedRows),
      reasons: Boolean(s.unreachable_reason || s.breach_reason),
    };
    await repo.addEvent(trx, id, now, 'contact-removed', SYSTEM.label, { retentionMonths });
    await audit.record(trx, SYSTEM, { action: 'purge', objectType: 'signal', objectId: id, changes: { removed } });
    return true;
  }

  /** An original (or a signal on its own) and the duplicates that go with it. */
  async function purgeWithDuplicates(trx: Executor, id: string, cutoff: Date, now: Date): Promise<number> {
    if (!(await purgeOne(trx, id, cutoff, now))) return 0;
    const closedAt = (await repo.findById(trx, id))!.closed_at!;
    let purged = 1;
    for (const d of await duplicatesToPurgeQuery(trx, id, closedAt).execute()) if (await purgeOne(trx, d.id, cutoff, now)) purged++;
    return purged;
  }

  /** Safe to run any number of times; the sweep runs it every minute, 500 signals at a time. */
  return async function purgeContactDetails(): Promise<number> {
    const now = clock.now();
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - retentionMonths);
    let purged = 0;
    for (const { id } of await purgeDueQuery(db, cutoff).execute())
      purged += await db.transaction().execute((trx) => purgeWithDuplicates(trx, id, cutoff, now));
    for (const { id } of await unpurgedDuplicatesQuery(db, cutoff).execute())
      if (await db.transaction().execute((trx) => purgeOne(trx, id, cutoff, now))) purged++;
    return purged;
  };
}
