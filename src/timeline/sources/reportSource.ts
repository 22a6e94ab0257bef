import { sql, type SqlBool } from 'kysely';
import { fill, paths } from '../../web/paths';
import { reportsVisible } from '../visibility';
import { exactAt, inPeriod, keyset, knownBy } from '../keyset';
import type { TimelineSource } from '../types';

const KIND_WORDS: Record<string, string> = { calamiteit: 'calamiteit', geweld: 'geweld' };
const DECISION_WORDS: Record<string, string> = {
  'zelf-onderzoek': 'aanbieder onderzoekt zelf',
  'igj-onderzoek': 'IGJ onderzoekt zelf',
  'geen-actie': 'geen verdere actie',
};

/**
 * Every mandatory report (melding) of the provider, when the event happened. The title names the kind, the reference,
 * a death, lateness and, once taken by asOf, the IGJ's decision: never the summary or description. Shown to those who
 * may open it, as the report pages decide (visibility.reportsVisible).
 */
export const reportSource: TimelineSource = {
  kind: 'report',
  label: 'Melding',
  async page(db, filter, position, limit, reader) {
    const at = sql.ref('r.occurred_at');
    const { where, order } = keyset('report', at, sql.ref('r.id'), position);
    const decidedBy = filter.asOf ? sql<boolean>`(r.decided_at <= ${filter.asOf})` : sql<boolean>`(r.decided_at is not null)`;
    let q = db
      .selectFrom('mandatory_reports as r')
      .select(['r.id', 'r.reference', 'r.kind', 'r.occurred_at', 'r.registered_at', 'r.death', 'r.late', 'r.decision'])
      .select(['r.themes', 'r.location_id', 'r.unit_id', exactAt(at).as('at'), decidedBy.as('decision_known')])
      .where(where)
      .where(inPeriod(at, filter))
      .where(knownBy(sql.ref('r.registered_at'), filter, at))
      .where(await reportsVisible(db, filter.providerId, reader))
      .orderBy(order)
      .limit(limit);
    // The narrowest place alone, so its own index serves the page; it is the provider's (types.ts).
    if (filter.unitId) q = q.where('r.unit_id', '=', filter.unitId);
    else if (filter.locationId) q = q.where('r.location_id', '=', filter.locationId);
    else q = q.where('r.provider_id', '=', filter.providerId);
    if (filter.theme) q = q.where(sql<SqlBool>`${filter.theme} = any(r.themes)`);
    const rows = await q.execute();
    return rows.map((r) => {
      const parts = [`Melding ${KIND_WORDS[r.kind] ?? r.kind} ${r.reference}`];
      if (r.death) parts.push('overlijden');
      if (r.late) parts.push('te laat gemeld');
      if (r.decision && r.decision_known) parts.push(DECISION_WORDS[r.decision] ?? r.decision);
      return {
        kind: 'report',
        id: r.id,
        at: r.at,
        occurredAt: r.occurred_at,
        registeredAt: r.registered_at,
        title: parts.join(' · '),
        themes: r.themes,
        locationId: r.location_id,
        unitId: r.unit_id,
        href: fill(paths.mandatoryReports.show, { id: r.id }),
      };
    });
  },
};
