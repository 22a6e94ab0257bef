import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// The inspectors' daily overview (issue 10, point 6): one row per inspector per Amsterdam calendar day it covers, written
// in the same transaction as its mail (or without a mail when there was nothing new), so a second run, a second worker
// or a restarted one never sends that day twice. The digests remember which alerts they named, so the daily overview
// does not mail an alert again that a digest already mailed. The overview reads one day's registrations: signals by
// `registered_at` (no index had that yet) and alert history by its moment.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('daily_overviews')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('signals', 'integer', (c) => c.notNull())
    .addColumn('reports', 'integer', (c) => c.notNull())
    .addColumn('alerts', 'integer', (c) => c.notNull())
    .addColumn('mail_id', 'uuid', (c) => c.references('mail_outbox.id'))
    .addPrimaryKeyConstraint('daily_overviews_pkey', ['user_id', 'day'])
    .execute();

  await db.schema
    .createTable('pattern_digest_alerts')
    .addColumn('digest_id', 'uuid', (c) => c.notNull().references('pattern_digests.id').onDelete('cascade'))
    .addColumn('alert_id', 'uuid', (c) => c.notNull().references('pattern_alerts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('pattern_digest_alerts_pkey', ['digest_id', 'alert_id'])
    .execute();
  await db.schema.createIndex('pattern_digest_alerts_alert').on('pattern_digest_alerts').column('alert_id').execute();

  await sql`create index signals_registered on signals (registered_at)`.execute(db);
  await sql`create index pattern_alert_history_at on pattern_alert_history (at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index pattern_alert_history_at`.execute(db);
  await sql`drop index signals_registered`.execute(db);
  await db.schema.dropTable('pattern_digest_alerts').execute();
  await db.schema.dropTable('daily_overviews').execute();
}
