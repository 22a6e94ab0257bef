import type { Db } from '../../db/connection';
import type { Clock } from '../../clock';
import { clampPage } from '../../web/paging';
import { followUpStatus, type FollowUpStatus } from '../types';
import { queueCountsQuery, queueQuery, SOON_MS, type QueueFilter } from './queueQuery';

export { SOON_MS, type QueueFilter };

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

export interface QueueCounts {
  /** Waiting for contact (the rest of the queue is back for a reporter's new message). */
  total: number;
  overdue: number;
  soon: number;
  urgent: number;
  newMessage: number;
}

export interface QueuePage {
  items: QueueItem[];
  /** How many signals the queue holds in all pages. */
  listed: number;
  page: number;
  counts: QueueCounts;
}

export const QUEUE_PAGE_SIZE = 50;

/** The work queue one page at a time, with true counts over the whole queue; the order is queueQuery's. */
export function workQueue(db: Db, clock: Clock) {
  return async function list(f: QueueFilter = {}, requested = 1, size = QUEUE_PAGE_SIZE): Promise<QueuePage> {
    const now = clock.now();
    const at = (page: number) => ({ offset: (page - 1) * size, limit: size });
    const [c, first] = await Promise.all([
      queueCountsQuery(db, f, now).executeTakeFirstOrThrow(),
      queueQuery(db, f, now, at(requested)).execute(),
    ]);
    const listed = Number(c.listed);
    // Past the last page (an old link, a queue that shrank): the last page instead of an empty one.
    const page = clampPage(requested, listed, size);
    const rows = page === requested ? first : await queueQuery(db, f, now, at(page)).execute();
    const counts = {
      total: Number(c.waiting),
      overdue: Number(c.overdue),
      soon: Number(c.soon),
      urgent: Number(c.urgent),
      newMessage: Number(c.new_message),
    };
    const items = rows.map((r): QueueItem => {
      const msLeft = r.due_at.getTime() - now.getTime();
      const waiting = !r.contacted_at && !r.unreachable_at && !r.duplicate_of;
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
        // Spoed while the young person is still to be reached, as in the counts.
        urgent: r.urgent_at !== null && waiting,
        newMessage: r.reporter_message_at !== null,
      };
    });
    return { items, listed, page, counts };
  };
}

export type WorkQueue = ReturnType<typeof workQueue>;
