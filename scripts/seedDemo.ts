import { loadConfig } from '../src/config';
import { services as buildServices } from '../src/composition';
import { prepareDatabase } from '../src/startup';
import { seedDemo } from '../src/demo/seed';

// `npm run seed:demo`: fictional demo users and providers; safe to run again.
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  await prepareDatabase(config);
  const services = buildServices(config);
  try {
    console.log('Demo-gebruikers (rol, e-mailadres, wachtwoord):');
    const r = await seedDemo(services, (line) => console.log(`  ${line}`));
    console.log(`${r.providersCreated} nieuwe fictieve aanbieders aangemaakt (al aanwezige zijn overgeslagen).`);
  } finally {
    await services.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
