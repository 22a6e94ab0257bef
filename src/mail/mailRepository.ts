import type { Executor } from '../db/connection';
import type { MailRow } from '../db/database';

export const insert = (
  db: Executor,
  v: { recipient: string; subject: string; html: string; text: string; template: string; status: string; created_at: Date },
) => db.insertInto('mail_outbox').values(v).returning('id').executeTakeFirstOrThrow();

export const findById = (db: Executor, id: string): Promise<MailRow | undefined> =>
  db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();

export const list = (db: Executor, limit: number, status?: string): Promise<MailRow[]> => {
  const q = db.selectFrom('mail_outbox').selectAll();
  return (status ? q.where('status', '=', status) : q).orderBy('created_at', 'desc').limit(limit).execute();
};

export const markDone = (db: Executor, id: string, status: 'sent' | 'stored', at: Date) =>
  db
    .updateTable('mail_outbox')
    .set((eb) => ({ status, sent_at: at, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .execute();

export const markAttemptFailed = (db: Executor, id: string, error: string, final: boolean) =>
  db
    .updateTable('mail_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, status: final ? 'failed' : 'queued' }))
    .where('id', '=', id)
    .execute();

export const queuedBefore = (db: Executor, before: Date): Promise<Array<{ id: string }>> =>
  db.selectFrom('mail_outbox').select('id').where('status', '=', 'queued').where('created_at', '<', before).limit(500).execute();
