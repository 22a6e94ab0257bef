import { sql } from 'kysely';
import type { Finding, Place } from '../types';
import { placeKey, placeNamesOf, placePhrase } from '../places';
import { dutchCount, dutchDecimal, round2 } from '../statistics';
import { CLOSED_CARE_TYPES } from '../../providers/types';
import { formatDateTime } from '../../web/format';
import { YOUNG_PERSON_TYPES, type RuleContext } from './context';

/**
 * Silence: a JeugdzorgPlus or ZIKOS group (with places) from which no young person (a young person themself or a former
 * resident, by any channel, Jeugdstem included) contacted the meldpunt for `months` months. A signal naming the
 * group counts, and so does one naming only its location (we cannot tell which group then). Only groups that existed
 * for the whole period count: registered before it, or with a signal about them from before it (history from before
 * the group was entered into the system). After an inspector decided on a silence alert the period starts again from the decision,
 * so the nightly scan does not raise the same silence every night. The expectation shown is what comparable groups
 * (same care type) would have had in that period, by their young people's contacts per place.
 */
const cutoffOf = (ctx: RuleContext): Date => {
  const d = new Date(ctx.now);
  d.setUTCMonth(d.getUTCMonth() - ctx.settings.silence.months);
  return d;
};

const young = () => sql`s.reporter_type in (${sql.join(YOUNG_PERSON_TYPES)})`;
const closedCare = () => sql`u.care_type in (${sql.join([...CLOSED_CARE_TYPES])})`;

interface UnitRow {
  id: string;
  location_id: string;
  provider_id: string;
  places: number;
  care_type: string;
  /** Registered, or first named in a signal, whichever came first. */
  known_since: Date;
  last_contact: Date | null;
  last_decided: Date | null;
}

/** Young people's contacts per place over the period, per closed care type (once per run). */
async function peerRates(ctx: RuleContext, cutoff: Date): Promise<Map<string, number>> {
  const hit = ctx.memo?.get('silence-peers') as Map<string, number> | undefined;
  if (hit) return hit;
  const { rows } = await sql<{ care_type: string; places: string; contacts: string }>`
    select u.care_type, sum(u.places) as places,
           coalesce(sum((select count(*) from signals s where s.unit_id = u.id and ${young()}
                          and s.received_at > ${cutoff} and s.received_at <= ${ctx.now})), 0) as contacts
      from units u where ${closedCare()} and u.places > 0
     group by u.care_type`.execute(ctx.db);
  const rates = new Map(rows.map((r) => [r.care_type, Number(r.places) > 0 ? Number(r.contacts) / Number(r.places) : 0]));
  ctx.memo?.set('silence-peers', rates);
  return rates;
}

export const silence = {
  /** A new item never makes silence; only the nightly scan looks for it. */
  placesOf: (): Place[] => [],

  /** Judges the groups from one query: when each was first known, its young people's last contact, the last decision. */
  async evaluate(ctx: RuleContext, places: readonly Place[]): Promise<Finding[]> {
    const units = [...new Set(places.map((p) => p.unitId).filter((u): u is string => u !== null))];
    if (units.length === 0) return [];
    const cutoff = cutoffOf(ctx);
    const { rows } = await sql<UnitRow>`
      select u.id, u.location_id, l.provider_id, u.places, u.care_type,
             least(u.created_at, (select min(s.received_at) from signals s where s.unit_id = u.id)) as known_since,
             greatest((select max(s.received_at) from signals s where s.unit_id = u.id and ${young()} and s.received_at <= ${ctx.now}),
                      (select max(s.received_at) from signals s
                        where s.location_id = u.location_id and s.unit_id is null and ${young()} and s.received_at <= ${ctx.now})) as last_contact,
             (select max(a.decided_at) from pattern_alerts a where a.rule = 'silence' and a.unit_id = u.id and a.status = 'closed') as last_decided
        from units u join locations l on l.id = u.location_id
       where u.id = any(${units}::uuid[]) and ${closedCare()} and u.places > 0`.execute(ctx.db);
    const silent = rows
      .map((u) => ({
        ...u,
        since: new Date(Math.max(u.known_since.getTime(), u.last_contact?.getTime() ?? 0, u.last_decided?.getTime() ?? 0)),
      }))
      .filter((u) => u.known_since <= cutoff && u.since <= cutoff);
    if (silent.length === 0) return [];
    const rates = await peerRates(ctx, cutoff);
    const placeOf = (u: UnitRow): Place => ({ providerId: u.provider_id, locationId: u.location_id, unitId: u.id });
    const names = await placeNamesOf(ctx.db, silent.map(placeOf));
    const months = ctx.settings.silence.months;
    return silent.map((u) => {
      const expected = u.places * (rates.get(u.care_type) ?? 0);
      const from =
        u.last_decided?.getTime() === u.since.getTime()
          ? `sinds het vorige besluit over stilte op ${formatDateTime(u.since)}`
          : u.last_contact?.getTime() === u.since.getTime()
            ? `sinds ${formatDateTime(u.since)}`
            : `sinds de groep bij de IGJ bekend is (${formatDateTime(u.since)})`;
      return {
        rule: 'silence' as const,
        ...placeOf(u),
        theme: null,
        items: [],
        observed: 0,
        expected: round2(expected),
        explanation:
          `Geen jongere nam contact op met het meldpunt over ${placePhrase(names.get(placeKey(placeOf(u)))!)} ${from} ` +
          `(langer dan ${dutchCount(months)} maanden). Vergelijkbare groepen: verwacht ${dutchDecimal(expected)} contacten van ` +
          `jongeren in ${dutchCount(months)} maanden bij ${dutchCount(u.places)} plaatsen.`,
      };
    });
  },

  /** Closed-care groups known for the whole period without any young person's contact in it: found in SQL, per group an index. */
  async scan(ctx: RuleContext): Promise<Finding[]> {
    const cutoff = cutoffOf(ctx);
    const { rows } = await sql<{ id: string; location_id: string; provider_id: string }>`
      select u.id, u.location_id, l.provider_id
        from units u join locations l on l.id = u.location_id
       where ${closedCare()} and u.places > 0
         and (u.created_at <= ${cutoff} or exists (select 1 from signals s where s.unit_id = u.id and s.received_at <= ${cutoff}))
         and not exists (select 1 from signals s where s.unit_id = u.id and ${young()} and s.received_at > ${cutoff} and s.received_at <= ${ctx.now})
         and not exists (select 1 from signals s where s.location_id = u.location_id and s.unit_id is null and ${young()}
                           and s.received_at > ${cutoff} and s.received_at <= ${ctx.now})`.execute(ctx.db);
    return silence.evaluate(
      ctx,
      rows.map((r) => ({ providerId: r.provider_id, locationId: r.location_id, unitId: r.id })),
    );
  },
};
