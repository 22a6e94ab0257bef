import { sql, type SqlBool } from 'kysely';
import { fill, paths } from '../../web/paths';
import { signalsVisible } from '../visibility';
import { CHANNELS, REPORTER_TYPES } from '../../signals/types';
import { exactAt, inPeriod, keyset, knownBy } from '../keyset';
import type { TimelineSource } from '../types';

const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const labelOf = (labels: Record<string, string>, code: string): string => lower(labels[code] ?? code);

/**
 * Every signal about the provider, when it was received. The title names the reference, who reported (the kind of
 * reporter, never the person) and the channel: never the summary or description. Inspectors see the signals they may
 * open (conditions.visibleIn, the rule of signalReader.canRead); the themes are the assessment's, once assessed by asOf.
 */
export const signalSource: TimelineSource = {
  kind: 'signal',
  label: 'Signaal',
  async page(db, filter, position, limit, reader) {
    const at = sql.ref('s.received_at');
    const { where, order } = keyset('signal', at, sql.ref('s.id'), position);
    const assessedBy = filter.asOf ? sql<SqlBool>`a.assessed_at <= ${filter.asOf}` : sql<SqlBool>`true`;
    let q = db
      .selectFrom('signals as s')
      .leftJoin('signal_assessments as a', (j) => j.onRef('a.signal_id', '=', 's.id').on(assessedBy))
      .select([
        's.id',
        's.reference',
        's.channel',
        's.reporter_type',
        's.received_at',
        's.registered_at',
        's.location_id',
        's.unit_id',
        'a.themes',
      ])
      .select(exactAt(at).as('at'))
      .where(where)
      .where(inPeriod(at, filter))
      .where(knownBy(sql.ref('s.registered_at'), filter, at))
      .where(await signalsVisible(db, filter.providerId, reader))
      .orderBy(order)
      .limit(limit);
    // The narrowest place alone, so its own index (…, received_at, id) serves the page; it is the provider's (types.ts).
    if (filter.unitId) q = q.where('s.unit_id', '=', filter.unitId);
    else if (filter.locationId) q = q.where('s.location_id', '=', filter.locationId);
    else q = q.where('s.provider_id', '=', filter.providerId);
    if (filter.theme) q = q.where(sql<SqlBool>`${filter.theme} = any(a.themes)`);
    const rows = await q.execute();
    return rows.map((r) => ({
      kind: 'signal',
      id: r.id,
      at: r.at,
      occurredAt: r.received_at,
      registeredAt: r.registered_at,
      title: `Signaal ${r.reference} · ${labelOf(REPORTER_TYPES, r.reporter_type)} · ${labelOf(CHANNELS, r.channel)}`,
      themes: r.themes ?? [],
      locationId: r.location_id,
      unitId: r.unit_id,
      href: fill(paths.signals.show, { id: r.id }),
    }));
  },
};
