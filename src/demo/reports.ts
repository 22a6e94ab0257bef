import type { Services } from '../composition';
import type { Actor } from '../audit/types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A few fictional mandatory reports: one reported late, one death in a ZIKOS unit that the IGJ investigates itself,
 * one without a decision yet, and one the provider investigates itself. Skipped when reports exist.
 */
export async function seedReports(services: Services): Promise<number> {
  const existing = await services.db
    .selectFrom('mandatory_reports')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return 0;
  const users = await services.users.list();
  const meldpunt = users.find((u) => u.roles.includes('meldpunt'));
  // About providers of the first demo inspector, so that an inspector logging in to the demo sees them.
  const inspector = users.find((u) => u.email.startsWith('inspecteur1@')) ?? users.find((u) => u.roles.includes('inspecteur'));
  const providers = await services.providers.search('');
  const assigned = inspector
    ? new Set(
        (await services.db.selectFrom('provider_inspectors').select('provider_id').where('user_id', '=', inspector.id).execute()).map(
          (r) => r.provider_id,
        ),
      )
    : new Set<string>();
  const theirs = providers.filter((p) => assigned.has(p.id));
  const closed = theirs.find((p) => p.closedCare) ?? providers.find((p) => p.closedCare);
  const open = theirs.find((p) => !p.closedCare) ?? providers.find((p) => !p.closedCare);
  if (!meldpunt || !closed || !open) return 0;
  const actorOf = (u: { id: string; name: string; email?: string }): Actor => ({
    userId: u.id,
    label: u.email ? `${u.name} <${u.email}>` : u.name,
    requestId: null,
  });
  const staff = actorOf(meldpunt);
  const zikosProvider = await services.providers.get(closed.id);
  const zikos = zikosProvider.locations.flatMap((l) => l.units).find((u) => u.careType === 'zikos');
  const decider = zikosProvider.inspectors.find((i) => i.id === inspector?.id) ?? zikosProvider.inspectors[0];
  const openProvider = await services.providers.get(open.id);
  const openUnit = openProvider.locations[0]?.units[0];
  const now = services.clock.now().getTime();
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();

  let created = 0;
  const register = async (actor: Actor, input: Parameters<Services['reports']['register']>[1]) => {
    await services.reports.register(actor, input, { via: 'ui' });
    created++;
  };
  // Reported a week and a half after the event: late, whatever weekends and holidays fell in between.
  await register(staff, {
    kind: 'geweld',
    occurredAt: at(12 * DAY),
    reportedAt: at(2 * DAY),
    providerId: open.id,
    locationId: openUnit ? openProvider.locations[0]!.id : undefined,
    unitId: openUnit?.id,
    youngPeopleInvolved: 2,
    summary: 'Vechtpartij tussen twee jongeren (fictief)',
    description: 'Twee jongeren raakten slaags op de groep; één liep een gebroken neus op. De aanbieder meldde pas na anderhalve week.',
    themes: ['veiligheid', 'bejegening'],
  });
  if (zikos && decider)
    await register(actorOf(decider), {
      kind: 'calamiteit',
      occurredAt: at(5 * DAY),
      reportedAt: at(5 * DAY - 6 * HOUR),
      unitId: zikos.id,
      providerId: closed.id,
      youngPeopleInvolved: 1,
      death: true,
      summary: 'Overlijden van een jongere op de ZIKOS-afdeling (fictief)',
      description: 'Een jongere is overleden tijdens een afzondering in de nacht. De aanbieder meldde dezelfde dag.',
      themes: ['vbm', 'veiligheid'],
      decision: 'igj-onderzoek',
      decisionReasons: 'Overlijden in de gesloten jeugdhulp: de IGJ onderzoekt altijd zelf.',
    });
  await register(staff, {
    kind: 'calamiteit',
    occurredAt: at(2 * DAY),
    reportedAt: at(1 * DAY),
    providerId: closed.id,
    youngPeopleInvolved: 1,
    summary: 'Jongere ernstig gewond bij fixatie (fictief)',
    description: 'Bij het vastpakken van een jongere is haar arm gebroken. Nog geen besluit over de opvolging.',
    themes: ['vbm'],
  });
  await register(staff, {
    kind: 'calamiteit',
    occurredAt: at(40 * DAY),
    reportedAt: at(39 * DAY),
    providerId: open.id,
    youngPeopleInvolved: 1,
    summary: 'Medicatiefout in de nacht (fictief)',
    description: 'Een jongere kreeg de medicatie van een groepsgenoot. Geen blijvende gevolgen.',
    themes: ['passende-hulp'],
    decision: 'zelf-onderzoek',
    decisionReasons: 'De aanbieder onderzoekt zelf met een externe voorzitter; de IGJ beoordeelt het rapport.',
  });
  return created;
}
