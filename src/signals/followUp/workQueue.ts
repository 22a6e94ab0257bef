import { sql } from 'kysely';
import type { Db } from '../../db/connection';
import type { Clock } from '../../clock';
import { isUuid } from '../../common/errors';
import { followUpStatus, type FollowUpStatus } from '../types';

export interface QueueFilter {
  reporterType?: string;
  channel?: string;
  providerId?: string;
  assignee?: string; // a user id, or 'niemand'
  closedCare?: boolean;
}

export interface QueueItem {
  id: string;
  reference: string;
  receivedAt: Date;
  reporterType: string;
  channel: string;
  providerName: string | null;
  providerText: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  concernsClosedCare: boolean;
  dueAt: Date;
  msLeft: number;
  urgency: 'overdue' | 'soon' | 'normal';
  followUp: FollowUpStatus;
  waitingForContact: boolean;
  urgent: boolean;
  newMessage: boolean;
}

export const SOON_MS = 12 * 3_600_000;

/** Signals still waiting for contact, soonest due first (overdue ones on top). */
export function workQueue(db: Db, clock: Clock) {
  return async function list(f: QueueFilter = {}): Promise<QueueItem[]> {
    let q = db
      .selectFrom('signals as s')
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
      ])
      .select(['s.contacted_at', 's.unreachable_at', 's.urgent_at', 's.reporter_message_at'])
      .where((eb) =>
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
    // Urgent first, then a reporter's new message, then by due time.
    const tier = sql`case when s.urgent_at is not null then 0 when s.reporter_message_at is not null then 1 else 2 end`;
    const rows = await q
      .orderBy(tier)
      .orderBy('s.due_at')
      .orderBy(sql`s.reference`)
      .limit(500)
      .execute();
    const now = clock.now();
    return rows.map((r) => {
      const msLeft = r.due_at.getTime() - now.getTime();
      const waiting = !r.contacted_at && !r.unreachable_at;
      return {
        id: r.id,
        reference: r.reference,
        receivedAt: r.received_at,
        reporterType: r.reporter_type,
        channel: r.channel,
        providerName: r.provider_name,
        providerText: r.provider_text,
        assigneeId: r.assignee_id,
        assigneeName: r.assignee_name,
        concernsClosedCare: r.concerns_closed_care,
        dueAt: r.due_at,
        msLeft,
        // The contact deadline only counts while no contact was made.
        urgency: !waiting ? 'normal' : msLeft <= 0 ? 'overdue' : msLeft <= SOON_MS ? 'soon' : 'normal',
        followUp: followUpStatus({ dueAt: r.due_at, contactedAt: r.contacted_at, unreachableAt: r.unreachable_at }, now),
        waitingForContact: waiting,
        urgent: r.urgent_at !== null,
        newMessage: r.reporter_message_at !== null,
      };
    });
  };
}

export type WorkQueue = ReturnType<typeof workQueue>;
