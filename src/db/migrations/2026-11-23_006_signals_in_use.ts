import { Kysely } from 'kysely';

// Frozen in time: never import application code here.
//
// Three facts the work queue, the home pages and the reports filter on, kept on the signal itself so those lists
// stay simple indexed queries: since when it is urgent, since when a reporter's message waits unread by staff,
// and which signal it duplicates.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('signals')
    .addColumn('urgent_at', 'timestamptz')
    .addColumn('reporter_message_at', 'timestamptz')
    .addColumn('duplicate_of', 'uuid', (c) => c.references('signals.id'))
    .execute();
  await db.schema.createIndex('signals_duplicate_of').on('signals').column('duplicate_of').where('duplicate_of', 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('signals').dropColumn('urgent_at').dropColumn('reporter_message_at').dropColumn('duplicate_of').execute();
}
