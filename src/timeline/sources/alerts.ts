import { sql, type SqlBool } from 'kysely';
import { fill, paths } from '../../web/paths';
import { exactAt, inPeriod, keyset, knownBy } from '../keyset';
import type { TimelineSource } from '../types';
import { decisionLabel, ruleLabel } from '../../patterns/views';

/**
 * Every alert (waarschuwing) of pattern detection about the provider, when it was raised. The title names the rule,
 * the theme and, once taken by asOf, the decision: never the explanation's references or anything a reporter wrote.
 * Alerts carry no personal data, so every reader of the timeline sees them (the alert pages are for inspectors and
 * managers). A provider-wide alert (a rise over all its groups) shows only when no location or group is chosen.
 */
export const alertSource: TimelineSource = {
  kind: 'alert',
  label: 'Waarschuwing',
  async page(db, filter, position, limit) {
    const at = sql.ref('a.created_at');
    const { where, order } = keyset('alert', at, sql.ref('a.id'), position);
    const decidedBy = filter.asOf ? sql<boolean>`(a.decided_at <= ${filter.asOf})` : sql<boolean>`(a.decided_at is not null)`;
    let q = db
      .selectFrom('pattern_alerts as a')
      .leftJoin('themes as t', 't.code', 'a.theme')
      .select(['a.id', 'a.rule', 'a.theme', 'a.created_at', 'a.decision', 'a.location_id', 'a.unit_id', 't.label as theme_label'])
      .select([exactAt(at).as('at'), decidedBy.as('decision_known')])
      .where('a.provider_id', '=', filter.providerId)
      .where(where)
      .where(inPeriod(at, filter))
      .where(knownBy(at, filter))
      .orderBy(order)
      .limit(limit);
    if (filter.unitId) q = q.where('a.unit_id', '=', filter.unitId);
    else if (filter.locationId) q = q.where('a.location_id', '=', filter.locationId);
    if (filter.theme) q = q.where(sql<SqlBool>`a.theme = ${filter.theme}`);
    const rows = await q.execute();
    return rows.map((r) => {
      const parts = [`Waarschuwing: ${ruleLabel(r.rule)}`];
      if (r.theme_label) parts.push(`thema ${r.theme_label}`);
      parts.push(r.decision && r.decision_known ? `besluit: ${decisionLabel(r.decision).toLowerCase()}` : 'open');
      return {
        kind: 'alert',
        id: r.id,
        at: r.at,
        occurredAt: r.created_at,
        registeredAt: r.created_at,
        title: parts.join(' · '),
        themes: r.theme ? [r.theme] : [],
        locationId: r.location_id,
        unitId: r.unit_id,
        href: fill(paths.patterns.show, { id: r.id }),
      };
    });
  },
};
