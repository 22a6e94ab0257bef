import type { Services } from '../composition';
import type { Actor } from '../audit/types';
import { systemActor } from '../audit/types';
import type { RegisterInput } from '../signals/intake/registration';

/** A clock the seed can move, so that each signal is registered, contacted and breached "at the time". */
export interface MovableClock {
  now(): Date;
  set(d: Date): void;
}

const SUMMARIES: Array<[theme: string, summary: string, description: string]> = [
  ['vbm', 'Afzondering zonder uitleg', 'Jongere vertelt dat hij twee dagen in de afzonderingskamer zat. Niemand legde uit waarom.'],
  [
    'vbm',
    'Vastgepakt door meerdere begeleiders',
    'Bij een ruzie werd zij door vier begeleiders op de grond gehouden. Ze had pijn aan haar arm.',
  ],
  ['bejegening', 'Uitgescholden door begeleider', 'Een vaste begeleider scheldt jongeren uit en lacht ze uit voor de groep.'],
  ['veiligheid', 'Geen toezicht in de nacht', 'Er was vannacht niemand op de groep; jongeren maakten ruzie en niemand greep in.'],
  ['personeel', 'Steeds andere invalkrachten', 'Bijna elke dag andere begeleiders die de jongeren niet kennen.'],
  ['onderwijs', 'Al weken geen school', 'De jongere gaat al zes weken niet naar school omdat er geen vervoer is.'],
  [
    'passende-hulp',
    'Geen behandeling sinds opname',
    'Sinds de opname drie maanden geleden heeft mijn kind geen gesprek met de behandelaar gehad.',
  ],
  ['klachtafhandeling', 'Klacht niet behandeld', 'De klacht bij de klachtencommissie is na vier maanden nog niet behandeld.'],
  ['vbm', 'Bellen met ouders verboden', 'Jongere mag als straf een week niet bellen met haar moeder.'],
  ['bejegening', 'Kamer doorzocht zonder reden', 'Begeleiders doorzoeken elke avond de kamers van alle jongeren.'],
];

const REASONS = [
  'Drukte door ziekte in het team',
  'Nummer klopte niet, pas later via Jeugdstem bereikt',
  'Signaal lag in de verkeerde mailbox',
  'Melder nam niet op; terugbelverzoek bleef liggen',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** About 300 fictional signals over the past year and a handful of open ones due soon. Skipped when signals exist. */
export async function seedSignals(services: Services, clock: MovableClock, rand: () => number): Promise<number> {
  const existing = await services.db
    .selectFrom('signals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return 0;
  const users = await services.users.list();
  const staff = users.filter((u) => u.roles.includes('meldpunt'));
  const managers = users.filter((u) => u.roles.includes('manager'));
  if (staff.length === 0 || managers.length === 0) return 0;
  const actorOf = (u: { id: string; name: string; email: string }): Actor => ({
    userId: u.id,
    label: `${u.name} <${u.email}>`,
    requestId: null,
  });
  const providers = await services.providers.search('');
  const closed = providers.filter((p) => p.closedCare);
  const realNow = new Date();
  let created = 0;

  async function one(receivedAt: Date, outcome: 'met' | 'late' | 'breached-late' | 'unreachable' | 'open', young: boolean): Promise<void> {
    const [theme, summary, description] = pick(rand, SUMMARIES);
    const provider = young && rand() < 0.6 ? pick(rand, closed) : pick(rand, providers);
    const reporterType = young
      ? rand() < 0.8
        ? 'jeugdige'
        : 'oud-bewoner'
      : pick(rand, ['ouder', 'ouder', 'naaste', 'professional', 'anoniem', 'overig'] as const);
    const channel = young
      ? pick(rand, ['formulier', 'telefoon', 'campagne', 'jeugdstem', 'email'] as const)
      : pick(rand, ['telefoon', 'email', 'brief', 'formulier', 'organisatie'] as const);
    const worker = pick(rand, staff);
    clock.set(new Date(receivedAt.getTime() + 5 * 60_000));
    const input: RegisterInput = {
      receivedAt,
      channel,
      reporterType,
      providerId: provider.id,
      summary,
      description,
      anonymous: reporterType === 'anoniem',
      consentShare: rand() < 0.5,
      contact:
        reporterType === 'anoniem'
          ? undefined
          : {
              phone: `06 ${String(10000000 + Math.floor(rand() * 89999999))}`,
              preferredMoments: rand() < 0.5 ? 'na schooltijd' : undefined,
            },
    };
    const { signal } = await services.signals.register(systemActor('demo-data'), input);
    created++;
    await services.signals.claim(actorOf(worker), signal.id);
    const span = signal.dueAt.getTime() - receivedAt.getTime();
    const questions = young
      ? { structuralUnsafety: pick(rand, ['ja', 'nee', 'nee'] as const), boundaryCrossing: pick(rand, ['ja', 'nee', 'nee'] as const) }
      : {};
    if (outcome === 'open') return;
    if (outcome === 'unreachable') {
      for (const f of [0.2, 0.5]) {
        clock.set(new Date(receivedAt.getTime() + span * f));
        await services.contacts.recordAttempt(actorOf(worker), signal.id, {
          at: clock.now(),
          channel: 'telefoon',
          successful: false,
          note: 'Geen gehoor',
        });
      }
      await services.contacts.requestUnreachable(actorOf(worker), signal.id, 'Nummer buiten gebruik, geen ander adres bekend');
      clock.set(new Date(receivedAt.getTime() + span * 0.7));
      await services.contacts.confirmUnreachable(actorOf(pick(rand, managers)), signal.id);
    } else {
      if (outcome !== 'met') {
        clock.set(new Date(signal.dueAt.getTime() + 30_000));
        await services.enforcement.recordBreach(signal.id);
      }
      const at =
        outcome === 'met'
          ? receivedAt.getTime() + span * (0.1 + rand() * 0.8)
          : signal.dueAt.getTime() + (outcome === 'late' ? 3_600_000 : 30 * 3_600_000) * (0.2 + rand());
      clock.set(new Date(at + 60_000));
      await services.contacts.recordAttempt(actorOf(worker), signal.id, {
        at: new Date(at),
        channel: 'telefoon',
        successful: true,
        note: 'Gesprek gevoerd',
        ...questions,
      });
      if (outcome !== 'met' && rand() < 0.7) await services.signals.setBreachReason(actorOf(worker), signal.id, pick(rand, REASONS));
    }
    await services.assessments.assess(actorOf(worker), signal.id, {
      possibleMisstand: rand() < 0.3,
      seriousThreat: rand() < 0.1,
      meldplicht: rand() < 0.15,
      concernsJzp: signal.concernsClosedCare,
      themes: [theme],
      advice: 'Uitleg gegeven over de klachtencommissie en Jeugdstem.',
      referrals: rand() < 0.5 ? ['klachtencommissie'] : ['jeugdstem'],
    });
    const consultation = await services.assessments.consultationOf(signal.id);
    if (consultation) {
      const inspector = (await services.providers.get(consultation.provider_id)).inspectors[0];
      if (inspector) {
        clock.set(new Date(Math.min(consultation.due_at.getTime() - 3_600_000, realNow.getTime())));
        await services.assessments.recordConsultation(
          { userId: inspector.id, label: inspector.name, requestId: null },
          signal.id,
          'Besproken met de inspecteurs; meegenomen in het risicobeeld.',
        );
      }
    }
    if (rand() < 0.8) {
      clock.set(new Date(clock.now().getTime() + 86_400_000));
      await services.signals.transition(actorOf(worker), signal.id, 'afgesloten');
    }
  }

  // A year of history, roughly two signals on three days out of four.
  for (let day = 365; day >= 4; day--) {
    const count = rand() < 0.25 ? 0 : rand() < 0.6 ? 1 : 2;
    for (let i = 0; i < count; i++) {
      const receivedAt = new Date(realNow.getTime() - day * 86_400_000 + Math.floor(rand() * 10 * 3_600_000));
      const r = rand();
      const outcome = r < 0.78 ? 'met' : r < 0.88 ? 'late' : r < 0.93 ? 'breached-late' : 'unreachable';
      await one(receivedAt, outcome, rand() < 0.45);
    }
  }
  // Open now: some overdue, some due within 12 hours, some with time to spare.
  for (const hoursAgo of [52, 50, 40, 38, 30, 20, 8, 3, 1]) await one(new Date(realNow.getTime() - hoursAgo * 3_600_000), 'open', true);
  for (const daysAgo of [6, 4, 2, 1]) await one(new Date(realNow.getTime() - daysAgo * 86_400_000), 'open', false);
  clock.set(realNow);
  return created;
}
