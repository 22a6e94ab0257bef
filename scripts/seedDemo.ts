import { loadConfig } from '../src/config';
import { services as buildServices } from '../src/composition';
import { prepareDatabase } from '../src/startup';
import { seedDemo } from '../src/demo/seed';
import { fixedClock } from '../src/clock';

// `npm run seed:demo`: fictional demo users and providers; safe to run again.
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  await prepareDatabase(config);
  // The seed moves this clock so each demo signal is registered, contacted and breached at its own moment.
  const clock = fixedClock(new Date());
  const services = buildServices(config, { clock });
  try {
    console.log('Demo-gebruikers (rol, e-mailadres, wachtwoord):');
    const r = await seedDemo(services, (line) => console.log(`  ${line}`), clock);
    console.log(`${r.providersCreated} nieuwe fictieve aanbieders aangemaakt (al aanwezige zijn overgeslagen).`);
    console.log(`${r.signalsCreated} fictieve signalen aangemaakt${r.signalsCreated === 0 ? ' (er waren al signalen)' : ''}.`);
    console.log(`${r.reportsCreated} fictieve meldingen aangemaakt${r.reportsCreated === 0 ? ' (er waren al meldingen)' : ''}.`);
    console.log(
      `${r.patternSignalsCreated} fictieve signalen met patronen aangemaakt${r.patternSignalsCreated === 0 ? ' (waren er al)' : ''}; ` +
        `de patroonscan gaf ${r.alertsCreated} nieuwe waarschuwingen.`,
    );
    // The audit entries of the seed are anchored outside the database right away.
    await services.audit.checkpoint();
  } finally {
    await services.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
