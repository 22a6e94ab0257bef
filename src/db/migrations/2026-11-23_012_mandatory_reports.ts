import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// Mandatory reports (meldingen) a provider makes to the IGJ: a calamiteit or violence in the care relationship.
// `registered_at` is when the IGJ wrote it down, so the timeline can show "what was known on date X"; `reported_at`
// is when the provider reported it, which decides whether it came late (more than 3 working days after the event).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence report_reference_seq`.execute(db);
  await db.schema
    .createTable('mandatory_reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('calamiteit', 'geweld')`))
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('registered_via', 'text', (c) => c.notNull().check(sql`registered_via in ('ui', 'api', 'load')`))
    .addColumn('provider_id', 'uuid', (c) => c.notNull().references('providers.id'))
    .addColumn('location_id', 'uuid', (c) => c.references('locations.id'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id'))
    .addColumn('young_people_involved', 'integer', (c) => c.notNull().check(sql`young_people_involved >= 0`))
    .addColumn('death', 'boolean', (c) => c.notNull().defaultTo(false))
    // Decided at registration from the provider, location or unit: JeugdzorgPlus or ZIKOS.
    .addColumn('closed_care', 'boolean', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('themes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // The last moment the report was still in time, and whether it came after it.
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('zelf-onderzoek', 'igj-onderzoek', 'geen-actie')`))
    .addColumn('decision_reasons', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('mandatory_reports_unit_has_location', sql`unit_id is null or location_id is not null`)
    // A death in closed youth care is always investigated by the IGJ itself; the service says so in Dutch first.
    .addCheckConstraint(
      'mandatory_reports_death_in_closed_care',
      sql`not (death and closed_care) or decision is null or decision = 'igj-onderzoek'`,
    )
    .addCheckConstraint('mandatory_reports_decision_reasoned', sql`decision is null or decision_reasons is not null`)
    .execute();
  await sql`create index mandatory_reports_provider_occurred on mandatory_reports (provider_id, occurred_at desc, id)`.execute(db);
  await sql`create index mandatory_reports_unit_occurred on mandatory_reports (unit_id, occurred_at) where unit_id is not null`.execute(db);
  await sql`create index mandatory_reports_location_occurred on mandatory_reports (location_id, occurred_at)
    where location_id is not null`.execute(db);
  await db.schema.createIndex('mandatory_reports_registered').on('mandatory_reports').column('registered_at').execute();
  await sql`create index mandatory_reports_undecided on mandatory_reports (registered_at) where decision is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mandatory_reports').execute();
  await sql`drop sequence report_reference_seq`.execute(db);
}
