import { sql, type RawBuilder } from 'kysely';
import { fill, paths } from '../../web/paths';
import { STATUS_KINDS } from '../../providers/types';
import { TIME_ZONE } from '../../common/time';
import { compareItems, exactAt, isBeyond } from '../keyset';
import type { TimelineItem, TimelineSource } from '../types';

const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Verscherpt toezicht and opnamestop: the start, and the end once one is recorded, each an item at the start of its
 * Amsterdam day (the end on the day after the last day). They concern the provider as a whole: no place, no theme, and
 * published, so every reader sees them. A provider has a handful, so they are read whole and paged in code.
 * "As known on asOf": the start once the status was registered, the end once the end was (ends_recorded_at).
 */
export const statusSource: TimelineSource = {
  kind: 'status',
  label: 'Maatregel',
  async page(db, filter, position, limit) {
    if (filter.locationId || filter.unitId || filter.theme) return [];
    const startOf = (day: RawBuilder<unknown>) => exactAt(sql`((${day})::timestamp at time zone ${TIME_ZONE})`);
    const rows = await db
      .selectFrom('provider_statuses')
      .select(['id', 'kind', 'starts_on', 'ends_on', 'created_at', 'ends_recorded_at'])
      .select([startOf(sql.ref('starts_on')).as('start_at'), startOf(sql`ends_on + 1`).as('end_at')])
      .where('provider_id', '=', filter.providerId)
      .execute();
    const href = fill(paths.providers.show, { id: filter.providerId });
    const items: TimelineItem[] = [];
    for (const r of rows) {
      const label = STATUS_KINDS[r.kind as keyof typeof STATUS_KINDS] ?? r.kind;
      const base = { kind: 'status', themes: [], locationId: null, unitId: null, href };
      items.push({
        ...base,
        id: `${r.id}:start`,
        at: r.start_at,
        occurredAt: new Date(r.start_at),
        registeredAt: r.created_at,
        title: `Begin ${lower(label)}`,
      });
      if (r.ends_on && r.end_at) {
        const registeredAt = r.ends_recorded_at ?? r.created_at;
        items.push({
          ...base,
          id: `${r.id}:end`,
          at: r.end_at,
          occurredAt: new Date(r.end_at),
          registeredAt,
          title: `Einde ${lower(label)} (laatste dag ${r.ends_on.split('-').reverse().join('-')})`,
        });
      }
    }
    return items
      .filter((i) => isBeyond(i, position))
      .filter((i) => (!filter.from || i.occurredAt >= filter.from) && (!filter.to || i.occurredAt < filter.to))
      .filter((i) => !filter.asOf || i.registeredAt <= filter.asOf)
      .sort((a, b) => (position?.direction === 'newer' ? -compareItems(a, b) : compareItems(a, b)))
      .slice(0, limit);
  },
};
