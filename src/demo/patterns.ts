import { sql } from 'kysely';
import type { Services } from '../composition';
import type { Actor } from '../audit/types';
import { systemActor } from '../audit/types';
import { CLOSED_CARE_TYPES } from '../providers/types';
import type { MovableClock } from './signals';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A group of the demo landscape, found by its provider's name and care type. */
interface DemoUnit {
  providerId: string;
  locationId: string;
  unitId: string;
  closedCare: boolean;
  inspectors: Actor[];
}

interface Reporter {
  type: 'jeugdige' | 'oud-bewoner' | 'ouder' | 'professional';
  channel: 'telefoon' | 'email';
  phone?: string;
  email?: string;
}

/** One signal's life: received, contacted in time, assessed, and closed a day later when it is older than a week. */
interface Life {
  unit: DemoUnit;
  daysAgo: number;
  reporter: Reporter;
  themes: string[];
  meldplicht?: boolean;
  text: [summary: string, description: string];
}

const TEXTS: Record<string, [string, string]> = {
  vbm: ['Afzondering zonder uitleg (fictief)', 'Jongere zat een nacht in de afzonderingskamer; niemand legde uit waarom.'],
  bejegening: ['Uitgelachen door begeleider (fictief)', 'Een begeleider lacht jongeren uit waar de groep bij is.'],
  veiligheid: ['Onrustige nachten (fictief)', 'Er is ’s nachts te weinig toezicht; jongeren maken ruzie en niemand grijpt in.'],
  personeel: ['Steeds andere invallers (fictief)', 'Bijna elke dag andere begeleiders die de jongeren niet kennen.'],
  'passende-hulp': ['Geen behandelgesprek (fictief)', 'Al weken geen gesprek met de behandelaar.'],
};
const THEMES = Object.keys(TEXTS);
const INJURY: [string, string] = [
  'Jongere gewond bij vastpakken (fictief)',
  'Moeder vertelt dat haar zoon bij het vastpakken door begeleiders zijn schouder uit de kom kreeg.',
];
const young = (n: number): Reporter => ({ type: 'jeugdige', channel: 'telefoon', phone: `06 9${String(n).padStart(7, '0')}` });
const MENTOR: Reporter = { type: 'professional', channel: 'email', email: 'mentor.demo@example.test' };
const parent = (n: number): Reporter => ({ type: 'ouder', channel: 'telefoon', phone: `06 8${String(n).padStart(7, '0')}` });

/** The group of a demo provider with this care type, on the location that has most groups (the demo's first). */
async function unitOf(services: Services, provider: string, careType: string): Promise<DemoUnit | undefined> {
  const { rows } = await sql<{ provider_id: string; location_id: string; unit_id: string }>`
    select p.id as provider_id, l.id as location_id, u.id as unit_id
      from providers p join locations l on l.provider_id = p.id join units u on u.location_id = l.id
     where p.name = ${`${provider} (fictief)`} and u.care_type = ${careType}
     order by (select count(*) from units x where x.location_id = l.id) desc, l.name, u.places desc, u.name
     limit 1`.execute(services.db);
  const r = rows[0];
  if (!r) return undefined;
  const inspectors = (await services.providers.get(r.provider_id)).inspectors;
  return {
    providerId: r.provider_id,
    locationId: r.location_id,
    unitId: r.unit_id,
    closedCare: (CLOSED_CARE_TYPES as readonly string[]).includes(careType),
    inspectors: inspectors.map((i) => ({ userId: i.id, label: i.name, requestId: null })),
  };
}

/** `count` lives spread evenly over days `fromDay` to `toDay` ago, each from another reporter, themes in turn. */
const spreadOver = (unit: DemoUnit, count: number, fromDay: number, toDay: number, first: number): Life[] =>
  Array.from({ length: count }, (_, i) => {
    const theme = THEMES[(first + i) % THEMES.length]!;
    return {
      unit,
      daysAgo: fromDay - ((fromDay - toDay) * (i + 0.5)) / count,
      reporter: i % 3 === 0 ? parent(first * 100 + i) : young(first * 100 + i),
      themes: [theme],
      text: TEXTS[theme]!,
    };
  });

/**
 * Histories that make each pattern rule fire on the demo, and near misses that must not (src/patterns/rules):
 * - cluster: three young people about one JeugdzorgPlus group of De Lindehoeve within 30 days; near miss: three
 *   signals from one young person about the ambulant team of Het Kompas Zuid;
 * - rise: eight signals in a month about a group of De Wending that had six in the year before; near miss: one extra
 *   signal (two in a month, about one expected) about a 4-place family home of Het Anker;
 * - missing report: a signal about De Sprong assessed "the provider should have reported this", without a report;
 *   near miss: the same about De Oever, with the provider's report;
 * - recurrence: 'vrijheidsbeperkende maatregelen' returning at Oosterpoort after its improvement trajectory closed;
 * - silence: a ZIKOS group of Horizonzorg from which no young person called for eight months.
 * The groups of the cluster and of both rise cases get a year of quieter history, so the rise rule judges them by
 * their own baseline and the cluster stays a cluster only (an ambulant team has no places, so no rise to judge). Kept
 * small: every demo signal goes through its whole life, and the seed runs before many browser tests. Skipped when
 * De Lindehoeve's group already has signals (the demo's other signals never name a group).
 */
export async function seedPatternHistories(services: Services, clock: MovableClock): Promise<number> {
  const now = clock.now();
  const users = await services.users.list();
  const staffUser = users.find((u) => u.roles.includes('meldpunt'));
  const cluster = await unitOf(services, 'Stichting De Lindehoeve', 'jeugdzorgplus');
  if (!staffUser || !cluster) return 0;
  const already = await services.db.selectFrom('signals').select('id').where('unit_id', '=', cluster.unitId).limit(1).execute();
  if (already.length > 0) return 0;
  const staff: Actor = { userId: staffUser.id, label: `${staffUser.name} <${staffUser.email}>`, requestId: null };
  const [oneYoung, rise, steady, missing, matched, recurring, silent] = await Promise.all([
    unitOf(services, 'Jeugd-GGZ Het Kompas Zuid', 'ambulant'),
    unitOf(services, 'Open Huis De Wending', 'open-residentieel'),
    unitOf(services, 'Gezinshuizen Het Anker', 'gezinshuis'),
    unitOf(services, 'Trainingshuis De Sprong', 'kleinschalig'),
    unitOf(services, 'Driemilieu De Oever', 'open-residentieel'),
    unitOf(services, 'Jeugd-GGZ Oosterpoort', 'ggz-klinisch'),
    unitOf(services, 'Horizonzorg Jeugd', 'zikos'),
  ]);
  if (!oneYoung || !rise || !steady || !missing || !matched || !recurring || !silent) return 0;

  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const lives: Life[] = [
    // Cluster: half a dozen signals in the year before, then three young people within 30 days.
    ...spreadOver(cluster, 6, 360, 40, 1),
    { unit: cluster, daysAgo: 21, reporter: young(1001), themes: ['vbm'], text: TEXTS.vbm! },
    { unit: cluster, daysAgo: 12, reporter: young(1002), themes: ['vbm'], text: TEXTS.vbm! },
    { unit: cluster, daysAgo: 5, reporter: young(1003), themes: ['bejegening'], text: TEXTS.bejegening! },
    // Near miss: three signals from one young person (the same telephone number) about an ambulant team.
    ...[24, 14, 6].map((d) => ({ unit: oneYoung, daysAgo: d, reporter: young(2001), themes: ['vbm'], text: TEXTS.vbm! })),
    // Rise: six in the year before, eight in the last month from a parent and a school mentor (two reporters).
    ...spreadOver(rise, 6, 390, 40, 3),
    ...[28, 25, 21, 18, 14, 10, 7, 5].map((d, i) => ({
      unit: rise,
      daysAgo: d,
      reporter: i % 2 === 0 ? parent(3001) : MENTOR,
      themes: ['veiligheid'],
      text: TEXTS.veiligheid!,
    })),
    // Near miss: about one a month on a 4-place family home, and now one extra (two in the last month).
    ...spreadOver(steady, 12, 395, 35, 4),
    { unit: steady, daysAgo: 25, reporter: parent(4001), themes: ['personeel'], text: TEXTS.personeel! },
    { unit: steady, daysAgo: 6, reporter: young(4002), themes: ['bejegening'], text: TEXTS.bejegening! },
    // Missing report and its near miss (the report follows below).
    { unit: missing, daysAgo: 12, reporter: parent(5001), themes: ['vbm'], meldplicht: true, text: INJURY },
    { unit: matched, daysAgo: 14, reporter: parent(6001), themes: ['vbm'], meldplicht: true, text: INJURY },
    // Recurrence: the signals behind an improvement trajectory on restraint, and the theme back after it closed.
    ...[330, 310].map((d, i) => ({ unit: recurring, daysAgo: d, reporter: young(7001 + i), themes: ['vbm'], text: TEXTS.vbm! })),
    { unit: recurring, daysAgo: 40, reporter: parent(7010), themes: ['vbm'], text: TEXTS.vbm! },
    { unit: recurring, daysAgo: 10, reporter: young(7011), themes: ['vbm', 'bejegening'], text: TEXTS.vbm! },
    // Silence: the last young person called eight months ago; since then only a parent.
    { unit: silent, daysAgo: 240, reporter: young(8001), themes: ['passende-hulp'], text: TEXTS['passende-hulp']! },
    { unit: silent, daysAgo: 60, reporter: parent(8002), themes: ['passende-hulp'], text: TEXTS['passende-hulp']! },
  ];
  lives.sort((a, b) => b.daysAgo - a.daysAgo);

  // The provider of De Oever reported the incident itself, two days after it happened; its inspector decided on it.
  // Registered before the signals, so a worker checking the signal's missing report meanwhile finds the report.
  clock.set(at(13));
  await services.reports.register(
    matched.inspectors[0] ?? staff,
    {
      kind: 'geweld',
      occurredAt: at(15).toISOString(),
      reportedAt: at(13).toISOString(),
      providerId: matched.providerId,
      locationId: matched.locationId,
      unitId: matched.unitId,
      youngPeopleInvolved: 1,
      summary: 'Jongere gewond bij vastpakken (fictief)',
      description: 'Bij het naar de grond brengen van een jongere raakte zijn schouder uit de kom. De aanbieder meldde het zelf.',
      themes: ['vbm'],
      decision: 'zelf-onderzoek',
      decisionReasons: 'De aanbieder onderzoekt zelf; de IGJ beoordeelt het rapport.',
    },
    { via: 'ui' },
  );

  for (const life of lives) await live(services, clock, staff, at(life.daysAgo), life, now);

  // The improvement trajectory on restraint at Oosterpoort, closed three months ago (the inspections issue adds its pages).
  clock.set(at(90));
  await services.db.transaction().execute(async (trx) => {
    const t = await trx
      .insertInto('improvement_trajectories')
      .values({
        provider_id: recurring.providerId,
        location_id: recurring.locationId,
        unit_id: recurring.unitId,
        themes: ['vbm'],
        opened_at: at(300),
        closed_at: at(90),
        created_at: at(90),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await services.audit.record(trx, systemActor('demo-data'), {
      action: 'create',
      objectType: 'improvement-trajectory',
      objectId: t.id,
      changes: { themes: { before: null, after: ['vbm'] }, closedAt: { before: null, after: at(90).toISOString() } },
    });
  });
  clock.set(now);
  return lives.length;
}

/** Registers one signal and takes it through contact, assessment (and consultation) to closing, each step at its moment. */
async function live(services: Services, clock: MovableClock, staff: Actor, receivedAt: Date, life: Life, now: Date): Promise<void> {
  const step = (ms: number) => clock.set(new Date(Math.min(receivedAt.getTime() + ms, now.getTime())));
  step(5 * 60_000);
  const { reporter: r } = life;
  const { signal } = await services.signals.register(staff, {
    receivedAt,
    channel: r.channel,
    reporterType: r.type,
    providerId: life.unit.providerId,
    locationId: life.unit.locationId,
    unitId: life.unit.unitId,
    summary: life.text[0],
    description: life.text[1],
    consentShare: true,
    contact: { phone: r.phone, email: r.email },
  });
  step(10 * 60_000);
  await services.signals.claim(staff, signal.id);
  step(2 * HOUR);
  const youngPerson = r.type === 'jeugdige' || r.type === 'oud-bewoner';
  await services.contacts.recordAttempt(staff, signal.id, {
    at: clock.now(),
    channel: 'telefoon',
    successful: true,
    note: 'Gesprek gevoerd',
    ...(youngPerson ? { structuralUnsafety: 'nee', boundaryCrossing: 'ja' } : {}),
  });
  step(3 * HOUR);
  await services.assessments.assess(staff, signal.id, {
    possibleMisstand: true,
    seriousThreat: false,
    meldplicht: life.meldplicht ?? false,
    concernsJzp: life.unit.closedCare,
    themes: life.themes,
    advice: 'Uitleg gegeven over de klachtencommissie en Jeugdstem.',
    referrals: ['klachtencommissie'],
  });
  const consultation = await services.assessments.consultationOf(signal.id);
  const inspector = life.unit.inspectors[0];
  if (consultation && inspector) {
    step(4 * HOUR);
    await services.assessments.recordConsultation(inspector, signal.id, 'Besproken met de inspecteurs; meegenomen in het risicobeeld.');
  }
  if (life.daysAgo > 7) {
    step(DAY);
    await services.signals.transition(staff, signal.id, 'afgesloten');
  }
}
