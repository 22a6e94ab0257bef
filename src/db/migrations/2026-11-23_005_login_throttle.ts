import { Kysely } from 'kysely';

// Frozen in time: never import application code here.
//
// Failed logins are counted per account and client address, and apart per account over all addresses with a higher
// threshold: one attacker can slow down their own guesses, but can no longer make the owner wait.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // A client address (an IPv6 /64), or '*' for the account over all addresses.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'timestamptz', (c) => c.notNull())
    .addColumn('wait_until', 'timestamptz')
    .addPrimaryKeyConstraint('login_throttle_pk', ['user_id', 'source'])
    .execute();
  // The counting moves to login_throttle; the per-account columns would only be state nobody reads.
  await db.schema.alterTable('users').dropColumn('failed_logins').dropColumn('locked_until').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .execute();
  await db.schema.dropTable('login_throttle').execute();
}
