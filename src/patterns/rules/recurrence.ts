import { sql } from 'kysely';
import type { Finding, ItemRef, Place } from '../types';
import { placeNames, placePhrase } from '../places';
import { dutchCount } from '../statistics';
import { formatDateTime } from '../../web/format';
import { DAY_MS, themeLabels, type RuleContext } from './context';

/**
 * Recurrence: a theme returns (a signal assessed with it, or a mandatory report naming it) about the place of an
 * improvement trajectory on that theme, after the trajectory was closed and within `windowDays` of closing. The
 * trajectory's place decides how close the items must be: its group, its location, or anywhere at the provider.
 * A theme under an open trajectory at that place again is being worked on already: no alert. Duplicates do not count
 * (the same matter as their original).
 */
const placeOf = (r: { provider_id: string; location_id: string | null; unit_id: string | null }): Place => ({
  providerId: r.provider_id,
  locationId: r.location_id,
  unitId: r.unit_id,
});

export const recurrence = {
  /** The places of closed trajectories that cover the item's place. */
  async placesOf(ctx: RuleContext, p: Place): Promise<Place[]> {
    const since = new Date(ctx.now.getTime() - ctx.settings.recurrence.windowDays * DAY_MS);
    const rows = await ctx.db
      .selectFrom('improvement_trajectories as t')
      .select(['t.provider_id', 't.location_id', 't.unit_id'])
      .distinct()
      .where('t.provider_id', '=', p.providerId)
      .where('t.closed_at', '>', since)
      .where((eb) =>
        p.locationId ? eb.or([eb('t.location_id', 'is', null), eb('t.location_id', '=', p.locationId)]) : eb('t.location_id', 'is', null),
      )
      .where((eb) => (p.unitId ? eb.or([eb('t.unit_id', 'is', null), eb('t.unit_id', '=', p.unitId)]) : eb('t.unit_id', 'is', null)))
      .execute();
    return rows.map(placeOf);
  },

  async evaluateOne(ctx: RuleContext, place: Place): Promise<Finding[]> {
    const { windowDays, minItems } = ctx.settings.recurrence;
    const since = new Date(ctx.now.getTime() - windowDays * DAY_MS);
    const { rows: closings } = await sql<{ theme: string; closed_at: Date }>`
      select theme, max(t.closed_at) as closed_at
        from improvement_trajectories t, unnest(t.themes) as theme
       where t.provider_id = ${place.providerId} and t.location_id is not distinct from ${place.locationId}::uuid
         and t.unit_id is not distinct from ${place.unitId}::uuid and t.closed_at > ${since} and t.closed_at <= ${ctx.now}
         and not exists (select 1 from improvement_trajectories o
                          where o.provider_id = t.provider_id and o.location_id is not distinct from t.location_id
                            and o.unit_id is not distinct from t.unit_id and o.closed_at is null and theme = any(o.themes))
       group by theme order by theme`.execute(ctx.db);
    if (closings.length === 0) return [];
    const loc = place.locationId ? sql`and s.location_id = ${place.locationId}` : sql``;
    const unit = place.unitId ? sql`and s.unit_id = ${place.unitId}` : sql``;
    const rloc = place.locationId ? sql`and r.location_id = ${place.locationId}` : sql``;
    const runit = place.unitId ? sql`and r.unit_id = ${place.unitId}` : sql``;
    const findings: Finding[] = [];
    const where = placePhrase(await placeNames(ctx.db, place));
    const labels = await themeLabels(ctx);
    for (const { theme, closed_at: closedAt } of closings) {
      const { rows } = await sql<ItemRef>`
        select 'signal' as kind, s.id from signals s join signal_assessments a on a.signal_id = s.id
         where s.provider_id = ${place.providerId} ${loc} ${unit} and ${theme} = any(a.themes)
           and s.duplicate_of is null and s.received_at > ${closedAt} and s.received_at <= ${ctx.now}
        union all
        select 'report', r.id from mandatory_reports r
         where r.provider_id = ${place.providerId} ${rloc} ${runit} and ${theme} = any(r.themes)
           and r.occurred_at > ${closedAt} and r.occurred_at <= ${ctx.now}
         order by 1, 2`.execute(ctx.db);
      if (rows.length < minItems) continue;
      const signals = rows.filter((r) => r.kind === 'signal').length;
      const reports = rows.length - signals;
      const what = [
        signals > 0 ? `${dutchCount(signals)} ${signals === 1 ? 'signaal' : 'signalen'}` : '',
        reports > 0 ? `${dutchCount(reports)} ${reports === 1 ? 'melding' : 'meldingen'} van de aanbieder` : '',
      ]
        .filter(Boolean)
        .join(' en ');
      findings.push({
        rule: 'recurrence',
        ...place,
        theme,
        items: rows.map((r) => ({ kind: r.kind, id: r.id })),
        observed: rows.length,
        explanation:
          `Het thema ‘${labels.get(theme) ?? theme}’ kwam terug bij ${where}: ${what} sinds het verbetertraject op dit thema ` +
          `werd afgesloten op ${formatDateTime(closedAt)}.`,
      });
    }
    return findings;
  },

  /** Trajectories are few: each place on its own. */
  async evaluate(ctx: RuleContext, places: readonly Place[]): Promise<Finding[]> {
    const out: Finding[] = [];
    for (const p of places) out.push(...(await recurrence.evaluateOne(ctx, p)));
    return out;
  },

  async scan(ctx: RuleContext): Promise<Finding[]> {
    return recurrence.evaluate(ctx, await recurrence.candidates(ctx));
  },

  /** The nightly scan's candidates: the places of trajectories closed within the window. */
  async candidates(ctx: RuleContext): Promise<Place[]> {
    const since = new Date(ctx.now.getTime() - ctx.settings.recurrence.windowDays * DAY_MS);
    const rows = await ctx.db
      .selectFrom('improvement_trajectories')
      .select(['provider_id', 'location_id', 'unit_id'])
      .distinct()
      .where('closed_at', '>', since)
      .where('closed_at', '<=', ctx.now)
      .execute();
    return rows.map(placeOf);
  },
};
