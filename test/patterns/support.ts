import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { appDatabaseUrlFor, appRoleFor, loadConfig } from '../../src/config';
import { services as buildServices } from '../../src/composition';
import { systemActor } from '../../src/audit/types';
import type { Clock } from '../../src/clock';
import { withTimeout } from '../../src/common/timeout';
import { createTestDatabase, dropTestDatabase, templateDb } from '../support/db';
import type { TestContext } from '../support/testServices';
import type { RegisterInput } from '../../src/signals/intake/registration';

export const actor = systemActor('test');

/** As test/support/testServices, with this suite's database names (h3_…) and its own queues removed afterwards. */
export async function patternServices(opts: { env?: Record<string, string>; clock?: Clock } = {}): Promise<TestContext> {
  const databaseName = `h3_${randomBytes(6).toString('hex')}`;
  const databaseUrl = await createTestDatabase(databaseName);
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `jt-test-${databaseName}`,
    LOG_LEVEL: 'silent',
    AUDIT_KEY: process.env.AUDIT_KEY,
    AUDIT_ANCHOR_DIR: process.env.AUDIT_ANCHOR_DIR,
    ...opts.env,
  };
  const config = loadConfig({ APP_DATABASE_URL: appDatabaseUrlFor(env.DATABASE_URL, appRoleFor(templateDb())), ...env });
  const services = buildServices(config, { clock: opts.clock });
  return {
    services,
    config,
    databaseUrl,
    databaseName,
    async cleanup() {
      const q = services.queues;
      await withTimeout(Promise.all([q.mail, q.maintenance, q.signals, q.patterns].map((x) => x.obliterate({ force: true }))), 3000).catch(
        () => undefined,
      );
      await services.close();
      await dropTestDatabase(databaseName);
    },
  };
}

type Services = TestContext['services'];

/** A provider with one location and the given groups; each group's registration moved back to `createdAt`. */
export async function provider(
  s: Services,
  name: string,
  units: Array<{ name: string; careType: string; places: number }>,
  createdAt = new Date('2020-01-01T00:00:00Z'),
) {
  const p = await s.providers.create(actor, {
    name,
    locations: [{ name: `${name} locatie`, address: 'Dorpsstraat 1', municipality: 'Utrecht', units }],
  });
  const location = p.locations[0]!;
  // created_at is written by the database at insert; a test moves it back to give the group a history.
  await sql`update units set created_at = ${createdAt} where location_id = ${location.id}`.execute(s.db);
  await sql`update providers set created_at = ${createdAt} where id = ${p.id}`.execute(s.db);
  return { id: p.id, locationId: location.id, units: location.units.map((u) => ({ ...u, locationId: location.id, providerId: p.id })) };
}

export type Unit = Awaited<ReturnType<typeof provider>>['units'][number];

/** Registers a signal about a group; `who` gives contact details (an e-mail address), none means anonymous by that channel. */
export async function signal(
  s: Services,
  unit: Unit,
  receivedAt: Date,
  o: { email?: string; phone?: string; name?: string; channel?: string; reporterType?: string; receipt?: boolean } = {},
) {
  const contact = o.email || o.phone || o.name ? { email: o.email, phone: o.phone, name: o.name } : undefined;
  const input: RegisterInput = {
    receivedAt,
    channel: o.channel ?? 'telefoon',
    reporterType: o.reporterType ?? (contact ? 'jeugdige' : 'anoniem'),
    unitId: unit.id,
    anonymous: !contact,
    summary: 'Geheime samenvatting van de melder',
    description: 'Beschrijving met persoonlijke details.',
    contact,
  };
  return (await s.signals.register(actor, input, { receipt: o.receipt })).signal;
}

export async function assess(s: Services, signalId: string, themes: string[], meldplicht = false) {
  await s.assessments.assess(actor, signalId, {
    possibleMisstand: true,
    seriousThreat: false,
    meldplicht,
    concernsJzp: false,
    themes,
    referrals: [],
  });
}

/** A mandatory report straight into its table (the reports module registers them; the rules only read them). */
export async function report(s: Services, unit: Unit, occurredAt: Date, themes: string[] = [], registeredAt = occurredAt) {
  const n = randomBytes(3).toString('hex');
  const r = await s.db
    .insertInto('mandatory_reports')
    .values({
      reference: `M-TEST-${n}`,
      kind: 'geweld',
      occurred_at: occurredAt,
      reported_at: registeredAt,
      registered_at: registeredAt,
      registered_via: 'api',
      provider_id: unit.providerId,
      location_id: unit.locationId,
      unit_id: unit.id,
      young_people_involved: 1,
      closed_care: false,
      summary: 'Samenvatting van de aanbieder',
      description: 'Beschrijving',
      themes,
      due_at: occurredAt,
      late: false,
      updated_at: registeredAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export const alerts = (s: Services, rule?: string) =>
  s.db
    .selectFrom('pattern_alerts')
    .selectAll()
    .$if(Boolean(rule), (q) => q.where('rule', '=', rule!))
    .orderBy('created_at')
    .orderBy('status')
    .orderBy('theme')
    .execute();

export const itemsOf = async (s: Services, alertId: string) =>
  (await s.db.selectFrom('pattern_alert_items').select('item_id').where('alert_id', '=', alertId).execute()).map((i) => i.item_id).sort();

export const historyOf = (s: Services, alertId: string) =>
  s.db.selectFrom('pattern_alert_history').selectAll().where('alert_id', '=', alertId).orderBy('at').execute();

export const setRule = (s: Services, rule: string, key: string, value: number) =>
  s.db.updateTable('pattern_rule_settings').set({ value }).where('rule', '=', rule).where('key', '=', key).execute();

export const DAY = 86_400_000;
export const daysBefore = (d: Date, n: number) => new Date(d.getTime() - n * DAY);

/** Many signals about a group at once, straight into the table (history for baselines); each from an unknown reporter. */
export async function bulkSignals(s: Services, unit: Unit, dates: Date[], reporterType = 'ouder', registeredAt?: Date) {
  if (dates.length === 0) return [];
  const norm = await s.db.selectFrom('follow_up_norms').select(['id', 'label']).where('retired_at', 'is', null).executeTakeFirstOrThrow();
  const rows = await s.db
    .insertInto('signals')
    .values(
      dates.map((d) => ({
        reference: `S-T-${randomBytes(6).toString('hex')}`,
        received_at: d,
        registered_at: registeredAt ?? d,
        channel: 'brief',
        reporter_type: reporterType,
        young_person_self: false,
        provider_id: unit.providerId,
        location_id: unit.locationId,
        unit_id: unit.id,
        summary: 'Geschiedenis',
        description: 'Geschiedenis',
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

/** `count` moments spread evenly over the `days` days before `end`. */
export const spread = (end: Date, days: number, count: number): Date[] =>
  Array.from({ length: count }, (_, i) => new Date(end.getTime() - ((i + 0.5) * days * DAY) / count));
