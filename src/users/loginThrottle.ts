import { sql } from 'kysely';
import type { Executor } from '../db/connection';

export interface ThrottleRule {
  /** Failures in a row before the first wait. */
  free: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

/** One client address guessing at one account: five tries, then 30 s, doubling per further failure up to 15 min. */
const PER_ADDRESS: ThrottleRule = { free: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60 };
/**
 * The account over all addresses: high enough that one attacker (held back by the rule above) cannot make the owner
 * wait, low enough that guessing from many addresses at once still runs into it.
 */
const PER_ACCOUNT: ThrottleRule = { free: 25, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60 };
/** A count with no failure for this long starts again, so a slow trickle never adds up to a wait. */
const FORGET_AFTER = sql`interval '24 hours'`;
const ACCOUNT = '*';

/** An IPv6 client controls a whole /64, so that is one address here; IPv4 (also IPv4-mapped) as it is. */
function sourceOf(ip: string | undefined): string {
  if (!ip) return 'onbekend';
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1]!;
  const [head] = ip.split('::');
  const groups = (head ?? '').split(':').filter(Boolean);
  return groups.length >= 4 ? `${groups.slice(0, 4).join(':')}::/64` : ip;
}

export interface Reserved {
  failures: number;
  /** Set when this attempt, should it fail, starts a wait. */
  waitUntil: Date | null;
}

/**
 * Counts one attempt as failed before its password is checked, in one statement: parallel attempts queue on the row
 * (or on the insert of a new one), each seeing what the one before left. Nothing comes back while the bucket waits.
 */
async function reserveIn(db: Executor, userId: string, source: string, now: Date, rule: ThrottleRule): Promise<Reserved | undefined> {
  const wait = (failures: ReturnType<typeof sql>) =>
    sql`case when ${failures} >= ${rule.free}::int
      then ${now}::timestamptz + least(${rule.firstDelaySeconds}::int * power(2, least(${failures} - ${rule.free}::int, 16)), ${rule.maxDelaySeconds}::int) * interval '1 second'
    end`;
  const next = sql`case when login_throttle.last_failure_at < ${now}::timestamptz - ${FORGET_AFTER} then 1 else login_throttle.failures + 1 end`;
  const r = await sql<{ failures: number; wait_until: Date | null }>`
    insert into login_throttle (user_id, source, failures, last_failure_at, wait_until)
    values (${userId}, ${source}, 1, ${now}, ${wait(sql`1`)})
    on conflict (user_id, source) do update
      set failures = ${next}, last_failure_at = ${now}, wait_until = ${wait(next)}
      where login_throttle.wait_until is null or login_throttle.wait_until <= ${now}
    returning failures, wait_until`.execute(db);
  const row = r.rows[0];
  return row && { failures: row.failures, waitUntil: row.wait_until };
}

/** Reserves an attempt from this address and for the account; undefined when either waits (no password is checked). */
export async function reserve(db: Executor, userId: string, ip: string | undefined, now: Date): Promise<Reserved | undefined> {
  const address = await reserveIn(db, userId, sourceOf(ip), now, PER_ADDRESS);
  if (!address) return undefined;
  const account = await reserveIn(db, userId, ACCOUNT, now, PER_ACCOUNT);
  if (!account) return undefined;
  const waits = [address.waitUntil, account.waitUntil].filter((d): d is Date => d !== null);
  return { failures: address.failures, waitUntil: waits.length ? new Date(Math.max(...waits.map((d) => d.getTime()))) : null };
}

/** A right password from this address: its count and the account's start over (other addresses' do not). */
export async function clear(db: Executor, userId: string, ip: string | undefined): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('user_id', '=', userId)
    .where('source', 'in', [sourceOf(ip), ACCOUNT])
    .execute();
}

/** A password reset by a beheerder ends every wait on the account. */
export async function clearAll(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('user_id', '=', userId).execute();
}
