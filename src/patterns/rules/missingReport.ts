import { sql } from 'kysely';
import type { Finding, Place } from '../types';
import { placeKey, placeNamesOf, placePhrase } from '../places';
import { dutchCount } from '../statistics';
import { addWorkingDays } from '../../signals/followUp/deadlines';
import { formatDateTime } from '../../web/format';
import { DAY_MS, type RuleContext } from './context';

/**
 * Missing mandatory report: a signal whose assessment says the provider should have reported it (meldplicht), with no
 * matching mandatory report from that provider by its due instant, `workingDays` Dutch working days after the signal
 * was received (the working-day rules of the contact norm: weekends and public holidays skipped).
 *
 * A report matches when it comes from the same provider, names the same location and group where both sides name one
 * (a report about the whole provider, or a signal about the whole provider, matches any), its event lies between
 * `daysBefore` days before the signal's receipt and the due instant, and the IGJ registered it by the time of the check.
 * A report that came after the due instant but before the check also prevents the alert (it is not missing; the reports
 * module marks it late itself). Checked by a delayed job at the due instant and by the nightly scan, which looks back
 * `lookbackDays` only, so history is not judged again. A signal already behind a closed alert of this rule never
 * raises another; duplicates are followed through their original.
 */
export const dueOf = (receivedAt: Date, ctx: RuleContext): Date => addWorkingDays(receivedAt, ctx.settings['missing-report'].workingDays);

interface Candidate {
  id: string;
  reference: string;
  received_at: Date;
  provider_id: string;
  location_id: string | null;
  unit_id: string | null;
  matches: Date[];
}

const notBehindClosedAlert = sql`not exists (
  select 1 from pattern_alert_items i join pattern_alerts a on a.id = i.alert_id
   where i.item_id = s.id and i.kind = 'signal' and a.rule = 'missing-report' and a.status = 'closed')`;

/**
 * Meldplicht signals within the look-back old enough to be due (of the given providers, or all), with the moments of
 * the events of the reports that could match them. Read in one query; the due instants follow in code.
 */
async function candidates(ctx: RuleContext, providers: string[] | null): Promise<Candidate[]> {
  const { workingDays, daysBefore, lookbackDays } = ctx.settings['missing-report'];
  const { rows } = await sql<Candidate>`
    select s.id, s.reference, s.received_at, s.provider_id, s.location_id, s.unit_id,
           array(select r.occurred_at from mandatory_reports r
                  where r.provider_id = s.provider_id
                    and (s.location_id is null or r.location_id is null or r.location_id = s.location_id)
                    and (s.unit_id is null or r.unit_id is null or r.unit_id = s.unit_id)
                    and r.occurred_at >= s.received_at - make_interval(days => ${daysBefore})
                    and r.registered_at <= ${ctx.now}) as matches
      from signals s
      join signal_assessments a on a.signal_id = s.id and a.meldplicht
     -- An assessment follows the receipt: the recent ones (index signal_assessments_meldplicht) hold every candidate.
     where a.assessed_at > ${new Date(ctx.now.getTime() - lookbackDays * DAY_MS)}
       and s.received_at > ${new Date(ctx.now.getTime() - lookbackDays * DAY_MS)}
       and s.received_at <= ${new Date(ctx.now.getTime() - workingDays * DAY_MS)}
       and s.duplicate_of is null and s.provider_id is not null
       ${providers ? sql`and s.provider_id = any(${providers}::uuid[])` : sql``}
       and ${notBehindClosedAlert}
     order by s.received_at, s.id`.execute(ctx.db);
  return rows;
}

async function judge(ctx: RuleContext, rows: Candidate[], only: Set<string> | null): Promise<Finding[]> {
  const { workingDays } = ctx.settings['missing-report'];
  const byPlace = new Map<string, { place: Place; missing: Array<Candidate & { due: Date }> }>();
  for (const r of rows) {
    const place = { providerId: r.provider_id, locationId: r.location_id, unitId: r.unit_id };
    if (only && !only.has(placeKey(place))) continue;
    const due = dueOf(r.received_at, ctx);
    if (due > ctx.now || r.matches.some((m) => m <= due)) continue;
    const entry = byPlace.get(placeKey(place)) ?? { place, missing: [] };
    entry.missing.push({ ...r, due });
    byPlace.set(placeKey(place), entry);
  }
  if (byPlace.size === 0) return [];
  const names = await placeNamesOf(
    ctx.db,
    [...byPlace.values()].map((e) => e.place),
  );
  const days = `${dutchCount(workingDays)} ${workingDays === 1 ? 'werkdag' : 'werkdagen'}`;
  return [...byPlace.values()].map(({ place, missing }) => {
    const where = placePhrase(names.get(placeKey(place))!);
    const first = missing[0]!;
    const explanation =
      missing.length === 1
        ? `Signaal ${first.reference} (ontvangen ${formatDateTime(first.received_at)}) is beoordeeld als ‘had de aanbieder ` +
          `moeten melden’, maar over ${where} kwam binnen ${days} (tot ${formatDateTime(first.due)}) geen melding van de aanbieder.`
        : `${dutchCount(missing.length)} signalen over ${where} zijn beoordeeld als ‘had de aanbieder moeten melden’, zonder ` +
          `melding van de aanbieder binnen ${days}: ${missing.map((m) => m.reference).join(', ')}.`;
    return {
      rule: 'missing-report' as const,
      ...place,
      theme: null,
      items: missing.map((m) => ({ kind: 'signal' as const, id: m.id })),
      observed: missing.length,
      explanation,
    };
  });
}

export const missingReport = {
  placesOf: (p: Place): Place[] => [p],

  async evaluate(ctx: RuleContext, places: readonly Place[]): Promise<Finding[]> {
    if (places.length === 0) return [];
    const rows = await candidates(ctx, [...new Set(places.map((p) => p.providerId))]);
    return judge(ctx, rows, new Set(places.map(placeKey)));
  },

  /** Every place with a meldplicht signal that is due and unmatched, from one query over the look-back. */
  async scan(ctx: RuleContext): Promise<Finding[]> {
    return judge(ctx, await candidates(ctx, null), null);
  },
};
