import { sql } from 'kysely';
import type { Db } from '../../src/db/connection';
import type { Clock } from '../../src/clock';
import { amsterdamDay } from '../../src/common/time';
import { followUpStatus, isYoungPerson, type FollowUpStatus } from '../../src/signals/types';
import { dueLaterToday, overdue, waitingForContact } from '../../src/signals/search/conditions';
import { isoWeek, type Tally } from '../../src/signals/reporting/followUpReport';

// The follow-up report's computation before issue 9, kept word for word (only its names changed) so tests can prove
// the figures from SQL are the same figures: same shares, same counts, same lists.

const empty = (): Tally => ({ total: 0, met: 0, late: 0, breached: 0, unreachable: 0, open: 0, shareWithinNorm: null });

function add(t: Tally, status: FollowUpStatus): void {
  t.total++;
  t[status]++;
}

function finish(t: Tally): Tally {
  const decided = t.met + t.late + t.breached;
  return { ...t, shareWithinNorm: decided === 0 ? null : Math.round((t.met / decided) * 1000) / 1000 };
}

export interface OldFigures {
  from: string;
  to: string;
  youth: Tally;
  others: Tally;
  youngPersonSelf: number;
  /** Signals marked as a duplicate: left out of every count below (their original is counted), only counted here. */
  duplicates: number;
  weeks: Array<{ week: string; youth: Tally; others: Tally }>;
  months: Array<{ month: string; youth: Tally; others: Tally }>;
  staff: Array<{ name: string; contacts: number; withinNorm: number; shareWithinNorm: number | null }>;
  now: { overdue: number; dueToday: number };
  breaches: Array<{
    id: string;
    reference: string;
    dueAt: string;
    breachedAt: string | null;
    contactedAt: string | null;
    reason: string | null;
  }>;
  unreachable: Array<{ id: string; reference: string; reason: string | null; at: string }>;
}

/** The report as it was computed before issue 9: every signal of the period loaded and grouped in Node. */
export function oldFollowUpReport(db: Db, clock: Clock) {
  return async function figures(from: string, to: string): Promise<OldFigures> {
    const now = clock.now();
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000);
    // A day's margin either side of the UTC window; the Amsterdam day of each row decides.
    const rows = await db
      .selectFrom('signals as s')
      .leftJoin('users as u', 'u.id', 's.contacted_by')
      .select([
        's.id',
        's.reference',
        's.received_at',
        's.reporter_type',
        's.young_person_self',
        's.due_at',
        's.contacted_at',
        's.unreachable_at',
        's.unreachable_reason',
        's.breached_at',
        's.breach_reason',
        's.duplicate_of',
        'u.name as contacted_by_name',
      ])
      .where('s.received_at', '>=', new Date(start.getTime() - 86_400_000))
      .where('s.received_at', '<', new Date(end.getTime() + 86_400_000))
      .orderBy('s.received_at')
      .execute();
    const youth = empty();
    const others = empty();
    const weeks = new Map<string, { youth: Tally; others: Tally }>();
    const months = new Map<string, { youth: Tally; others: Tally }>();
    const staff = new Map<string, { contacts: number; withinNorm: number }>();
    let youngPersonSelf = 0;
    let duplicates = 0;
    const breaches: OldFigures['breaches'] = [];
    const unreachable: OldFigures['unreachable'] = [];
    for (const r of rows) {
      const day = amsterdamDay(r.received_at);
      if (day < from || day > to) continue;
      // A young person who wrote in again still sought contact; the case is counted once, through its original.
      if (r.young_person_self) youngPersonSelf++;
      if (r.duplicate_of) {
        duplicates++;
        continue;
      }
      const status = followUpStatus({ dueAt: r.due_at, contactedAt: r.contacted_at, unreachableAt: r.unreachable_at }, now);
      const group = isYoungPerson(r.reporter_type) ? 'youth' : 'others';
      add(group === 'youth' ? youth : others, status);
      for (const [map, key] of [
        [weeks, isoWeek(day)],
        [months, day.slice(0, 7)],
      ] as const) {
        if (!map.has(key)) map.set(key, { youth: empty(), others: empty() });
        add(map.get(key)![group], status);
      }
      if (r.contacted_at && r.contacted_by_name) {
        const s = staff.get(r.contacted_by_name) ?? { contacts: 0, withinNorm: 0 };
        s.contacts++;
        if (status === 'met') s.withinNorm++;
        staff.set(r.contacted_by_name, s);
      }
      if (status === 'breached' || status === 'late')
        breaches.push({
          id: r.id,
          reference: r.reference,
          dueAt: r.due_at.toISOString(),
          breachedAt: r.breached_at?.toISOString() ?? null,
          contactedAt: r.contacted_at?.toISOString() ?? null,
          reason: r.breach_reason,
        });
      if (status === 'unreachable')
        unreachable.push({ id: r.id, reference: r.reference, reason: r.unreachable_reason, at: r.unreachable_at!.toISOString() });
    }
    const today = amsterdamDay(now);
    // The conditions of the signal list these figures link to (?due=overdue, ?due=today): a figure and its list agree.
    const current = await db
      .selectFrom('signals as s')
      .select([
        sql<number>`count(*) filter (where ${overdue(now)})::int`.as('overdue'),
        sql<number>`count(*) filter (where ${dueLaterToday(now, today)})::int`.as('dueToday'),
      ])
      .where(waitingForContact())
      .executeTakeFirstOrThrow();
    return {
      from,
      to,
      youth: finish(youth),
      others: finish(others),
      youngPersonSelf,
      duplicates,
      weeks: [...weeks].map(([week, t]) => ({ week, youth: finish(t.youth), others: finish(t.others) })),
      months: [...months].map(([month, t]) => ({ month, youth: finish(t.youth), others: finish(t.others) })),
      staff: [...staff]
        .sort(([a], [b]) => a.localeCompare(b, 'nl'))
        .map(([name, s]) => ({ name, ...s, shareWithinNorm: Math.round((s.withinNorm / s.contacts) * 1000) / 1000 })),
      now: { overdue: current.overdue, dueToday: current.dueToday },
      breaches,
      unreachable,
    };
  };
}
