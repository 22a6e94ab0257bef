import { randomBytes } from 'node:crypto';
import { systemActor } from '../../src/audit/types';
import type { Services } from '../../src/composition';

// Crafted histories for the risk overview: providers with places, signals straight into the table (the triggers of
// migration 016 keep risk_signals), alerts, mandatory reports and statuses as rows.

export const actor = systemActor('test');
export const DAY = 86_400_000;
export const daysBefore = (d: Date, n: number): Date => new Date(d.getTime() - n * DAY);

export interface Unit {
  id: string;
  providerId: string;
  locationId: string;
}

/** A provider with one location (in `municipality`, `region`) and its groups. */
export async function provider(
  s: Services,
  name: string,
  units: Array<{ name: string; careType: string; places: number }>,
  where: { municipality: string; region: string } = { municipality: 'Utrecht', region: 'Midden-Nederland' },
) {
  const p = await s.providers.create(actor, {
    name,
    locations: [{ name: `${name} locatie`, address: 'Dorpsstraat 1', ...where, units }],
  });
  const location = p.locations[0]!;
  return {
    id: p.id,
    locationId: location.id,
    // In the order given (the provider's page lists groups by name).
    units: units.map((wanted): Unit => {
      const u = location.units.find((x) => x.name === wanted.name)!;
      return { id: u.id, providerId: p.id, locationId: location.id };
    }),
  };
}

/** Signals about a group, one at each moment, with a reporter's text that must never reach the overview. */
export async function signals(s: Services, unit: Unit, dates: Date[], text = 'Geheime samenvatting van Jan Jansen') {
  if (dates.length === 0) return [];
  const norm = await s.db.selectFrom('follow_up_norms').select(['id', 'label']).where('retired_at', 'is', null).executeTakeFirstOrThrow();
  const rows = await s.db
    .insertInto('signals')
    .values(
      dates.map((d) => ({
        reference: `S-R-${randomBytes(6).toString('hex')}`,
        received_at: d,
        registered_at: d,
        channel: 'telefoon',
        reporter_type: 'ouder',
        young_person_self: false,
        provider_id: unit.providerId,
        location_id: unit.locationId,
        unit_id: unit.id,
        summary: text,
        description: text,
        status: 'afgesloten',
        closed_at: d,
        norm_id: norm.id,
        norm_label: norm.label,
        due_at: d,
        contacted_at: d,
        updated_at: d,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** `count` moments spread over the `days` days before `end`. */
export const spread = (end: Date, days: number, count: number): Date[] =>
  Array.from({ length: count }, (_, i) => new Date(end.getTime() - ((i + 0.5) * days * DAY) / count));

/** An open alert of `rule` about a group; a missing-report alert with `observed` signals behind it. */
export async function openAlert(s: Services, unit: Unit, rule: string, at: Date, observed = 1) {
  await s.db
    .insertInto('pattern_alerts')
    .values({
      rule,
      provider_id: unit.providerId,
      location_id: unit.locationId,
      unit_id: unit.id,
      explanation: 'Uitleg',
      observed,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** A mandatory report about a group, reported at `reportedAt`, late or in time. */
export async function report(s: Services, unit: Unit, reportedAt: Date, late: boolean) {
  await s.db
    .insertInto('mandatory_reports')
    .values({
      reference: `M-R-${randomBytes(4).toString('hex')}`,
      kind: 'geweld',
      occurred_at: daysBefore(reportedAt, late ? 10 : 1),
      reported_at: reportedAt,
      registered_at: reportedAt,
      registered_via: 'api',
      provider_id: unit.providerId,
      location_id: unit.locationId,
      unit_id: unit.id,
      young_people_involved: 1,
      closed_care: true,
      summary: 'Samenvatting van de aanbieder over Piet Pietersen',
      description: 'Beschrijving',
      due_at: daysBefore(reportedAt, late ? 5 : 0),
      late,
      updated_at: reportedAt,
    })
    .execute();
}

export async function status(s: Services, providerId: string, kind: string, startsOn: string, endsOn: string | null = null) {
  await s.db.insertInto('provider_statuses').values({ provider_id: providerId, kind, starts_on: startsOn, ends_on: endsOn }).execute();
}
