import { sql } from 'kysely';
import type { Executor } from '../db/connection';
import type { NewUserRow, UserRow, UserUpdate } from '../db/database';

export function findById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
}

export function list(db: Executor): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('active', 'desc').orderBy('name').execute();
}

export function withRole(db: Executor, role: string): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('active', '=', true)
    .where(sql<boolean>`${role} = any(roles)`)
    .orderBy('name')
    .execute();
}

export function insert(db: Executor, row: NewUserRow): Promise<UserRow> {
  return db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
}

export function update(db: Executor, id: string, changes: UserUpdate): Promise<UserRow> {
  return db.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/**
 * Counts a login attempt as failed before its password is checked, in one statement: parallel attempts queue on the
 * row lock, and each sees the count and the delay the one before it left. From the `free`-th failure in a row on, the
 * account waits `firstDelaySeconds`, doubling per further failure up to `maxDelaySeconds`. Returns nothing while the
 * account waits (or does not exist), so no password is checked then.
 */
export function reserveLoginAttempt(db: Executor, email: string, now: Date, rule: { free: number; firstDelaySeconds: number; maxDelaySeconds: number }): Promise<UserRow | undefined> {
  const failures = sql<number>`failed_logins + 1`;
  const doublings = sql`least(${failures} - ${rule.free}::int, 16)`;
  return db
    .updateTable('users')
    .set({
      failed_logins: failures,
      locked_until: sql<Date | null>`case when ${failures} >= ${rule.free}::int
        then ${now}::timestamptz + least(${rule.firstDelaySeconds}::int * power(2, ${doublings}), ${rule.maxDelaySeconds}::int) * interval '1 second'
        end`,
    })
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returningAll()
    .executeTakeFirst();
}
