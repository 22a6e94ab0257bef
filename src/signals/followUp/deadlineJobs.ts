import type { Queues } from '../../jobs/queues';
import type { Logger } from '../../logger';

export const WARNING_BEFORE_MS = 12 * 3_600_000;

/** The columns of a signal row the deadline jobs need, as a Schedulable: one mapping for registration and the sweep. */
export const schedulableOf = (r: {
  id: string;
  received_at: Date;
  due_at: Date;
  contacted_at: Date | null;
  unreachable_at: Date | null;
  breached_at: Date | null;
  reminder_sent_at: Date | null;
  warning_sent_at: Date | null;
}): Schedulable => ({
  id: r.id,
  receivedAt: r.received_at,
  dueAt: r.due_at,
  contactedAt: r.contacted_at,
  unreachableAt: r.unreachable_at,
  breachedAt: r.breached_at,
  reminderSentAt: r.reminder_sent_at,
  warningSentAt: r.warning_sent_at,
});

export interface Schedulable {
  id: string;
  receivedAt: Date;
  dueAt: Date;
  contactedAt: Date | null;
  unreachableAt: Date | null;
  breachedAt: Date | null;
  reminderSentAt: Date | null;
  warningSentAt: Date | null;
}

/**
 * Puts the deadline jobs of one open signal on the queue: a reminder halfway, a team warning 12 hours before due,
 * and the breach at the due instant. Job ids contain the signal id and the due instant, so scheduling again adds
 * nothing, and a re-computed deadline gets fresh jobs while the old ones find themselves stale.
 */
export async function scheduleDeadlineJobs(queues: Queues, log: Logger, s: Schedulable, now: Date): Promise<void> {
  if (s.contactedAt || s.unreachableAt) return;
  const due = s.dueAt.getTime();
  const data = { signalId: s.id, dueAt: due };
  const jobs: Array<[name: 'reminder' | 'warning' | 'breach', at: number]> = [];
  if (!s.breachedAt) jobs.push(['breach', due]);
  if (due > now.getTime()) {
    if (!s.reminderSentAt) jobs.push(['reminder', s.receivedAt.getTime() + (due - s.receivedAt.getTime()) / 2]);
    if (!s.warningSentAt && due - s.receivedAt.getTime() > WARNING_BEFORE_MS) jobs.push(['warning', due - WARNING_BEFORE_MS]);
  }
  try {
    await queues.addQuickly('termijnjobs inplannen', () =>
      queues.signals.addBulk(
        jobs.map(([name, at]) => ({
          name,
          data,
          opts: { jobId: `${name}-${s.id}-${due}`, delay: Math.max(0, Math.round(at - now.getTime())) },
        })),
      ),
    );
  } catch (e) {
    // The minute sweep rebuilds these from the database.
    log.warn({ signalId: s.id, err: (e as Error).message }, 'termijnjobs niet ingepland; de sweep probeert het opnieuw');
  }
}
