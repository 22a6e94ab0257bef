import { sql } from 'kysely';
import type { Db } from '../../db/connection';
import type { Clock } from '../../clock';
import { amsterdamDay } from '../../common/time';
import { clampPage, PAGE_SIZE } from '../../web/paging';
import { dueLaterToday, overdue, waitingForContact } from '../search/conditions';
import { breachPage, periodCounts, staffCounts, unreachablePage, type CountsRow } from './reportRepository';

export interface Tally {
  total: number;
  met: number;
  late: number;
  breached: number;
  unreachable: number;
  open: number;
  /** met / (met + late + breached): unreachable and still-open signals are counted apart, never as met. */
  shareWithinNorm: number | null;
}

export const emptyTally = (): Tally => ({ total: 0, met: 0, late: 0, breached: 0, unreachable: 0, open: 0, shareWithinNorm: null });

/** The share within the norm of counts (of a group, or of several added up). */
export function withShare(t: Omit<Tally, 'shareWithinNorm'>): Tally {
  const decided = t.met + t.late + t.breached;
  return { ...t, shareWithinNorm: decided === 0 ? null : Math.round((t.met / decided) * 1000) / 1000 };
}

const tallyOf = (r: CountsRow): Tally =>
  withShare({ total: r.total, met: r.met, late: r.late, breached: r.waiting - r.open, unreachable: r.unreachable, open: r.open });

/** ISO week of a calendar day, as 2026-W47. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  // The ISO week belongs to the year of its Thursday.
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** One page of a list with the length of the whole list. */
export interface ListPage {
  page: number;
  perPage: number;
  total: number;
}

export interface FollowUpFigures {
  from: string;
  to: string;
  youth: Tally;
  others: Tally;
  youngPersonSelf: number;
  /** Signals marked as a duplicate: left out of every count below (their original is counted), only counted here. */
  duplicates: number;
  /** Weeks and months with signals, oldest first. */
  weeks: Array<{ week: string; youth: Tally; others: Tally }>;
  months: Array<{ month: string; youth: Tally; others: Tally }>;
  staff: Array<{ name: string; contacts: number; withinNorm: number; shareWithinNorm: number | null }>;
  now: { overdue: number; dueToday: number };
  /** One page (oldest first) of the signals contacted late or not before their deadline; all of them in breachesPage. */
  breaches: Array<{
    id: string;
    reference: string;
    dueAt: string;
    breachedAt: string | null;
    contactedAt: string | null;
    reason: string | null;
  }>;
  breachesPage: ListPage;
  /** One page (oldest first) of the signals whose reporter could not be reached. */
  unreachable: Array<{ id: string; reference: string; reason: string | null; at: string }>;
  unreachablePage: ListPage;
}

export interface ListRequest {
  breachesPage?: number;
  unreachablePage?: number;
  /** 0: the figures without the lists (their totals still counted). */
  perPage?: number;
}

type Buckets = Map<string, { youth: Tally; others: Tally }>;

/** Rows of one grouping into buckets, both groups in each; a bucket with only duplicates is left out. */
function bucketsOf(rows: CountsRow[], key: (r: CountsRow) => string | null): Buckets {
  const out: Buckets = new Map();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    if (!out.has(k)) out.set(k, { youth: emptyTally(), others: emptyTally() });
    out.get(k)![r.youth ? 'youth' : 'others'] = tallyOf(r);
  }
  return new Map([...out].filter(([, b]) => b.youth.total + b.others.total > 0));
}

/** Follow-up figures for signals received between two Amsterdam calendar days (both included). */
export function followUpReport(db: Db, clock: Clock) {
  return async function figures(from: string, to: string, lists: ListRequest = {}): Promise<FollowUpFigures> {
    const now = clock.now();
    const today = amsterdamDay(now);
    const perPage = lists.perPage ?? PAGE_SIZE;
    // The conditions of the signal list these figures link to (?due=overdue, ?due=today): a figure and its list agree.
    const current = db
      .selectFrom('signals as s')
      .select([
        sql<number>`count(*) filter (where ${overdue(now)})::int`.as('overdue'),
        sql<number>`count(*) filter (where ${dueLaterToday(now, today)})::int`.as('dueToday'),
      ])
      .where(waitingForContact())
      .executeTakeFirstOrThrow();
    const [rows, staff, nowCounts] = await Promise.all([periodCounts(db, from, to, now), staffCounts(db, from, to), current]);
    const period = rows.filter((r) => r.week === null && r.month === null);
    const group = (youth: boolean) => period.find((r) => r.youth === youth);
    const [youthRow, othersRow] = [group(true), group(false)];
    const youth = youthRow ? tallyOf(youthRow) : emptyTally();
    const others = othersRow ? tallyOf(othersRow) : emptyTally();
    const breachesTotal = youth.late + youth.breached + others.late + others.breached;
    const unreachableTotal = youth.unreachable + others.unreachable;
    const bp = perPage ? clampPage(lists.breachesPage ?? 1, breachesTotal, perPage) : 1;
    const up = perPage ? clampPage(lists.unreachablePage ?? 1, unreachableTotal, perPage) : 1;
    const [breaches, unreachable] = await Promise.all([
      breachesTotal && perPage ? breachPage(db, from, to, now, perPage, (bp - 1) * perPage) : [],
      unreachableTotal && perPage ? unreachablePage(db, from, to, perPage, (up - 1) * perPage) : [],
    ]);
    const sum = (k: 'duplicates' | 'youngPersonSelf') => period.reduce((n, r) => n + r[k], 0);
    return {
      from,
      to,
      youth,
      others,
      youngPersonSelf: sum('youngPersonSelf'),
      duplicates: sum('duplicates'),
      weeks: [...bucketsOf(rows, (r) => r.week)].map(([week, t]) => ({ week, ...t })),
      months: [...bucketsOf(rows, (r) => r.month)].map(([month, t]) => ({ month, ...t })),
      staff: staff
        .sort((a, b) => a.name.localeCompare(b.name, 'nl'))
        .map((s) => ({ ...s, shareWithinNorm: Math.round((s.withinNorm / s.contacts) * 1000) / 1000 })),
      now: { overdue: nowCounts.overdue, dueToday: nowCounts.dueToday },
      breaches: breaches.map((r) => ({
        id: r.id,
        reference: r.reference,
        dueAt: r.due_at.toISOString(),
        breachedAt: r.breached_at?.toISOString() ?? null,
        contactedAt: r.contacted_at?.toISOString() ?? null,
        reason: r.breach_reason,
      })),
      breachesPage: { page: bp, perPage, total: breachesTotal },
      unreachable: unreachable.map((r) => ({
        id: r.id,
        reference: r.reference,
        reason: r.unreachable_reason,
        at: r.unreachable_at.toISOString(),
      })),
      unreachablePage: { page: up, perPage, total: unreachableTotal },
    };
  };
}

export type FollowUpReport = ReturnType<typeof followUpReport>;
