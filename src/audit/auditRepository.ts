import { sql } from 'kysely';
import type { Db, Executor } from '../db/connection';
import type { AuditRow } from '../db/database';

// One fixed advisory lock serialises appends, so every entry links to the one before it.
const AUDIT_LOCK_KEY = 7_342_001;

export async function lockChain(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(db);
}

export async function head(db: Executor): Promise<{ lastId: string; lastHash: string } | undefined> {
  const row = await db.selectFrom('audit_head').select(['last_id', 'last_hash']).executeTakeFirst();
  return row && { lastId: row.last_id, lastHash: row.last_hash };
}

export async function append(
  db: Executor,
  row: Omit<AuditRow, 'id' | 'changes'> & { changes: unknown },
): Promise<string> {
  const inserted = await db
    .insertInto('audit_log')
    .values({ ...row, changes: JSON.stringify(row.changes) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('audit_head')
    .values({ last_id: inserted.id, last_hash: row.hash })
    .onConflict((oc) => oc.column('singleton').doUpdateSet({ last_id: inserted.id, last_hash: row.hash }))
    .execute();
  return inserted.id;
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
