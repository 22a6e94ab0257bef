import { sql } from 'kysely';
import type { Db } from '../db/connection';
import type { Clock } from '../clock';

// A session exists only once there is something to keep. One made without a login (nothing does that today, but
// a flash message or a future feature might) lives briefly; a login extends its own session to a working day.
export const ANONYMOUS_SESSION_MS = 30 * 60_000;
export const LOGIN_SESSION_MS = 8 * 3_600_000;

export function sessionService(db: Db, clock: Clock) {
  /** The store already ignores expired sessions; this removes them, so the table only holds live ones. */
  async function pruneExpired(): Promise<number> {
    // As timestamptz, so the comparison happens in the connection's zone, the one connect-pg-simple wrote in.
    const r = await db
      .deleteFrom('sessions')
      .where('expire', '<', sql<Date>`${clock.now()}::timestamptz`)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
  return { pruneExpired };
}

export type SessionService = ReturnType<typeof sessionService>;
