import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// Pattern detection (issue 10): rules a beheerder tunes, the alerts (waarschuwingen) they raise, the items behind each
// alert and its history, the improvement trajectories the recurrence rule reads, and the inspectors' digests.
const RULES = sql`('cluster', 'rise', 'missing-report', 'recurrence', 'silence')`;
// An alert's place and theme as one key; a missing location, group or theme counts as one value of its own.
const NO_ID = sql`'00000000-0000-0000-0000-000000000000'::uuid`;
const PLACE_KEY = sql`rule, provider_id, coalesce(location_id, ${NO_ID}), coalesce(unit_id, ${NO_ID}), coalesce(theme, '')`;

// The defaults of the issue; the values a beheerder sets later live in the same rows.
const DEFAULTS: Array<[rule: string, key: string, value: number]> = [
  ['cluster', 'reporters', 3],
  ['cluster', 'windowDays', 30],
  ['rise', 'windowDays', 30],
  ['rise', 'baselineDays', 365],
  ['rise', 'confidence', 99.8],
  ['rise', 'minObserved', 3],
  ['missing-report', 'workingDays', 3],
  ['missing-report', 'daysBefore', 14],
  ['missing-report', 'lookbackDays', 60],
  ['recurrence', 'windowDays', 365],
  ['recurrence', 'minItems', 1],
  ['silence', 'months', 6],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pattern_rule_settings')
    .addColumn('rule', 'text', (c) => c.notNull().check(sql`rule in ${RULES}`))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('pattern_rule_settings_pkey', ['rule', 'key'])
    .execute();
  await db
    .insertInto('pattern_rule_settings')
    .values(DEFAULTS.map(([rule, key, value]) => ({ rule, key, value })))
    .execute();

  await db.schema
    .createTable('pattern_alerts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('rule', 'text', (c) => c.notNull().check(sql`rule in ${RULES}`))
    .addColumn('provider_id', 'uuid', (c) => c.notNull().references('providers.id'))
    .addColumn('location_id', 'uuid', (c) => c.references('locations.id'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id'))
    .addColumn('theme', 'text', (c) => c.references('themes.code'))
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('observed', 'numeric', (c) => c.notNull())
    .addColumn('expected', 'numeric')
    .addColumn('upper_limit', 'numeric')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'closed')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('bezoek', 'navraag', 'geen-actie', 'anders')`))
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addCheckConstraint('pattern_alerts_unit_has_location', sql`unit_id is null or location_id is not null`)
    // Open until an inspector decides; a closed alert always has its decision, reason and moment.
    .addCheckConstraint(
      'pattern_alerts_decided',
      sql`(status = 'open' and decision is null and decided_at is null)
        or (status = 'closed' and decision is not null and decision_reason is not null and decided_at is not null)`,
    )
    .execute();
  // At most one open alert per rule, place and theme: a new item strengthens it instead of making a second one.
  await sql`create unique index pattern_alerts_one_open on pattern_alerts (${PLACE_KEY}) where status = 'open'`.execute(db);
  // Earlier (closed) alerts of the same key: their items do not raise a new alert on their own.
  await sql`create index pattern_alerts_place on pattern_alerts (${PLACE_KEY})`.execute(db);
  // The list: open first, most recently changed on top; per provider in time order for the API and the timeline.
  await sql`create index pattern_alerts_list on pattern_alerts (status, updated_at desc, id)`.execute(db);
  await sql`create index pattern_alerts_provider on pattern_alerts (provider_id, created_at, id)`.execute(db);

  await db.schema
    .createTable('pattern_alert_items')
    .addColumn('alert_id', 'uuid', (c) => c.notNull().references('pattern_alerts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('signal', 'report')`))
    .addColumn('item_id', 'uuid', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('pattern_alert_items_pkey', ['alert_id', 'kind', 'item_id'])
    .execute();
  await db.schema.createIndex('pattern_alert_items_item').on('pattern_alert_items').columns(['item_id', 'kind']).execute();

  // Each creation and strengthening with its figures, for the alert's chart.
  await db.schema
    .createTable('pattern_alert_history')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('alert_id', 'uuid', (c) => c.notNull().references('pattern_alerts.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('created', 'strengthened')`))
    .addColumn('observed', 'numeric', (c) => c.notNull())
    .addColumn('expected', 'numeric')
    .addColumn('upper_limit', 'numeric')
    .addColumn('items', 'integer', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pattern_alert_history_alert').on('pattern_alert_history').columns(['alert_id', 'at']).execute();

  // Minimal for now: the inspections issue fills and extends it. The recurrence rule reads closed ones.
  await db.schema
    .createTable('improvement_trajectories')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('provider_id', 'uuid', (c) => c.notNull().references('providers.id'))
    .addColumn('location_id', 'uuid', (c) => c.references('locations.id'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id'))
    .addColumn('themes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('improvement_trajectories_unit_has_location', sql`unit_id is null or location_id is not null`)
    .addCheckConstraint('improvement_trajectories_closed_after_opened', sql`closed_at is null or closed_at >= opened_at`)
    .execute();
  await db.schema.createIndex('improvement_trajectories_provider').on('improvement_trajectories').column('provider_id').execute();

  // The digest mails: at most one an hour per inspector, each covering the alerts changed up to `covered_until`.
  await db.schema
    .createTable('pattern_digests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('covered_until', 'timestamptz', (c) => c.notNull())
    .addColumn('alerts', 'integer', (c) => c.notNull())
    .addColumn('mail_id', 'uuid', (c) => c.references('mail_outbox.id'))
    .execute();
  await sql`create index pattern_digests_user on pattern_digests (user_id, sent_at desc)`.execute(db);
  // The rise rule's comparable groups: signals and places per care type over the recent window, as the nightly scan
  // counted them, so the check after one new signal reads a few rows instead of a month of signals.
  await db.schema
    .createTable('pattern_peer_rates')
    .addColumn('care_type', 'text', (c) => c.notNull())
    .addColumn('window_days', 'integer', (c) => c.notNull())
    .addColumn('window_from', 'timestamptz', (c) => c.notNull())
    .addColumn('window_to', 'timestamptz', (c) => c.notNull())
    .addColumn('signals', 'integer', (c) => c.notNull())
    .addColumn('places', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('pattern_peer_rates_pkey', ['care_type'])
    .execute();
  // The missing-report rule reads the recent assessments that say meldplicht (a few per cent of them).
  await sql`create index signal_assessments_meldplicht on signal_assessments (assessed_at) where meldplicht`.execute(db);
  // The rules read a place's signals in a window through signals_unit_received and signals_location_received, which
  // migration 014 (the provider timeline) makes for its own pages as well.
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('signal_assessments_meldplicht').execute();
  for (const t of [
    'pattern_peer_rates',
    'pattern_digests',
    'improvement_trajectories',
    'pattern_alert_history',
    'pattern_alert_items',
    'pattern_alerts',
    'pattern_rule_settings',
  ])
    await db.schema.dropTable(t).execute();
}
