import { sql } from 'kysely';
import type { Finding, Place } from '../types';
import { placeKey, placeNamesOf, placePhrase } from '../places';
import { dutchCount, dutchDecimal, poissonUpperLimit, round2 } from '../statistics';
import { careTypeLabel } from '../../providers/types';
import { DAY_MS, type RuleContext } from './context';

/**
 * Rise: a group's (or a provider's, over its groups) signals per place in the recent window, against what is expected
 * from BOTH its own baseline and comparable groups (the same care type), judged with an exact Poisson limit:
 *
 *   expected = max(own, peers), own = baseline signals × window / baseline days (only with a full window of history),
 *   peers = places × window × (signals per place-day of the other groups of that care type in the same window);
 *   limit = the exact Poisson upper limit of `expected` at `confidence` (99.8 %, interpolated between whole counts);
 *   it fires when observed > limit and observed >= minObserved.
 *
 * The larger expectation makes one limit that is above both, so the count must be unusual for this group AND for
 * groups like it; peers in the same window absorb a national rise (a campaign); the own baseline absorbs a group that is
 * always busier. Never a raw count: with 4 places, expected 0.2 gives a limit of about 1.9, and the minimum of 3
 * signals keeps a tiny expectation from calling 2 signals a pattern. Duplicates do not count (the same matter).
 * A provider counts the signals about its groups: signals naming only the provider or a location have no places to
 * divide by. A place's history starts at its registration or at its first signal, whichever is earlier (groups entered
 * into the system after years of signals about them have history all the same). Comparable groups are counted by the
 * nightly scan over the same length of window (kept up to 36 hours; without one a check counts for itself), with the
 * place's own groups left out of that same count.
 */

interface Totals {
  signals: number;
  places: number;
}
type ByCareType = Map<string, Totals>;
/** Signals and places per care type over one window: counted now, or by the last nightly scan. */
interface PeerCounts {
  from: Date;
  to: Date;
  byType: ByCareType;
}

// A nightly count younger than this serves the checks after new items; older, they count for themselves.
const STORED_FOR_MS = 36 * 3_600_000;

const window = (ctx: RuleContext) => {
  const { windowDays, baselineDays } = ctx.settings.rise;
  const from = new Date(ctx.now.getTime() - windowDays * DAY_MS);
  return { windowDays, baselineDays, from, baselineFrom: new Date(from.getTime() - baselineDays * DAY_MS) };
};

/** Every group with places, per care type: its places and its signals in (from, to]. Reads the window's signals once. */
async function countPeers(ctx: RuleContext): Promise<PeerCounts> {
  const { from } = window(ctx);
  const { rows } = await sql<{ care_type: string; places: string; signals: string }>`
    select u.care_type, sum(u.places) as places, coalesce(sum(c.n), 0) as signals
      from units u
      left join (select s.unit_id, count(*) as n from signals s
                  where s.received_at > ${from} and s.received_at <= ${ctx.now} and s.duplicate_of is null and s.unit_id is not null
                  group by s.unit_id) c on c.unit_id = u.id
     where u.places > 0
     group by u.care_type`.execute(ctx.db);
  return { from, to: ctx.now, byType: new Map(rows.map((r) => [r.care_type, { signals: Number(r.signals), places: Number(r.places) }])) };
}

/**
 * The nightly scan counts the comparable groups afresh and keeps the count (pattern_peer_rates), so the check after
 * one new signal reads a few rows instead of a month of signals. A check without a recent count counts for itself.
 */
async function peerCounts(ctx: RuleContext): Promise<PeerCounts> {
  const hit = ctx.memo?.get('rise-peers') as PeerCounts | undefined;
  if (hit) return hit;
  const rows = await ctx.db
    .selectFrom('pattern_peer_rates')
    .selectAll()
    .where('window_days', '=', ctx.settings.rise.windowDays)
    .where('window_to', '<=', ctx.now)
    .where('window_to', '>', new Date(ctx.now.getTime() - STORED_FOR_MS))
    .execute();
  let counts: PeerCounts | undefined =
    rows.length > 0
      ? {
          from: rows[0]!.window_from,
          to: rows[0]!.window_to,
          byType: new Map(rows.map((r) => [r.care_type, { signals: r.signals, places: r.places }])),
        }
      : undefined;
  counts ??= await countPeers(ctx);
  ctx.memo?.set('rise-peers', counts);
  return counts;
}

/** Keeps a count of the comparable groups for the checks of the coming day (the nightly scan). */
async function storePeerCounts(ctx: RuleContext, c: PeerCounts): Promise<void> {
  ctx.memo?.set('rise-peers', c);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('pattern_peer_rates').execute();
    if (c.byType.size > 0)
      await trx
        .insertInto('pattern_peer_rates')
        .values(
          [...c.byType].map(([care_type, t]) => ({
            care_type,
            window_days: ctx.settings.rise.windowDays,
            window_from: c.from,
            window_to: c.to,
            signals: t.signals,
            places: t.places,
          })),
        )
        .execute();
  });
}

/**
 * The place's own groups in the same count (to leave them out of "comparable"), per care type: what the count could
 * have seen, so signals registered since the nightly count are not taken from it twice.
 */
async function ownCounts(ctx: RuleContext, places: readonly Place[], peers: PeerCounts): Promise<Map<string, ByCareType>> {
  const units = places.filter((p) => p.unitId).map((p) => p.unitId!);
  const providers = places.filter((p) => !p.unitId).map((p) => p.providerId);
  // Two halves rather than one OR, so each finds its groups through an index (the group's key, the provider's locations).
  const counted = sql`(select count(*) from signals s where s.unit_id = u.id and s.received_at > ${peers.from}
    and s.received_at <= ${peers.to} and s.registered_at <= ${peers.to} and s.duplicate_of is null)`;
  const { rows } = await sql<{ key: string; care_type: string; places: number; signals: string }>`
    select 'u:' || u.id as key, u.care_type, u.places, ${counted} as signals
      from units u where u.places > 0 and u.id = any(${units}::uuid[])
    union all
    select 'p:' || l.provider_id, u.care_type, u.places, ${counted}
      from units u join locations l on l.id = u.location_id
     where u.places > 0 and l.provider_id = any(${providers}::uuid[])`.execute(ctx.db);
  const out = new Map<string, ByCareType>();
  for (const r of rows) {
    const m = out.get(r.key) ?? out.set(r.key, new Map()).get(r.key)!;
    const t = m.get(r.care_type) ?? { signals: 0, places: 0 };
    m.set(r.care_type, { signals: t.signals + Number(r.signals), places: t.places + r.places });
  }
  return out;
}
const ownKey = (p: Place) => (p.unitId ? `u:${p.unitId}` : `p:${p.providerId}`);

interface Subject {
  observed: string[];
  baseline: number;
  /** The first evidence the place existed: its registration, or an earlier signal about it (history from before). */
  born: Date | null;
}

/** Per place: its signals (about groups with places) in the window, its count in the baseline period, since when it is known. */
async function subjectsOf(ctx: RuleContext, places: readonly Place[]): Promise<Map<string, Subject>> {
  const { from, baselineFrom } = window(ctx);
  const units = places.filter((p) => p.unitId).map((p) => p.unitId!);
  const providers = places.filter((p) => !p.unitId).map((p) => p.providerId);
  const counted = (group: 'unit' | 'provider', ids: string[]) => sql<{ key: string; recent: string[] | null; baseline: string }>`
    select ${group === 'unit' ? sql`'u:' || s.unit_id` : sql`'p:' || s.provider_id`} as key,
           array_agg(s.id::text order by s.received_at, s.id) filter (where s.received_at > ${from}) as recent,
           count(*) filter (where s.received_at <= ${from}) as baseline
      from signals s join units u on u.id = s.unit_id and u.places > 0
     where ${group === 'unit' ? sql`s.unit_id` : sql`s.provider_id`} = any(${ids}::uuid[])
       and s.received_at > ${baselineFrom} and s.received_at <= ${ctx.now} and s.duplicate_of is null
     group by 1`;
  const born = sql<{ key: string; born: Date | null }>`
    select 'u:' || u.id as key, least(u.created_at, (select min(s.received_at) from signals s where s.unit_id = u.id)) as born
      from units u where u.id = any(${units}::uuid[])
    union all
    select 'p:' || p.id, least((select min(u.created_at) from units u join locations l on l.id = u.location_id where l.provider_id = p.id),
                               (select min(s.received_at) from signals s where s.provider_id = p.id and s.unit_id is not null))
      from providers p where p.id = any(${providers}::uuid[])`;
  const [u, p, b] = await Promise.all([
    units.length ? counted('unit', units).execute(ctx.db) : { rows: [] },
    providers.length ? counted('provider', providers).execute(ctx.db) : { rows: [] },
    born.execute(ctx.db),
  ]);
  const borns = new Map(b.rows.map((r) => [r.key, r.born]));
  const out = new Map<string, Subject>();
  for (const r of [...u.rows, ...p.rows])
    out.set(r.key, { observed: r.recent ?? [], baseline: Number(r.baseline), born: borns.get(r.key) ?? null });
  return out;
}

/** What comparable groups lead to expect at a place: its places per care type at the others' rate, over the window. */
function peerExpectation(own: ByCareType, peers: PeerCounts, windowDays: number): { expected: number; types: string[] } {
  const spanDays = (peers.to.getTime() - peers.from.getTime()) / DAY_MS;
  let expected = 0;
  const types: string[] = [];
  for (const [type, mine] of own) {
    const all = peers.byType.get(type) ?? { signals: 0, places: 0 };
    const otherPlaces = all.places - mine.places;
    if (otherPlaces <= 0) continue;
    expected += (mine.places * Math.max(0, all.signals - mine.signals) * windowDays) / (otherPlaces * spanDays);
    types.push(type);
  }
  return { expected, types };
}

export const rise = {
  /** A new signal touches its group and its provider. */
  placesOf(p: Place): Place[] {
    const out: Place[] = [];
    if (p.unitId) out.push(p);
    out.push({ providerId: p.providerId, locationId: null, unitId: null });
    return out;
  },

  async evaluate(ctx: RuleContext, places: readonly Place[]): Promise<Finding[]> {
    if (places.length === 0) return [];
    const { windowDays, baselineDays, from, baselineFrom } = window(ctx);
    const { confidence, minObserved } = ctx.settings.rise;
    const subjects = await subjectsOf(ctx, places);
    const judged = places.filter((p) => (subjects.get(ownKey(p))?.observed.length ?? 0) >= minObserved);
    if (judged.length === 0) return [];
    const peers = await peerCounts(ctx);
    const own = await ownCounts(ctx, judged, peers);
    const fired: Array<Omit<Finding, 'explanation'> & { ownText: string; peerText: string; places: number }> = [];
    for (const place of judged) {
      const s = subjects.get(ownKey(place))!;
      const mine = own.get(ownKey(place)) ?? new Map<string, Totals>();
      const peer = peerExpectation(mine, peers, windowDays);
      const exposureDays = s.born ? (from.getTime() - Math.max(s.born.getTime(), baselineFrom.getTime())) / DAY_MS : 0;
      const expectedOwn = exposureDays >= windowDays ? (s.baseline * windowDays) / exposureDays : undefined;
      const expected = Math.max(expectedOwn ?? 0, peer.expected);
      const limit = poissonUpperLimit(expected, confidence / 100);
      const observed = s.observed.length;
      if (observed <= limit) continue;
      fired.push({
        rule: 'rise',
        providerId: place.providerId,
        locationId: place.unitId ? place.locationId : null,
        unitId: place.unitId,
        theme: null,
        items: s.observed.map((id) => ({ kind: 'signal' as const, id })),
        observed,
        expected: round2(expected),
        limit: round2(limit),
        places: [...mine.values()].reduce((n, t) => n + t.places, 0),
        ownText:
          expectedOwn === undefined
            ? 'eigen basislijn: nog geen volledige periode'
            : `eigen basislijn ${dutchDecimal(expectedOwn)} (${dutchCount(s.baseline)} in de ${dutchCount(Math.round(Math.min(exposureDays, baselineDays)))} dagen ervoor)`,
        peerText:
          peer.types.length > 0
            ? `vergelijkbare groepen (${peer.types.map(careTypeLabel).join(', ')}) ${dutchDecimal(peer.expected)}`
            : 'geen vergelijkbare groepen',
      });
    }
    if (fired.length === 0) return [];
    const names = await placeNamesOf(ctx.db, fired);
    return fired.map(({ ownText, peerText, places: count, ...f }) => {
      const n = names.get(placeKey(f))!;
      const label = f.unitId ? placePhrase(n) : `de groepen van aanbieder ${n.provider}`;
      return {
        ...f,
        explanation:
          `${dutchCount(f.observed)} signalen in ${dutchCount(windowDays)} dagen over ${label} (${dutchCount(count)} plaatsen); ` +
          `verwacht ${dutchDecimal(f.expected!)}, grens ${dutchDecimal(f.limit!)}. Verwacht is het hoogste van: ${ownText}; ${peerText}.`,
      };
    });
  },

  /**
   * The nightly scan: every group's count in the window in one query (groups, not signals, come to the code). They give
   * tonight's count of comparable groups (kept for tomorrow's checks) and a first sieve: a place can only fire when its
   * count is above the limit of what comparable groups alone lead to expect, since the full expectation is at least
   * that. Only those places are judged in full, with their baselines.
   */
  async scan(ctx: RuleContext): Promise<Finding[]> {
    const { from, windowDays } = window(ctx);
    const { confidence, minObserved } = ctx.settings.rise;
    const { rows } = await sql<{ id: string; location_id: string; provider_id: string; care_type: string; places: number; n: string }>`
      select u.id, u.location_id, l.provider_id, u.care_type, u.places, coalesce(c.n, 0) as n
        from units u
        join locations l on l.id = u.location_id
        left join (select s.unit_id, count(*) as n from signals s
                    where s.received_at > ${from} and s.received_at <= ${ctx.now} and s.duplicate_of is null and s.unit_id is not null
                    group by s.unit_id) c on c.unit_id = u.id
       where u.places > 0`.execute(ctx.db);
    const byType: ByCareType = new Map();
    const byProvider = new Map<string, { n: number; own: ByCareType }>();
    for (const r of rows) {
      const n = Number(r.n);
      const t = byType.get(r.care_type) ?? { signals: 0, places: 0 };
      byType.set(r.care_type, { signals: t.signals + n, places: t.places + r.places });
      const p = byProvider.get(r.provider_id) ?? byProvider.set(r.provider_id, { n: 0, own: new Map() }).get(r.provider_id)!;
      p.n += n;
      const o = p.own.get(r.care_type) ?? { signals: 0, places: 0 };
      p.own.set(r.care_type, { signals: o.signals + n, places: o.places + r.places });
    }
    const peers: PeerCounts = { from, to: ctx.now, byType };
    await storePeerCounts(ctx, peers);
    const possible = (n: number, own: ByCareType) =>
      n >= minObserved && n > poissonUpperLimit(peerExpectation(own, peers, windowDays).expected, confidence / 100);
    const places: Place[] = [];
    for (const r of rows)
      if (possible(Number(r.n), new Map([[r.care_type, { signals: Number(r.n), places: r.places }]])))
        places.push({ providerId: r.provider_id, locationId: r.location_id, unitId: r.id });
    for (const [providerId, p] of byProvider) if (possible(p.n, p.own)) places.push({ providerId, locationId: null, unitId: null });
    return rise.evaluate(ctx, places);
  },
};
