import { sql } from 'kysely';
import type { Finding, Place } from '../types';
import { placeItems, reporters, type PlaceItem } from '../reporters';
import { placeKey, placeNamesOf, placePhrase } from '../places';
import { dutchCount } from '../statistics';
import { DAY_MS, themeLabels, type RuleContext } from './context';

/**
 * Cluster: signals and mandatory reports about one group (or location) within the window, from at least `reporters`
 * independent reporters (src/patterns/reporters.ts says who counts as one). It fires regardless of theme, and per
 * theme for the themes the items carry. A location fires only when no single group of it reaches the threshold on its
 * own: that group's alert already tells the story.
 */
function groupBy<T>(list: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    if (k !== null) (out.get(k) ?? out.set(k, []).get(k)!).push(t);
  }
  return out;
}

export const cluster = {
  /** A new item touches its group and its location. */
  placesOf(p: Place): Place[] {
    const out: Place[] = [];
    if (p.unitId) out.push(p);
    if (p.locationId) out.push({ providerId: p.providerId, locationId: p.locationId, unitId: null });
    return out;
  },

  /** Judges the places (one new item's, or every candidate of the nightly scan) from one read of their items. */
  async evaluate(ctx: RuleContext, places: readonly Place[]): Promise<Finding[]> {
    const { reporters: threshold, windowDays } = ctx.settings.cluster;
    const judged = places.filter((p) => p.locationId);
    const items = await placeItems(ctx.db, judged, new Date(ctx.now.getTime() - windowDays * DAY_MS), ctx.now);
    const byUnit = groupBy(items, (i) => i.unitId);
    const byLocation = groupBy(items, (i) => i.locationId);
    const found: Array<[Place, string | null, PlaceItem[], number]> = [];
    for (const place of judged) {
      const here = (place.unitId ? byUnit.get(place.unitId) : byLocation.get(place.locationId!)) ?? [];
      if (here.length < threshold) continue;
      const groups: Array<[theme: string | null, items: PlaceItem[]]> = [[null, here]];
      for (const theme of [...new Set(here.flatMap((i) => i.themes))].sort())
        groups.push([theme, here.filter((i) => i.themes.includes(theme))]);
      for (const [theme, group] of groups) {
        if (group.length < threshold) continue;
        const n = reporters(group);
        if (n < threshold) continue;
        // A location: only when none of its groups has the cluster by itself.
        if (!place.unitId) {
          const units = [...new Set(group.map((i) => i.unitId).filter((u): u is string => u !== null))];
          if (units.some((u) => reporters(group.filter((i) => i.unitId === u)) >= threshold)) continue;
        }
        found.push([place, theme, group, n]);
      }
    }
    if (found.length === 0) return [];
    const names = await placeNamesOf(
      ctx.db,
      found.map(([p]) => p),
    );
    const labels = await themeLabels(ctx);
    return found.map(([place, theme, group, n]) => {
      const signals = group.filter((i) => i.kind === 'signal').length;
      const reports = group.length - signals;
      const what = [
        signals > 0 ? `${dutchCount(signals)} ${signals === 1 ? 'signaal' : 'signalen'}` : '',
        reports > 0 ? `${dutchCount(reports)} ${reports === 1 ? 'melding' : 'meldingen'} van de aanbieder` : '',
      ]
        .filter(Boolean)
        .join(' en ');
      const about = theme ? ` over het thema ‘${labels.get(theme) ?? theme}’` : '';
      return {
        rule: 'cluster' as const,
        providerId: place.providerId,
        locationId: place.locationId,
        unitId: place.unitId,
        theme,
        items: group.map(({ kind, id }) => ({ kind, id })),
        observed: n,
        limit: threshold,
        explanation:
          `${dutchCount(n)} verschillende melders meldden in ${dutchCount(windowDays)} dagen${about} over ${placePhrase(names.get(placeKey(place))!)}: ` +
          `${what}; grens ${dutchCount(threshold)} verschillende melders.`,
      };
    });
  },

  async scan(ctx: RuleContext): Promise<Finding[]> {
    return cluster.evaluate(ctx, await cluster.candidates(ctx));
  },

  /**
   * The nightly scan's candidates: groups and locations with at least `reporters` items in the window (a count of
   * items bounds the count of reporters; the provider's reports count once). Read in SQL from the window alone.
   */
  async candidates(ctx: RuleContext): Promise<Place[]> {
    const { reporters: threshold, windowDays } = ctx.settings.cluster;
    const from = new Date(ctx.now.getTime() - windowDays * DAY_MS);
    const { rows } = await sql<{ provider_id: string; location_id: string; unit_id: string | null }>`
      with items as (
        select s.provider_id, s.location_id, s.unit_id, s.id::text as who from signals s
         where s.received_at > ${from} and s.received_at <= ${ctx.now} and s.location_id is not null
        union all
        select r.provider_id, r.location_id, r.unit_id, 'provider' from mandatory_reports r
         where r.occurred_at > ${from} and r.occurred_at <= ${ctx.now} and r.location_id is not null)
      select provider_id, location_id, unit_id from items where unit_id is not null
       group by provider_id, location_id, unit_id having count(distinct who) >= ${threshold}
      union all
      select provider_id, location_id, null from items
       group by provider_id, location_id having count(distinct who) >= ${threshold}`.execute(ctx.db);
    return rows.map((r) => ({ providerId: r.provider_id, locationId: r.location_id, unitId: r.unit_id }));
  },
};
