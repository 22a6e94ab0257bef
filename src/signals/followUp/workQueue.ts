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
}

export const SOON_MS = 12 * 3_600_000;

/** Signals still waiting for contact, soonest due first (overdue ones on top). */
export function workQueue(db: Db, clock: Clock) {
  return async function list(f: QueueFilter = {}): Promise<QueueItem[]> {
    let q = db
      .selectFrom('signals as s')
      .leftJoin('providers as p', 'p.id', 's.provider_id')
      .leftJoin('users as u', 'u.id', 's.assignee_id')
      .select(['s.id', 's.reference', 's.received_at', 's.reporter_type', 's.channel', 'p.name as provider_name', 's.provider_text', 's.assignee_id', 'u.name as assignee_name', 's.concerns_closed_care', 's.due_at'])
      .where('s.contacted_at', 'is', null)
      .where('s.unreachable_at', 'is', null);
    if (f.reporterType) q = q.where('s.reporter_type', '=', f.reporterType);
    if (f.channel) q = q.where('s.channel', '=', f.channel);
    if (f.providerId && isUuid(f.providerId)) q = q.where('s.provider_id', '=', f.providerId);
    if (f.assignee === 'niemand') q = q.where('s.assignee_id', 'is', null);
    else if (f.assignee && isUuid(f.assignee)) q = q.where('s.assignee_id', '=', f.assignee);
    if (f.closedCare) q = q.where('s.concerns_closed_care', '=', true);
    const rows = await q.orderBy('s.due_at').orderBy(sql`s.reference`).limit(500).execute();
    const now = clock.now();
    return rows.map((r) => {
      const msLeft = r.due_at.getTime() - now.getTime();
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
        urgency: msLeft <= 0 ? 'overdue' : msLeft <= SOON_MS ? 'soon' : 'normal',
        followUp: followUpStatus({ dueAt: r.due_at, contactedAt: null, unreachableAt: null }, now),
      };
    });
  };
}

export type WorkQueue = ReturnType<typeof workQueue>;
