import { sql } from 'kysely';
import type { Executor } from '../db/connection';

export interface SignalRef {
  id: string;
  reference: string;
}

export const findByReference = (db: Executor, reference: string) =>
  db.selectFrom('signals').select(['id', 'reference', 'duplicate_of']).where('reference', '=', reference).executeTakeFirst();

/** Locks both signals in one order (by id), so a marking and its mirror image wait for each other instead of deadlocking. */
export async function lockPair(db: Executor, a: string, b: string) {
  const rows = await db
    .selectFrom('signals')
    .select(['id', 'reference', 'duplicate_of', 'status', 'urgent_at'])
    .where('id', 'in', [a, b])
    .orderBy('id')
    .forUpdate()
    .execute();
  return [rows.find((r) => r.id === a), rows.find((r) => r.id === b)] as const;
}

export const referenceOf = (db: Executor, id: string): Promise<SignalRef | undefined> =>
  db.selectFrom('signals').select(['id', 'reference']).where('id', '=', id).executeTakeFirst();

export const duplicatesOf = (db: Executor, originalId: string): Promise<SignalRef[]> =>
  db.selectFrom('signals').select(['id', 'reference']).where('duplicate_of', '=', originalId).orderBy('reference').execute();

/**
 * Each signal of a group (the original and its duplicates) with keys that tell its reporter apart: a hash of the
 * e-mail address and of the phone number (digits only, +31 and +31 (0) written as 0). Hashed in the database, so counting
 * reporters never reads anyone's contact details; after the retention period removed them, a signal has no keys.
 */
export async function reporterKeys(db: Executor, originalId: string): Promise<Array<{ id: string; keys: string[] }>> {
  const { rows } = await sql<{ id: string; keys: string[] }>`
    select s.id, array_remove(array[
             case when nullif(trim(c.email), '') is not null then 'e:' || md5(lower(trim(c.email))) end,
             case when length(regexp_replace(c.phone, '\\D', '', 'g')) >= 8
                  then 'p:' || md5(regexp_replace(regexp_replace(c.phone, '\\D', '', 'g'), '^(00)?310?', '0')) end
           ], null) as keys
      from signals s left join signal_contacts c on c.signal_id = s.id
     where s.id = ${originalId} or s.duplicate_of = ${originalId}
     order by s.received_at, s.reference`.execute(db);
  return rows;
}
