import { sql, type SqlBool } from 'kysely';
import { fill, paths } from '../../web/paths';
import { signalsVisible } from '../visibility';
import { exactAt, inPeriod, keyset, knownBy } from '../keyset';
import type { TimelineSource } from '../types';

/**
 * The consultation with the provider's inspectors that every JeugdzorgPlus signal gets, when it was opened. Its outcome
 * is free text and stays on the signal's page: the title says only whether it was recorded, and only once it was by
 * asOf. Readable like its signal (the same rule), with the signal's place and, once assessed by asOf, its themes.
 */
export const consultationSource: TimelineSource = {
  kind: 'consultation',
  label: 'Afstemming',
  async page(db, filter, position, limit, reader) {
    const at = sql.ref('c.created_at');
    const { where, order } = keyset('consultation', at, sql.ref('c.id'), position);
    const assessedBy = filter.asOf ? sql<SqlBool>`a.assessed_at <= ${filter.asOf}` : sql<SqlBool>`true`;
    const outcomeKnown = filter.asOf
      ? sql<boolean>`(c.outcome_at is not null and c.outcome_at <= ${filter.asOf})`
      : sql<boolean>`(c.outcome_at is not null)`;
    let q = db
      .selectFrom('consultations as c')
      .innerJoin('signals as s', 's.id', 'c.signal_id')
      .leftJoin('signal_assessments as a', (j) => j.onRef('a.signal_id', '=', 's.id').on(assessedBy))
      .select(['c.id', 'c.signal_id', 'c.created_at', 's.reference', 's.location_id', 's.unit_id', 'a.themes'])
      .select([exactAt(at).as('at'), outcomeKnown.as('outcome_known')])
      .where('c.provider_id', '=', filter.providerId)
      .where(where)
      .where(inPeriod(at, filter))
      .where(knownBy(at, filter))
      .where(await signalsVisible(db, filter.providerId, reader))
      .orderBy(order)
      .limit(limit);
    // The place is the signal's. Asked per consultation (a subquery the planner keeps as it is) rather than on the join,
    // which the planner would answer by reading every signal of the place and sorting: this way it walks the
    // provider's consultations newest first and stops after a page.
    if (filter.unitId) q = q.where(sql<SqlBool>`(select p.unit_id from signals p where p.id = c.signal_id) = ${filter.unitId}`);
    else if (filter.locationId)
      q = q.where(sql<SqlBool>`(select p.location_id from signals p where p.id = c.signal_id) = ${filter.locationId}`);
    if (filter.theme) q = q.where(sql<SqlBool>`${filter.theme} = any(a.themes)`);
    const rows = await q.execute();
    return rows.map((r) => ({
      kind: 'consultation',
      id: r.id,
      at: r.at,
      occurredAt: r.created_at,
      registeredAt: r.created_at,
      title: `Afstemming JeugdzorgPlus over ${r.reference} · ${r.outcome_known ? 'uitkomst vastgelegd' : 'open'}`,
      themes: r.themes ?? [],
      locationId: r.location_id,
      unitId: r.unit_id,
      href: fill(paths.signals.show, { id: r.signal_id }),
    }));
  },
};
