import { sql } from 'kysely';
import type { Executor } from '../db/connection';
import type { NewUserRow, UserRow, UserUpdate } from '../db/database';

export function findById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
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
