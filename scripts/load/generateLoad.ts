import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config';
import { createDb, createPool } from '../../src/db/connection';
import { prepareDatabase } from '../../src/startup';
import { auditSettings } from '../../src/audit/auditSettings';
import { services as buildServices } from '../../src/composition';
import { providers, users, DEMO_LOAD_PASSWORD } from './landscape';
import { plan, write } from './signals';
import { writeChildren } from './children';
import { writeAudit, writeReportAudit } from './audit';
import { writeReports } from './reports';

// `npm run generate:load -- --providers 8000 --signals 1000000 --years 10 [--reports 100000]`: a national history in a
// fresh database.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      providers: { type: 'string', default: '8000' },
      signals: { type: 'string', default: '1000000' },
      years: { type: 'string', default: '10' },
      // One mandatory report for every ten signals unless told otherwise.
      reports: { type: 'string' },
    },
  });
  const n = {
    providers: Number(values.providers),
    signals: Number(values.signals),
    years: Number(values.years),
    reports: Number(values.reports ?? Math.round(Number(values.signals) / 10)),
  };
  if (![n.providers, n.signals, n.years].every((v) => Number.isInteger(v) && v > 0) || !Number.isInteger(n.reports) || n.reports < 0)
    throw new Error('--providers, --signals en --years zijn positieve gehele getallen, --reports een geheel getal van 0 of meer');
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  await prepareDatabase(config);
  const db = createDb(createPool(config.databaseUrl, 2));
  const started = Date.now();
  try {
    const existing = Number((await sql<{ c: string }>`select count(*) as c from signals`.execute(db)).rows[0]!.c);
    if (existing > 0) throw new Error(`Deze database heeft al ${existing} signalen. Kies een nieuwe database met DATABASE_URL.`);
    const now = new Date();
    await users(db);
    await providers(db, n.providers);
    await plan(db, { signals: n.signals, years: n.years, now, retentionMonths: config.contactRetentionMonths });
    await write(db, { signals: n.signals, years: n.years, now, retentionMonths: config.contactRetentionMonths });
    await writeChildren(db, n.signals);
    const reports = await writeReports(db, { reports: n.reports, years: n.years, now });
    const entries =
      (await writeAudit(db, auditSettings(config).key, n.signals)) + (await writeReportAudit(db, auditSettings(config).key, reports));
    await sql`drop table if exists load_units, load_staff, load_sig, load_rep`.execute(db);
    // The generator numbers references itself; the app's sequence must go on after them, or the first signal
    // registered by hand collides with a generated one.
    await sql`select setval('signal_reference_seq', (select max(substring(reference from 8)::int) from signals))`.execute(db);
    for (const t of [
      'signals',
      'signal_contacts',
      'contact_attempts',
      'signal_events',
      'signal_assessments',
      'consultations',
      'mandatory_reports',
      'audit_log',
      'units',
      'locations',
      'providers',
    ]) {
      // Vacuumed as autovacuum would have done over ten years: index-only scans need the visibility map.
      await sql`vacuum analyze ${sql.table(t)}`.execute(db);
    }
    const counts = (
      await sql<Record<string, string>>`select (select count(*) from providers) as providers, (select count(*) from units) as units,
      (select count(*) from signals) as signals, (select count(*) from signals where closed_at is null) as open, (select count(*) from mandatory_reports) as reports,
      (select count(*) from audit_log) as audit`.execute(db)
    ).rows[0]!;
    console.log(
      `Klaar in ${((Date.now() - started) / 1000).toFixed(0)} s: ${counts.providers} aanbieders, ${counts.units} groepen, ${counts.signals} signalen (${counts.open} open), ${counts.reports} meldingen, ${entries} nieuwe auditregels (${counts.audit} in totaal).`,
    );
    console.log(
      `Inloggen: meldpunt1@load.igj.test, inspecteur1@load.igj.test, manager1@load.igj.test, beheerder1@load.igj.test; wachtwoord ${DEMO_LOAD_PASSWORD}`,
    );
  } finally {
    await db.destroy();
  }
  // The generated chain is anchored outside the database, as the app does after every change.
  const services = buildServices(config);
  try {
    await services.audit.checkpoint();
  } finally {
    await services.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
