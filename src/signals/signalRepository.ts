import { sql } from 'kysely';
import type { Executor } from '../db/connection';
import type { NewSignalRow, NormRow, SignalRow } from '../db/database';

export const activeNormFor = (db: Executor, reporterType: string): Promise<NormRow | undefined> =>
  db
    .selectFrom('follow_up_norms')
    .selectAll()
    .where('retired_at', 'is', null)
    .where(sql<boolean>`${reporterType} = any(reporter_types)`)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();

export const findNorm = (db: Executor, id: string): Promise<NormRow | undefined> =>
  db.selectFrom('follow_up_norms').selectAll().where('id', '=', id).executeTakeFirst();

export async function nextReference(db: Executor, year: number): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('signal_reference_seq')::text as n`.execute(db);
  return `S-${year}-${rows[0]!.n.padStart(6, '0')}`;
}

export const insert = (db: Executor, row: NewSignalRow): Promise<SignalRow> =>
  db.insertInto('signals').values(row).returningAll().executeTakeFirstOrThrow();

export const findById = (db: Executor, id: string): Promise<SignalRow | undefined> =>
  db.selectFrom('signals').selectAll().where('id', '=', id).executeTakeFirst();

export const findByReceipt = (db: Executor, hash: string): Promise<SignalRow | undefined> =>
  db.selectFrom('signals').selectAll().where('receipt_hash', '=', hash).executeTakeFirst();

/** Locks the row for the rest of the transaction, so two people cannot change one signal at once. */
export const lock = (db: Executor, id: string): Promise<SignalRow | undefined> =>
  db.selectFrom('signals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const update = (db: Executor, id: string, changes: Partial<Omit<SignalRow, 'id'>>): Promise<SignalRow> =>
  db.updateTable('signals').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export async function addEvent(
  db: Executor,
  signalId: string,
  at: Date,
  kind: string,
  byLabel: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await db
    .insertInto('signal_events')
    .values({ signal_id: signalId, at, kind, by_label: byLabel, data: JSON.stringify(data) })
    .execute();
}

export const events = (db: Executor, signalId: string) =>
  db.selectFrom('signal_events').selectAll().where('signal_id', '=', signalId).orderBy('id').execute();

export interface PlaceNames {
  provider_name: string | null;
  location_name: string | null;
  unit_name: string | null;
  assignee_name: string | null;
}

export const placeNames = (
  db: Executor,
  s: Pick<SignalRow, 'provider_id' | 'location_id' | 'unit_id' | 'assignee_id'>,
): Promise<PlaceNames> =>
  db
    .selectNoFrom((eb) => [
      eb.selectFrom('providers').select('name').where('id', '=', s.provider_id).as('provider_name'),
      eb.selectFrom('locations').select('name').where('id', '=', s.location_id).as('location_name'),
      eb.selectFrom('units').select('name').where('id', '=', s.unit_id).as('unit_name'),
      eb.selectFrom('users').select('name').where('id', '=', s.assignee_id).as('assignee_name'),
    ])
    .executeTakeFirstOrThrow();

/** Whether an inspector is assigned to the signal's provider, or to (or recorded) the signal's consultation. */
export async function isInspectorOf(db: Executor, userId: string, signalId: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`
    select exists (
             select 1 from signals s join provider_inspectors pi on pi.provider_id = s.provider_id
             where s.id = ${signalId} and pi.user_id = ${userId})
        or exists (
             select 1 from consultations c left join provider_inspectors pi on pi.provider_id = c.provider_id and pi.user_id = ${userId}
             where c.signal_id = ${signalId} and (pi.user_id is not null or c.outcome_by = ${userId})) as ok`.execute(db);
  return rows[0]?.ok === true;
}
