import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection';
import { isUuid } from '../../common/errors';
import { urgent, waitingForContact } from '../search/conditions';

// The work queue in SQL: one WHERE for the list and its counts, so the header can never disagree with the pages.

export interface QueueFilter {
  reporterType?: string;
  channel?: string;
  providerId?: string;
  assignee?: string; // a user id, or 'niemand'
  closedCare?: boolean;
}

export const SOON_MS = 12 * 3_600_000;
/** Overdue for longer than this is history: it still shows, but after everything that can still be acted on. */
export const HISTORY_MS = 30 * 86_400_000;

// The same "waiting" and "urgent" as every other list and count (a duplicate waits through its original; a contacted
// urgent signal back for a new message is a new message, not Spoed).
const waiting = waitingForContact();
const urgentWaiting = urgent();

/** Signals in the queue: waiting for contact, or with a reporter's message nobody has seen yet. */
function inQueue(db: Executor, f: QueueFilter) {
  let q = db.selectFrom('signals as s').where((eb) =>
    eb.or([
      // A duplicate is followed up through its original.
      eb.and([eb('s.contacted_at', 'is', null), eb('s.unreachable_at', 'is', null), eb('s.duplicate_of', 'is', null)]),
      // A reporter's unseen message brings any signal back (contacted, unreachable or a duplicate): nobody may miss it.
      eb('s.reporter_message_at', 'is not', null),
    ]),
  );
  if (f.reporterType) q = q.where('s.reporter_type', '=', f.reporterType);
  if (f.channel) q = q.where('s.channel', '=', f.channel);
  if (f.providerId && isUuid(f.providerId)) q = q.where('s.provider_id', '=', f.providerId);
  if (f.assignee === 'niemand') q = q.where('s.assignee_id', 'is', null);
  else if (f.assignee && isUuid(f.assignee)) q = q.where('s.assignee_id', '=', f.assignee);
  if (f.closedCare) q = q.where('s.concerns_closed_care', '=', true);
  return q;
}

/**
 * What needs action now comes first: urgent (still in time, then late), then a reporter's new message, then what is due within 12 hours (it can
 * still be in time), then what became overdue in the last 30 days, then what is due later. Waiting while overdue for
 * longer is history, urgent or not (a new message is never history): it still shows, but last (urgent history before
 * the rest), so years of it never push today's work off the first page. Overdue ones most recently due first, the others soonest first; the
 * reference breaks ties so a page never shows a row twice or skips one.
 */
function tier(now: Date) {
  const soon = new Date(now.getTime() + SOON_MS);
  const history = new Date(now.getTime() - HISTORY_MS);
  const old = sql<SqlBool>`(${waiting} and s.due_at <= ${history})`;
  // Urgent ones still in time before urgent ones already late: a young person who is not safe and can still be
  // reached in time must not wait behind a week of overdue urgent work.
  return sql<number>`case
    when ${urgentWaiting} and not ${old} and s.due_at > ${now} then 0
    when ${urgentWaiting} and not ${old} then 1
    when s.reporter_message_at is not null then 2
    when ${old} then (case when ${urgentWaiting} then 6 else 7 end)
    when s.due_at > ${now} and s.due_at <= ${soon} then 3
    when s.due_at <= ${now} then 4
    else 5 end`;
}

/** One page of the queue, in the order above. Returns the builder, so its plan can be checked with EXPLAIN. */
export function queueQuery(db: Executor, f: QueueFilter, now: Date, page: { offset: number; limit: number } = { offset: 0, limit: 50 }) {
  const t = tier(now);
  return inQueue(db, f)
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .leftJoin('users as u', 'u.id', 's.assignee_id')
    .select([
      's.id',
      's.reference',
      's.received_at',
      's.reporter_type',
      's.channel',
      'p.name as provider_name',
      's.provider_text',
      's.assignee_id',
      'u.name as assignee_name',
      's.concerns_closed_care',
      's.due_at',
      's.contacted_at',
      's.unreachable_at',
      's.urgent_at',
      's.reporter_message_at',
      's.duplicate_of',
    ])
    .orderBy(t)
    .orderBy(sql`case when ${t} in (1, 4, 6, 7) then s.due_at end desc nulls last`)
    .orderBy('s.due_at')
    .orderBy('s.reference')
    .offset(page.offset)
    .limit(page.limit);
}

/** The queue's counts over the same WHERE as the list, in one aggregate; `listed` is what the pages hold in all. */
export function queueCountsQuery(db: Executor, f: QueueFilter, now: Date) {
  const soon = new Date(now.getTime() + SOON_MS);
  const n = (cond: RawBuilder<SqlBool>) => sql<string>`count(*) filter (where ${cond})`;
  return inQueue(db, f).select((eb) => [
    eb.fn.countAll<string>().as('listed'),
    n(waiting).as('waiting'),
    n(sql<SqlBool>`${waiting} and s.due_at <= ${now}`).as('overdue'),
    n(sql<SqlBool>`${waiting} and s.due_at > ${now} and s.due_at <= ${soon}`).as('soon'),
    n(urgentWaiting).as('urgent'),
    n(sql<SqlBool>`s.reporter_message_at is not null`).as('new_message'),
  ]);
}
