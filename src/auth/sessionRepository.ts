import { sql } from 'kysely';
import type { Executor } from '../db/connection';

/**
 * Ends every session of one user. Sessions are rows of connect-pg-simple's `sessions` table; Passport keeps the
 * user id at sess.passport.user. Returns how many ended.
 */
export async function endSessionsOf(db: Executor, userId: string): Promise<number> {
  const r = await sql`delete from sessions where sess -> 'passport' ->> 'user' = ${userId}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
