import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// The worker's sweep runs every minute and the work queue on every visit: each of their queries reads only the rows
// it may act on, through a partial index that holds just those. Their cost then follows the work waiting, not the
// size of a history of a million signals. Each predicate is written exactly as the query's WHERE (see
// src/signals/followUp/sweepQueries.ts and queueQuery.ts), so the planner can prove the index applies;
// test/db/sweepPlans.test.ts fails when one of those queries reads the whole table again.
export async function up(db: Kysely<any>): Promise<void> {
  // Breaches the jobs missed: already recorded ones (thousands in ten years) are no longer in it.
  await sql`create index signals_breach_due on signals (due_at)
    where contacted_at is null and unreachable_at is null and breached_at is null and duplicate_of is null`.execute(db);
  // Retention: closed signals whose reporter data is still there, or was written again after a purge (reopened and
  // closed again, so removed before the last closing). Once purged a signal leaves the index.
  await sql`create index signals_retention_due on signals (closed_at)
    where duplicate_of is null and closed_at is not null and (contact_removed_at is null or contact_removed_at < closed_at)`.execute(db);
  // Duplicates never purged (a safety net: a duplicate is purged with its original).
  await sql`create index signals_duplicates_unpurged on signals (duplicate_of)
    where duplicate_of is not null and contact_removed_at is null`.execute(db);
  // The work queue takes back any signal with a reporter's message nobody has seen yet.
  await sql`create index signals_reporter_message on signals (reporter_message_at) where reporter_message_at is not null`.execute(db);
  // Consultations still without an outcome, by due instant: the overdue ones and the open list.
  await sql`create index consultations_open_due on consultations (due_at) where outcome_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'consultations_open_due',
    'signals_reporter_message',
    'signals_duplicates_unpurged',
    'signals_retention_due',
    'signals_breach_due',
  ])
    await db.schema.dropIndex(name).execute();
}
