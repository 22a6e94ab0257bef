import type { Services } from '../composition';
import { systemActor } from '../audit/types';
import type { Role } from '../auth/roles';
import type { LocationInput } from '../providers/types';
import { DEMO_MUNICIPALITIES, DEMO_PROVIDERS } from './landscape';
import { seedSignals, type MovableClock } from './signals';
import { seedReports } from './reports';
import { seedPatternHistories } from './patterns';

export const DEMO_PASSWORD = 'demo-jeugdtoezicht-2026';

const DEMO_USERS: Array<{ email: string; name: string; roles: Role[]; team?: string }> = [
  { email: 'beheer@demo.igj.test', name: 'Bea Beheer', roles: ['beheerder'] },
  { email: 'manager@demo.igj.test', name: 'Mark Manager', roles: ['manager'], team: 'Landelijk Meldpunt Zorg' },
  { email: 'meldpunt1@demo.igj.test', name: 'Mila Meldpunt', roles: ['meldpunt'], team: 'Landelijk Meldpunt Zorg' },
  { email: 'meldpunt2@demo.igj.test', name: 'Mo Meldpunt', roles: ['meldpunt'], team: 'Landelijk Meldpunt Zorg' },
  { email: 'inspecteur1@demo.igj.test', name: 'Ines Inspecteur', roles: ['inspecteur'], team: 'Jeugd Noord-Oost' },
  { email: 'inspecteur2@demo.igj.test', name: 'Ivo Inspecteur', roles: ['inspecteur'], team: 'Jeugd Noord-Oost' },
  { email: 'inspecteur3@demo.igj.test', name: 'Iris Inspecteur', roles: ['inspecteur'], team: 'Jeugd Zuid-West' },
  { email: 'inspecteur4@demo.igj.test', name: 'Isaak Inspecteur', roles: ['inspecteur', 'manager'], team: 'Jeugd Zuid-West' },
];

/** A small deterministic generator, so every run builds the same landscape. */
function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

/** Idempotent: existing users are left alone; providers are recognised by KvK number and not created twice. */
export async function seedDemo(
  services: Services,
  print: (line: string) => void = () => undefined,
  clock?: MovableClock,
): Promise<{
  users: number;
  providersCreated: number;
  signalsCreated: number;
  reportsCreated: number;
  patternSignalsCreated: number;
  alertsCreated: number;
}> {
  const actor = systemActor('demo-data');
  const users = [];
  for (const u of DEMO_USERS) {
    const existing = (await services.users.list()).find((x) => x.email === u.email);
    users.push(existing ?? (await services.users.create(actor, { ...u, password: DEMO_PASSWORD })));
    print(`${u.roles.join('+').padEnd(20)} ${u.email.padEnd(28)} ${DEMO_PASSWORD}${existing ? ' (bestond al; tenzij gewijzigd)' : ''}`);
  }
  const inspectors = users.filter((u) => u.roles.includes('inspecteur'));
  const allowed = new Set(inspectors.map((i) => i.id));

  const rand = prng(2026);
  let created = 0;
  for (const [i, p] of DEMO_PROVIDERS.entries()) {
    const kvk = String(90000000 + i * 137);
    const locations: LocationInput[] = Array.from({ length: p.locations }, (_, j) => {
      const m = DEMO_MUNICIPALITIES[Math.floor(rand() * DEMO_MUNICIPALITIES.length)]!;
      const units = p.units.map(([careType, places], k) => ({
        name: `${UNIT_NAMES[(i + j * 3 + k) % UNIT_NAMES.length]}`,
        careType,
        places,
      }));
      return {
        name: `${p.short} ${m.name}${j > 0 ? ` ${j + 1}` : ''}`,
        address: `${STREETS[(i + j) % STREETS.length]} ${1 + Math.floor(rand() * 120)}`,
        municipality: m.name,
        region: m.region,
        units: j === 0 ? units : units.slice(0, 1),
      };
    });
    const [found] = (await services.providers.search(kvk)).filter((x) => x.kvkNumber === kvk);
    const rolls = [rand(), rand()];
    if (found) continue;
    const provider = await services.providers.create(actor, { name: `${p.name} (fictief)`, kvkNumber: kvk, type: p.type, locations });
    const assigned = [inspectors[i % inspectors.length]!.id, ...(p.closed ? [inspectors[(i + 1) % inspectors.length]!.id] : [])];
    await services.providers.setInspectors(actor, provider.id, assigned, allowed);
    if (p.closed && rolls[0]! < 0.2)
      await services.providers.addStatus(actor, provider.id, {
        kind: 'verscherpt-toezicht',
        startsOn: '2026-09-01',
        endsOn: '2027-02-28',
        note: 'Fictief: zes maanden na bezoek in augustus',
      });
    if (p.closed && rolls[1]! < 0.1)
      await services.providers.addStatus(actor, provider.id, {
        kind: 'opnamestop',
        startsOn: '2026-10-15',
        note: 'Fictief: opnamestop door de gemeenten',
      });
    created++;
  }
  // Signals need a clock the seed can move; without one (tests of the provider landscape) they are left out.
  const signalsCreated = clock ? await seedSignals(services, clock, rand) : 0;
  const reportsCreated = await seedReports(services);
  // Histories that make each pattern rule fire, and near misses that do not; then one scan, so the demo shows alerts at
  // once (a second run finds the same alerts open and adds nothing).
  const patternSignalsCreated = clock ? await seedPatternHistories(services, clock) : 0;
  const scan = await services.patterns.scan();
  const alertsCreated = Object.values(scan).reduce((n, t) => n + t.created, 0);
  return { users: users.length, providersCreated: created, signalsCreated, reportsCreated, patternSignalsCreated, alertsCreated };
}

const UNIT_NAMES = [
  'Groep Eik',
  'Groep Linde',
  'Groep Beuk',
  'Groep Wilg',
  'Groep Hazelaar',
  'Groep Els',
  'Groep Berk',
  'Groep Esdoorn',
  'Groep Kastanje',
  'Groep Lijster',
];
const STREETS = [
  'Dorpsstraat',
  'Kerkweg',
  'Molenlaan',
  'Bosrand',
  'Parkweg',
  'Stationsstraat',
  'Hoofdweg',
  'Schoolstraat',
  'Beekdal',
  'Heideweg',
];
