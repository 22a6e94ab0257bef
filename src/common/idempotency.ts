import type { Db, Executor } from '../db/connection';

/** How long a key is remembered: far longer than any client retries, short enough that the table stays small. */
const KEEP_KEYS_DAYS = 30;

export interface IdempotencyKey {
  /** Who sent it and for what, e.g. `api:<token id>:signals`: keys of different clients never meet. */
  scope: string;
  key: string;
}

/** Printable ASCII, as in an HTTP header; a UUID is the usual choice. */
export const isIdempotencyKey = (v: unknown): v is string => typeof v === 'string' && /^[\x21-\x7e]{1,200}$/.test(v);

/**
 * Claims the key inside the caller's transaction. Returns the id of the object an earlier request with this key
 * made, or undefined when this request is the first and must `settle` the key with the object it creates.
 * A concurrent request with the same key waits here until the first commits (or rolls back, and then claims it).
 */
export async function claim(trx: Executor, k: IdempotencyKey, now: Date): Promise<string | undefined> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ scope: k.scope, key: k.key, created_at: now })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return undefined;
  const row = await trx
    .selectFrom('idempotency_keys')
    .select('object_id')
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .executeTakeFirstOrThrow();
  return row.object_id ?? undefined;
}

export async function settle(trx: Executor, k: IdempotencyKey, objectId: string): Promise<void> {
  await trx.updateTable('idempotency_keys').set({ object_id: objectId }).where('scope', '=', k.scope).where('key', '=', k.key).execute();
}

export async function pruneKeys(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - KEEP_KEYS_DAYS * 24 * 3600_000);
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
