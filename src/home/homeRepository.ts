import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/connection';
import {
  dueLaterToday,
  newMessage,
  nextDay,
  openWork,
  overdue,
  readableByInspector,
  startOfDay,
  urgent,
} from '../signals/search/conditions';
import { consultationStatus, inspectorsConsultations } from '../signals/assessment/consultationList';
import { alertOfInspector, openAlert } from '../patterns/conditions';

// One aggregate query per section of the home page. Each count uses the very conditions of the list its link
// opens (src/signals/search/conditions.ts, consultationList), so the number and the list always agree.

const one = async <T>(db: Executor, query: RawBuilder<T>): Promise<T> => (await query.execute(db)).rows[0]!;
const numbers = <T extends Record<string, unknown>>(row: T) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as { [K in keyof T]: number };

export const meldpunt = async (db: Executor, userId: string, now: Date, today: string) =>
  numbers(
    await one(
      db,
      sql<{ mine: string; unassigned: string; messages: string; urgent: string; overdue: string; dueToday: string }>`
        select count(*) filter (where ${openWork()} and s.assignee_id = ${userId}) as mine,
               count(*) filter (where ${openWork()} and s.assignee_id is null) as unassigned,
               count(*) filter (where ${newMessage()}) as messages,
               count(*) filter (where ${openWork()} and ${urgent()}) as urgent,
               count(*) filter (where ${overdue(now)}) as overdue,
               count(*) filter (where ${dueLaterToday(now, today)}) as "dueToday"
        from signals s`,
    ),
  );

/** `since` is the first Amsterdam day counted as new. */
export const inspector = async (db: Executor, userId: string, now: Date, since: string) =>
  numbers(
    await one(
      db,
      sql<{ openConsultations: string; overdueConsultations: string; newSignals: string; urgent: string; openAlerts: string }>`
        select (select count(*) from consultations c where ${consultationStatus('open', now)} and ${inspectorsConsultations(userId)}) as "openConsultations",
               (select count(*) from pattern_alerts a where ${openAlert()} and ${alertOfInspector(userId)}) as "openAlerts",
               (select count(*) from consultations c
                where ${consultationStatus('te-laat', now)} and ${inspectorsConsultations(userId)}) as "overdueConsultations",
               count(*) filter (where s.received_at >= ${startOfDay(since)}) as "newSignals",
               count(*) filter (where ${openWork()} and ${urgent()}) as urgent
        from signals s
        where ${readableByInspector(userId)}`,
    ),
  );

/** The week's share within the norm: signals received from `monday` up to today, as the follow-up report counts them. */
export async function manager(db: Executor, now: Date, today: string, monday: string) {
  const week = sql`(s.duplicate_of is null and s.received_at >= ${startOfDay(monday)} and s.received_at < ${startOfDay(nextDay(today))})`;
  return numbers(
    await one(
      db,
      sql<{
        overdue: string;
        dueToday: string;
        met: string;
        late: string;
        breached: string;
        overdueConsultations: string;
        openAlerts: string;
      }>`
        select count(*) filter (where ${overdue(now)}) as overdue,
               count(*) filter (where ${dueLaterToday(now, today)}) as "dueToday",
               count(*) filter (where ${week} and s.contacted_at <= s.due_at) as met,
               count(*) filter (where ${week} and s.contacted_at > s.due_at) as late,
               count(*) filter (where ${week} and s.contacted_at is null and s.unreachable_at is null and s.due_at <= ${now}) as breached,
               (select count(*) from consultations c where ${consultationStatus('te-laat', now)}) as "overdueConsultations",
               (select count(*) from pattern_alerts a where ${openAlert()}) as "openAlerts"
        from signals s`,
    ),
  );
}

export const beheerder = async (db: Executor, today: string) =>
  numbers(
    await one(
      db,
      sql<{ activeUsers: string; inactiveUsers: string; failedMail: string; auditToday: string }>`
        select (select count(*) from users where active) as "activeUsers",
               (select count(*) from users where not active) as "inactiveUsers",
               (select count(*) from mail_outbox where status = 'failed') as "failedMail",
               (select count(*) from audit_log where at >= ${startOfDay(today)}) as "auditToday"`,
    ),
  );
