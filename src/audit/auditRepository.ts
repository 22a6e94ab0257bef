import { sql } from 'kysely';
import type { Db, Executor } from '../db/connection';
import type { AuditInstanceRow, AuditRow } from '../db/database';

// One fixed advisory lock serialises appends, so every entry links to the one before it.
const AUDIT_LOCK_KEY = 7_342_001;

export async function lockChain(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(db);
}

/** The newest entry; the chain continues from it. */
export function last(db: Executor): Promise<{ id: string; hash: string } | undefined> {
  return db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Taken under the chain lock, so ids follow the order of the chain and the MAC can cover the id. */
export async function nextId(db: Executor): Promise<string> {
  const { rows } = await sql<{ id: string }>`select nextval('audit_log_id_seq')::text as id`.execute(db);
  return rows[0]!.id;
}

export function instance(db: Executor): Promise<AuditInstanceRow | undefined> {
  return db.selectFrom('audit_instance').selectAll().executeTakeFirst();
}

export async function append(db: Executor, row: Omit<AuditRow, 'changes'> & { changes: unknown }): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ ...row, changes: JSON.stringify(row.changes) })
    .execute();
}

/** One entry by id, for verifying from an anchor. */
export function entry(db: Executor, id: string): Promise<AuditRow | undefined> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where(sql<boolean>`id = ${id}::bigint`)
    .executeTakeFirst();
}

const batchAfter = (db: Db, after: string, size: number) =>
  db
    .selectFrom('audit_log')
    .selectAll()
    .where(sql<boolean>`id > ${after}::bigint`)
    .orderBy('id')
    .limit(size)
    .execute();

/**
 * The entries after `after` in id order, `size` at a time: only one batch is held while the caller works on it, and
 * the next is already being read meanwhile, so the database and the caller's hashing overlap.
 */
export async function* batchesAfter(db: Db, after: string, size = 500): AsyncGenerator<AuditRow[]> {
  let next = batchAfter(db, after, size);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    const full = rows.length === size;
    if (full) {
      next = batchAfter(db, rows[rows.length - 1]!.id, size);
      // Awaited at the next turn; until then a failure must not count as unhandled.
      next.catch(() => undefined);
    }
    yield rows;
    if (!full) return;
  }
}

export interface AuditFilter {
  objectType?: string;
  objectId?: string;
  actorId?: string;
  limit: number;
}

export function find(db: Executor, f: AuditFilter): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.objectId) q = q.where('object_id', '=', f.objectId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}
