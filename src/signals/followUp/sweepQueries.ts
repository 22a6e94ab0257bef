import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection';
import type { Database } from '../../db/database';
import { CLOSED_STATUSES } from '../types';

// The queries the minute sweep runs, as builders so test/db/sweepPlans.test.ts can EXPLAIN exactly these. Each reads
// only the rows it may act on, through a partial index that holds just those (migration 009): their cost follows
// the work waiting, not the size of the history.

export const SWEEP_BATCH = 500;

/** Where a batch ended. The instant as PostgreSQL wrote it: a JavaScript Date drops the microseconds it may hold. */
export interface DeadlineKey {
  dueAt: string;
  id: string;
}

const dueKey = sql<string>`due_at::text`.as('due_key');

/** Only signals after `key` in (due_at, id) order: the sweep's keyset batches. */
function after<Q extends SelectQueryBuilder<Database, 'signals', object>>(q: Q, key: DeadlineKey | undefined): Q {
  if (!key) return q;
  const dueAt = sql<Date>`${key.dueAt}::timestamptz`;
  // The plain bound lets the index start at the last batch; the row comparison orders signals due at the same instant.
  return q.where('due_at', '>=', dueAt).where(sql<SqlBool>`(due_at, id) > (${dueAt}, ${key.id}::uuid)`) as Q;
}

/** Breaches the jobs missed: waiting for contact, past due, not recorded yet (index signals_breach_due). */
export const missedBreachesQuery = (db: Executor, now: Date, from?: DeadlineKey, limit = SWEEP_BATCH) =>
  after(
    db
      .selectFrom('signals')
      .select(['id', dueKey])
      .where('contacted_at', 'is', null)
      .where('unreachable_at', 'is', null)
      .where('breached_at', 'is', null)
      // Duplicates are followed up through their original: no breach, no jobs.
      .where('duplicate_of', 'is', null)
      .where('due_at', '<=', now),
    from,
  )
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit);

/**
 * Signals whose deadline jobs Redis may have lost: waiting for contact and not due yet (a partial index of the signals
 * waiting for contact: signals_open_due, signals_waiting_due), a batch at a time. Only the columns the jobs are made from.
 */
export const pendingDeadlinesQuery = (db: Executor, now: Date, from?: DeadlineKey, limit = SWEEP_BATCH) =>
  after(
    db
      .selectFrom('signals')
      .select([
        'id',
        'received_at',
        'due_at',
        dueKey,
        'contacted_at',
        'unreachable_at',
        'breached_at',
        'reminder_sent_at',
        'warning_sent_at',
      ])
      .where('contacted_at', 'is', null)
      .where('unreachable_at', 'is', null)
      .where('duplicate_of', 'is', null)
      .where('due_at', '>', now),
    from,
  )
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit);

/** Where the next batch starts, or undefined when this one was the last. */
export function nextKey(batch: ReadonlyArray<{ id: string; due_key: string }>, limit = SWEEP_BATCH): DeadlineKey | undefined {
  const last = batch.at(-1);
  return last && batch.length >= limit ? { dueAt: last.due_key, id: last.id } : undefined;
}

/**
 * Signals (not duplicates) closed before the cutoff whose reporter data is still there, or was written again after a
 * purge (reopened and closed again: removed before the last closing). Index signals_retention_due holds only those.
 */
export const purgeDueQuery = (db: Executor, cutoff: Date, limit = SWEEP_BATCH) =>
  db
    .selectFrom('signals')
    .select('id')
    .where('duplicate_of', 'is', null)
    .where('status', 'in', CLOSED_STATUSES)
    .where('closed_at', '<', cutoff)
    // Literally the predicate of signals_retention_due, so the planner can prove the index applies.
    .where((eb) => eb.or([eb('contact_removed_at', 'is', null), eb('contact_removed_at', '<', eb.ref('closed_at'))]))
    .orderBy('closed_at')
    .limit(limit);

/** The duplicates of one original that go with it: not purged since it was last closed (index signals_duplicate_of). */
export const duplicatesToPurgeQuery = (db: Executor, originalId: string, closedAt: Date) =>
  db
    .selectFrom('signals')
    .select('id')
    .where('duplicate_of', '=', originalId)
    .where((eb) => eb.or([eb('contact_removed_at', 'is', null), eb('contact_removed_at', '<', closedAt)]));

/**
 * Duplicates never purged whose original was closed before the cutoff (index signals_duplicates_unpurged). A
 * duplicate goes with its original (retention.ts); this catches any left behind, such as those of an original purged
 * before the two went together.
 */
export const unpurgedDuplicatesQuery = (db: Executor, cutoff: Date, limit = SWEEP_BATCH) =>
  db
    .selectFrom('signals as s')
    .innerJoin('signals as o', 'o.id', 's.duplicate_of')
    .select('s.id')
    .where('s.duplicate_of', 'is not', null)
    .where('s.contact_removed_at', 'is', null)
    .where('o.status', 'in', CLOSED_STATUSES)
    .where('o.closed_at', '<', cutoff)
    .limit(limit);
