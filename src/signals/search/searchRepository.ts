import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection';
import { clampPage } from '../../web/paging';
import { asReference, asReferenceNumber, likePatterns, type SignalFilter } from './searchFilter';
import { dueLaterToday, newMessage, nextDay, openWork, overdue, startOfDay, urgent, visibleIn, type Scope } from './conditions';

export interface SearchRow {
  id: string;
  reference: string;
  received_at: Date;
  status: string;
  reporter_type: string;
  channel: string;
  due_at: Date;
  contacted_at: Date | null;
  unreachable_at: Date | null;
  provider_text: string | null;
  provider_name: string | null;
  location_name: string | null;
  unit_name: string | null;
  assignee_name: string | null;
  urgent_at: Date | null;
  reporter_message_at: Date | null;
  duplicate_of: string | null;
  concerns_closed_care: boolean;
}

// Every sort ends on the reference, so a page never shows a row twice or skips one when values tie.
const ORDER: Record<SignalFilter['sort'], string> = {
  received: 's.received_at',
  reference: 's.reference',
  due: 's.due_at',
  provider: 's.provider_sort',
  status: 's.status',
};

// A word matches a signal through its own text or through the provider, location or group it is about. The places
// are looked up once in their small tables (each `array(select …)` runs once per query), so on the signals table every
// branch is an index lookup: the trigram indexes for the text, the provider, location and unit indexes for the rest.
function mentions(like: string) {
  return sql<SqlBool>`(s.summary ilike ${like}
    or s.provider_text ilike ${like}
    or s.provider_id = any(array(select id from providers where name ilike ${like}))
    or s.location_id = any(array(select id from locations where name ilike ${like} or municipality ilike ${like}))
    or s.unit_id = any(array(select id from units where name ilike ${like}))
    or (s.location_id is null and s.provider_id = any(array(
      select provider_id from locations where name ilike ${like} or municipality ilike ${like}))))`;
}

/**
 * A word too short for the trigram index ("2" in "Locatie 2") only narrows what the other words found: as one text
 * that no index answers, PostgreSQL tests it on those rows alone instead of reading every signal for it. Its fields
 * are joined with a line break, which no typed word contains, so a match never spans two of them.
 */
function alsoMentions(like: string) {
  return sql<SqlBool>`(concat_ws(E'\n', s.summary, s.provider_text, p.name, l.name, l.municipality, u.name) ilike ${like})`;
}

/** The signals matching the filter within what the user may read (a query to count or to page). */
export function matching(db: Executor, f: SignalFilter, scope: Scope, now: Date, today: string) {
  let q = db
    .selectFrom('signals as s')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .leftJoin('locations as l', 'l.id', 's.location_id')
    .leftJoin('units as u', 'u.id', 's.unit_id')
    .where(visibleIn(scope));
  const reference = asReference(f.q);
  const numbered = asReferenceNumber(f.q, now.getUTCFullYear() + 1);
  if (reference) q = q.where('s.reference', '=', reference);
  else if (numbered.length > 0) q = q.where('s.reference', 'in', numbered);
  else {
    for (const w of likePatterns(f.q)) q = q.where(w.indexed ? mentions(w.like) : alsoMentions(w.like));
  }
  if (f.status === 'open') q = q.where(openWork());
  else if (f.status) q = q.where('s.status', '=', f.status);
  if (f.provider) q = q.where('s.provider_id', '=', f.provider);
  if (f.reporterType) q = q.where('s.reporter_type', '=', f.reporterType);
  if (f.channel) q = q.where('s.channel', '=', f.channel);
  if (f.from) q = q.where('s.received_at', '>=', startOfDay(f.from));
  if (f.to) q = q.where('s.received_at', '<', startOfDay(nextDay(f.to)));
  if (f.assignee === 'niemand') q = q.where('s.assignee_id', 'is', null);
  else if (f.assignee) q = q.where('s.assignee_id', '=', f.assignee);
  if (f.urgent) q = q.where(urgent());
  if (f.newMessage) q = q.where(newMessage());
  if (f.due === 'overdue') q = q.where(overdue(now));
  if (f.due === 'today') q = q.where(dueLaterToday(now, today));
  return q;
}

/** One page of the matching signals, in the filter's order. */
export function pageOf(q: ReturnType<typeof matching>, f: SignalFilter, page: { offset: number; limit: number }) {
  const dir = sql.raw(f.dir === 'asc' ? 'asc' : 'desc');
  return (
    q
      .leftJoin('users as a', 'a.id', 's.assignee_id')
      .select([
        's.id',
        's.reference',
        's.received_at',
        's.status',
        's.reporter_type',
        's.channel',
        's.due_at',
        's.contacted_at',
        's.unreachable_at',
        's.provider_text',
        'p.name as provider_name',
        'l.name as location_name',
        'u.name as unit_name',
        'a.name as assignee_name',
        's.urgent_at',
        's.reporter_message_at',
        's.duplicate_of',
        's.concerns_closed_care',
      ])
      // Only the provider's name can be missing; on the other columns "nulls last" would keep the planner from walking
      // their index and make it sort every signal instead (770 ms on a million).
      .orderBy(sql`${sql.raw(ORDER[f.sort] ?? ORDER.received)} ${dir}${sql.raw(f.sort === 'provider' ? ' nulls last' : '')}`)
      .orderBy(sql`s.reference ${dir}`)
      .offset(page.offset)
      .limit(page.limit)
  );
}

/**
 * Signals matching the filter within what the user may read: one page of them, and how many there are in all. The
 * first page is read beside the count; a later one only after it, clamped to the last page, so a page number far past
 * the end never makes PostgreSQL skip a million rows to find nothing.
 */
export async function search(
  db: Executor,
  f: SignalFilter,
  scope: Scope,
  now: Date,
  today: string,
  size: number,
): Promise<{ total: number; page: number; rows: SearchRow[] }> {
  const q = matching(db, f, scope, now, today);
  const count = async () => Number((await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const at = (page: number) => ({ offset: (page - 1) * size, limit: size });
  if (f.page === 1) {
    const [total, rows] = await Promise.all([count(), pageOf(q, f, at(1)).execute()]);
    return { total, page: 1, rows: rows };
  }
  const total = await count();
  const page = clampPage(f.page, total, size);
  return { total, page, rows: await pageOf(q, f, at(page)).execute() };
}
