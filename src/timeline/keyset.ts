import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { FUTURE_TOLERANCE_MS } from '../common/limits';
import type { TimelineCursor, TimelineFilter, TimelineItem, TimelinePosition } from './types';

// What every source needs to page by keyset in the timeline's one order: (at desc, kind desc, id desc).

type Ref = RawBuilder<unknown>;
type Condition = RawBuilder<SqlBool>;

/** A timestamptz column as the exact instant the cursor carries: ISO-8601 UTC with microseconds (sorts as text). */
export const exactAt = (at: Ref): RawBuilder<string> => sql<string>`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const uuidOf = (id: string): string => id.split(':')[0] ?? id;

/**
 * The keyset condition and order for a source of `kind` whose instant and id columns are `at` and `id` (a uuid).
 * Against a cursor of another kind only the instant decides (a later kind sorts first at the same instant); against its
 * own kind the id breaks the tie. Written with a plain range on `at` first, so an index on (…, at, id) bounds the scan.
 */
export function keyset(
  kind: string,
  at: Ref,
  id: Ref,
  position: TimelinePosition | null,
): { where: Condition; order: RawBuilder<unknown> } {
  if (!position) return { where: sql<SqlBool>`true`, order: sql`${at} desc, ${id} desc` };
  const { cursor, direction } = position;
  const cAt = sql`${cursor.at}::timestamptz`;
  if (direction === 'older') {
    const where =
      kind < cursor.kind
        ? sql<SqlBool>`${at} <= ${cAt}`
        : kind > cursor.kind
          ? sql<SqlBool>`${at} < ${cAt}`
          : sql<SqlBool>`(${at} <= ${cAt} and (${at} < ${cAt} or ${id} < ${uuidOf(cursor.id)}::uuid))`;
    return { where, order: sql`${at} desc, ${id} desc` };
  }
  const where =
    kind < cursor.kind
      ? sql<SqlBool>`${at} > ${cAt}`
      : kind > cursor.kind
        ? sql<SqlBool>`${at} >= ${cAt}`
        : sql<SqlBool>`(${at} >= ${cAt} and (${at} > ${cAt} or ${id} > ${uuidOf(cursor.id)}::uuid))`;
  return { where, order: sql`${at} asc, ${id} asc` };
}

/** The filter's period on the item's instant: from inclusive, to exclusive. */
export function inPeriod(at: Ref, filter: TimelineFilter): Condition {
  const parts: Condition[] = [];
  if (filter.from) parts.push(sql<SqlBool>`${at} >= ${filter.from}`);
  if (filter.to) parts.push(sql<SqlBool>`${at} < ${filter.to}`);
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : sql<SqlBool>`true`;
}

/**
 * Registered by the filter's asOf (everything when there is none). Nothing is registered before it happened (a moment
 * of receipt or of an event is refused when it lies further ahead than FUTURE_TOLERANCE_MS), so `at` is bounded too:
 * the keyset index then starts near asOf instead of passing everything registered since.
 */
export const knownBy = (registeredAt: Ref, filter: TimelineFilter, at?: Ref): Condition => {
  if (!filter.asOf) return sql<SqlBool>`true`;
  const known = sql<SqlBool>`${registeredAt} <= ${filter.asOf}`;
  return at ? sql<SqlBool>`(${known} and ${at} <= ${new Date(filter.asOf.getTime() + FUTURE_TOLERANCE_MS)})` : known;
};

// The same order in JavaScript, for merging the sources' pages and for sources that build items in code.

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Negative when `a` comes first in the timeline (is newer). */
export const compareItems = (a: Pick<TimelineItem, 'at' | 'kind' | 'id'>, b: Pick<TimelineItem, 'at' | 'kind' | 'id'>): number =>
  cmp(b.at, a.at) || cmp(b.kind, a.kind) || cmp(b.id, a.id);

/** Whether an item lies beyond the position in its direction (the JavaScript twin of keyset()). */
export function isBeyond(item: Pick<TimelineItem, 'at' | 'kind' | 'id'>, position: TimelinePosition | null): boolean {
  if (!position) return true;
  const c = compareItems(item, position.cursor);
  return position.direction === 'older' ? c > 0 : c < 0;
}

export const cursorOf = (item: Pick<TimelineItem, 'at' | 'kind' | 'id'>): TimelineCursor => ({ at: item.at, kind: item.kind, id: item.id });
