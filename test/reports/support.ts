import type { Services } from '../../src/composition';
import { systemActor } from '../../src/audit/types';

export const actor = systemActor('test');

/**
 * Two providers: De Gesloten Poort with a ZIKOS and an open unit, and Het Open Huis with two locations (a unit of
 * one never belongs to the other). Ids by name.
 */
export async function reportPlaces(s: Services) {
  const poort = await s.providers.create(actor, {
    name: 'De Gesloten Poort',
    locations: [
      {
        name: 'Poort Ede',
        address: 'Laan 1',
        municipality: 'Ede',
        units: [
          { name: 'Kompas', careType: 'zikos', places: 4 },
          { name: 'Anker', careType: 'open-residentieel', places: 8 },
        ],
      },
    ],
  });
  const huis = await s.providers.create(actor, {
    name: 'Het Open Huis',
    locations: [
      { name: 'Huis Zwolle', address: 'Weg 2', municipality: 'Zwolle', units: [{ name: 'Linde', careType: 'gezinshuis', places: 4 }] },
      {
        name: 'Huis Deventer',
        address: 'Kade 3',
        municipality: 'Deventer',
        units: [{ name: 'Beuk', careType: 'kleinschalig', places: 5 }],
      },
    ],
  });
  const ede = poort.locations[0]!;
  const zwolle = huis.locations.find((l) => l.name === 'Huis Zwolle')!;
  const deventer = huis.locations.find((l) => l.name === 'Huis Deventer')!;
  return {
    poort: poort.id,
    ede: ede.id,
    zikos: ede.units.find((u) => u.name === 'Kompas')!.id,
    anker: ede.units.find((u) => u.name === 'Anker')!.id,
    huis: huis.id,
    zwolle: zwolle.id,
    linde: zwolle.units[0]!.id,
    deventer: deventer.id,
    beuk: deventer.units[0]!.id,
  };
}

export type Places = Awaited<ReturnType<typeof reportPlaces>>;

/** A valid API body about a place; override what a test is about. */
export const apiBody = (providerId: string, over: Record<string, unknown> = {}) => ({
  kind: 'calamiteit',
  occurredAt: '2026-11-18T10:00:00+01:00',
  providerId,
  youngPeopleInvolved: 1,
  summary: 'Jongere gewond bij vastpakken',
  description: 'Bij het vastpakken brak de arm van een jongere.',
  ...over,
});
