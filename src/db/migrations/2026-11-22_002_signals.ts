import { Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // A norm is never edited: a change retires the row and adds a new one, so every signal keeps the norm it got.
  await db.schema
    .createTable('follow_up_norms')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('reporter_types', sql`text[]`, (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('hours', 'working-days')`))
    .addColumn('amount', 'numeric', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .execute();
  await sql`insert into follow_up_norms (label, reporter_types, unit, amount) values
    ('Jeugdige of oud-bewoner: contact binnen 48 uur', '{jeugdige,oud-bewoner}', 'hours', 48),
    ('Overige melders: contact binnen 5 werkdagen', '{ouder,naaste,professional,anoniem,overig}', 'working-days', 5)`.execute(db);

  await db.schema
    .createTable('themes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into themes (code, label, position) values
    ('bejegening', 'Bejegening en grensoverschrijdend gedrag', 1),
    ('vbm', 'Vrijheidsbeperkende maatregelen', 2),
    ('veiligheid', 'Veiligheid', 3),
    ('passende-hulp', 'Passende hulp en behandeling', 4),
    ('onderwijs', 'Onderwijs en dagbesteding', 5),
    ('personeel', 'Personeel en bezetting', 6),
    ('klachtafhandeling', 'Klachtafhandeling', 7),
    ('overig', 'Overig', 8)`.execute(db);

  await sql`create sequence signal_reference_seq`.execute(db);
  await db.schema
    .createTable('signals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('reporter_type', 'text', (c) => c.notNull())
    .addColumn('young_person_self', 'boolean', (c) => c.notNull())
    .addColumn('anonymous', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('consent_share', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('receipt_hash', 'text', (c) => c.unique())
    .addColumn('provider_id', 'uuid', (c) => c.references('providers.id'))
    .addColumn('location_id', 'uuid', (c) => c.references('locations.id'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id'))
    .addColumn('provider_text', 'text')
    .addColumn('concerns_closed_care', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('since_when', 'text')
    .addColumn('safe_now', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('norm_id', 'uuid', (c) => c.notNull().references('follow_up_norms.id'))
    .addColumn('norm_label', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('contacted_at', 'timestamptz')
    .addColumn('contacted_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('breached_at', 'timestamptz')
    .addColumn('breach_reason', 'text')
    .addColumn('reminder_sent_at', 'timestamptz')
    .addColumn('warning_sent_at', 'timestamptz')
    .addColumn('unreachable_reason', 'text')
    .addColumn('unreachable_requested_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('unreachable_requested_at', 'timestamptz')
    .addColumn('unreachable_confirmed_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('unreachable_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('contact_removed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index signals_open_due on signals (due_at) where contacted_at is null and unreachable_at is null`.execute(db);
  await db.schema.createIndex('signals_received').on('signals').column('received_at').execute();
  await db.schema.createIndex('signals_provider').on('signals').column('provider_id').execute();

  // Personal data of the reporter lives apart from the signal, so it can be removed while the substance stays.
  await db.schema
    .createTable('signal_contacts')
    .addColumn('signal_id', 'uuid', (c) => c.primaryKey().references('signals.id').onDelete('cascade'))
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('preferred_moments', 'text')
    .execute();

  await db.schema
    .createTable('contact_attempts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('signal_id', 'uuid', (c) => c.notNull().references('signals.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('by_label', 'text', (c) => c.notNull())
    .addColumn('successful', 'boolean', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('structural_unsafety', 'text')
    .addColumn('boundary_crossing', 'text')
    .addColumn('not_discussed_reason', 'text')
    .addColumn('within_norm', 'boolean')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_attempts_signal').on('contact_attempts').column('signal_id').execute();

  await db.schema
    .createTable('signal_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('signal_id', 'uuid', (c) => c.notNull().references('signals.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('by_label', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('signal_events_signal').on('signal_events').columns(['signal_id', 'id']).execute();

  await db.schema
    .createTable('signal_assessments')
    .addColumn('signal_id', 'uuid', (c) => c.primaryKey().references('signals.id').onDelete('cascade'))
    .addColumn('possible_misstand', 'boolean', (c) => c.notNull())
    .addColumn('serious_threat', 'boolean', (c) => c.notNull())
    .addColumn('meldplicht', 'boolean', (c) => c.notNull())
    .addColumn('concerns_jzp', 'boolean', (c) => c.notNull())
    .addColumn('themes', sql`text[]`, (c) => c.notNull())
    .addColumn('advice', 'text')
    .addColumn('referrals', sql`text[]`, (c) => c.notNull())
    .addColumn('assessed_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('assessed_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consultations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('signal_id', 'uuid', (c) => c.notNull().unique().references('signals.id').onDelete('cascade'))
    .addColumn('provider_id', 'uuid', (c) => c.notNull().references('providers.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('outcome_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('outcome_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('signal_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('signal_id', 'uuid', (c) => c.notNull().references('signals.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('staff', 'reporter')`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('signal_messages_signal').on('signal_messages').columns(['signal_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'signal_messages',
    'consultations',
    'signal_assessments',
    'signal_events',
    'contact_attempts',
    'signal_contacts',
    'signals',
    'themes',
    'follow_up_norms',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await sql`drop sequence signal_reference_seq`.execute(db);
}
