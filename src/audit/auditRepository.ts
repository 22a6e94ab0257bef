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

export async function* allInOrder(db: Db, batch = 1000): AsyncGenerator<AuditRow> {
  let after = '0';
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where(sql<boolean>`id > ${after}::bigint`)
      .orderBy('id')
      .limit(batch)
      .execute();
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
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
