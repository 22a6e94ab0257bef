import { randomBytes } from 'node:crypto';
import type { Services } from '../../src/composition';
import { systemActor } from '../../src/audit/types';

export const actor = systemActor('test');

/** A provider with one location of two groups. */
export async function place(s: Services, name: string) {
  const p = await s.providers.create(actor, {
    name,
    locations: [
      {
        name: `${name} locatie`,
        address: 'Dorpsstraat 1',
        municipality: 'Utrecht',
        units: [
          { name: 'Achterhuis', careType: 'jeugdzorgplus', places: 8 },
          { name: 'Berkenhof', careType: 'open-residentieel', places: 12 },
        ],
      },
    ],
  });
  const location = p.locations[0]!;
  return { providerId: p.id, locationId: location.id, units: location.units.map((u) => u.id) };
}

export type Place = Awaited<ReturnType<typeof place>>;

/** Signals straight into their table at exact instants, about a group of the place (the first unless `unit`). */
export async function signalsAt(s: Services, at: Place, instants: Date[], unit = 0): Promise<string[]> {
  if (instants.length === 0) return [];
  const norm = await s.db.selectFrom('follow_up_norms').select(['id', 'label']).where('retired_at', 'is', null).executeTakeFirstOrThrow();
  const rows = await s.db
    .insertInto('signals')
    .values(
      instants.map((d) => ({
        reference: `S-C-${randomBytes(6).toString('hex')}`,
        received_at: d,
        registered_at: d,
        channel: 'telefoon',
        reporter_type: 'ouder',
        young_person_self: false,
        provider_id: at.providerId,
        location_id: at.locationId,
        unit_id: at.units[unit]!,
        summary: 'Geheime samenvatting',
        description: 'Geheime beschrijving',
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

export const markDuplicate = (s: Services, id: string, of: string) =>
  s.db.updateTable('signals').set({ duplicate_of: of }).where('id', '=', id).execute();

/** Mandatory reports straight into their table, each about an event at the instant given. */
export async function reportsAt(s: Services, at: Place, instants: Date[], unit = 0): Promise<void> {
  for (const d of instants)
    await s.db
      .insertInto('mandatory_reports')
      .values({
        reference: `M-C-${randomBytes(4).toString('hex')}`,
        kind: 'geweld',
        occurred_at: d,
        reported_at: d,
        registered_at: d,
        registered_via: 'api',
        provider_id: at.providerId,
        location_id: at.locationId,
        unit_id: at.units[unit]!,
        young_people_involved: 1,
        closed_care: false,
        summary: 'Samenvatting',
        description: 'Beschrijving',
        themes: [],
        due_at: d,
        late: false,
        updated_at: d,
      })
      .execute();
}
