import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Role } from '../../auth/roles';
import { TIME_ZONE } from '../../common/time';
import { CLOSED_STATUSES } from '../types';

// Conditions on a signal aliased `s`, shared by the search list (WHERE) and the home page counts (FILTER), so a
// count on the home page and the list its link opens can never disagree.

export type Condition = RawBuilder<SqlBool>;

/** The instant an Amsterdam calendar day (YYYY-MM-DD) begins, daylight saving included. */
export const startOfDay = (day: string): RawBuilder<Date> => sql<Date>`((${day}::date)::timestamp at time zone ${TIME_ZONE})`;

/** The calendar day after `day`. */
export const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Open work: not closed, and not a duplicate (a duplicate is followed up through its original). */
export const openWork = (): Condition => sql<SqlBool>`(s.status not in (${sql.join([...CLOSED_STATUSES])}) and s.duplicate_of is null)`;

/**
 * Still waiting for the first contact with the reporter, whatever the status (as in the work queue and the follow-up
 * report: a signal closed without contact still missed its norm); a duplicate waits through its original.
 */
export const waitingForContact = (): Condition =>
  sql<SqlBool>`(s.contacted_at is null and s.unreachable_at is null and s.duplicate_of is null)`;

export const overdue = (now: Date): Condition => sql<SqlBool>`(${waitingForContact()} and s.due_at <= ${now})`;

/** Not overdue yet, but due before today (Amsterdam) ends. */
export const dueLaterToday = (now: Date, today: string): Condition =>
  sql<SqlBool>`(${waitingForContact()} and s.due_at > ${now} and s.due_at < ${startOfDay(nextDay(today))})`;

/** A reporter's message that no staff member has seen yet. */
export const newMessage = (): Condition => sql<SqlBool>`(s.reporter_message_at is not null)`;

/** Urgent and still waiting for contact: once the young person is reached, the work queue and the tiles let go. */
export const urgent = (): Condition => sql<SqlBool>`(s.urgent_at is not null and ${waitingForContact()})`;

/**
 * Which signals a user may read, in SQL: the same rule as signalReader.canRead (and signalRepository.isInspectorOf).
 * Meldpunt and managers read all; an inspector those about a provider they are assigned to, and those whose
 * JeugdzorgPlus consultation is theirs (its provider is theirs, or they recorded it); anyone else none.
 */
export type Scope = { kind: 'all' } | { kind: 'inspector'; userId: string } | { kind: 'none' };

export function scopeOf(user: { id: string; roles: readonly Role[] }): Scope {
  if (user.roles.includes('meldpunt') || user.roles.includes('manager')) return { kind: 'all' };
  if (user.roles.includes('inspecteur')) return { kind: 'inspector', userId: user.id };
  return { kind: 'none' };
}

export const readableByInspector = (userId: string): Condition => sql<SqlBool>`(
  exists (select 1 from provider_inspectors pi where pi.provider_id = s.provider_id and pi.user_id = ${userId})
  or exists (
    select 1 from consultations c
    where c.signal_id = s.id
      and (c.outcome_by = ${userId} or exists (select 1 from provider_inspectors cpi where cpi.provider_id = c.provider_id and cpi.user_id = ${userId}))))`;

export function visibleIn(scope: Scope): Condition {
  if (scope.kind === 'all') return sql<SqlBool>`true`;
  if (scope.kind === 'inspector') return readableByInspector(scope.userId);
  return sql<SqlBool>`false`;
}
