import { Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { services as buildServices } from '../../src/composition';
import { systemActor } from '../../src/audit/types';
import { logIn, measure as measured, peakRss, pct, reference, RUNS, startServer, timed as timedAt } from './http';

// The pages of issue 9 on a generated national history (`npm run generate:load` first, into DATABASE_URL):
// p50/p95 of 20 sequential requests, response size, the web process's peak RSS, /healthz while a 10-year report runs,
// beside a plain count(*) and a group-by over signals as references. Usage: DATABASE_URL=… npm run bench:scale
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jeugdtoezicht_load';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL, LOG_LEVEL: 'silent' });
  const services = buildServices(config);
  const { token } = await services.apiTokens.create(systemActor('bench'), 'scale-bench');
  await services.close();
  const { child: server, base } = await startServer(DATABASE_URL, 'jt-bench-scale');
  const measure = (label: string, url: string, headers: Record<string, string>) => measured(base, label, url, headers);
  const timed = (url: string, headers: Record<string, string>) => timedAt(base, url, headers);
  const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
  try {
    const signals = (await pool.query('select count(*)::int as n from signals')).rows[0].n as number;
    const today = new Date().toISOString().slice(0, 10);
    const tenYears = `from=${Number(today.slice(0, 4)) - 10}${today.slice(4)}&to=${today}`;
    const manager = await logIn(base, 'manager1@load.igj.test');
    const meldpunt = await logIn(base, 'meldpunt1@load.igj.test');
    const api = { authorization: `Bearer ${token}` };
    console.log(`${signals.toLocaleString('nl-NL')} signalen; ${RUNS} opeenvolgende verzoeken per regel (p50 / p95).\n`);
    console.log('| pagina | p50 / p95 | grootte | status |\n|---|---|---|---|');
    await measure(`/rapportage/opvolging 10 jaar`, `/rapportage/opvolging?${tenYears}`, manager);
    await measure('idem als CSV', `/rapportage/opvolging.csv?${tenYears}`, manager);
    await measure('GET /api/v1/reports/follow-up 10 jaar', `/api/v1/reports/follow-up?${tenYears}`, api);
    await measure('/signalen/nieuw', '/signalen/nieuw', meldpunt);
    await measure('/werkvoorraad', '/werkvoorraad', meldpunt);
    await measure('/aanbieders', '/aanbieders', meldpunt);
    await measure('/signalen (zoeken, eerste pagina)', '/signalen', meldpunt);
    await measure('/signalen?q=Breda (een gemeente)', '/signalen?q=Breda', meldpunt);
    await measure('/signalen?q=afzondering (een woord)', '/signalen?q=afzondering', meldpunt);
    await measure('/signalen gesorteerd op aanbieder', '/signalen?sort=provider', meldpunt);
    // /healthz while one 10-year report is being made: does one request hold up the others?
    const report = timed(`/rapportage/opvolging?${tenYears}`, manager);
    const health: number[] = [];
    for (let i = 0; i < RUNS; i++) health.push((await timed('/healthz', {})).ms);
    await report;
    health.sort((a, b) => a - b);
    console.log(`| /healthz tijdens een 10-jaarsrapport | ${pct(health, 50).toFixed(0)} / ${pct(health, 95).toFixed(0)} ms | | |`);
    await reference(pool, 'referentie: select count(*) from signals', 'select count(*) from signals');
    await reference(pool, 'referentie: provider_id, count(*) … group by', 'select provider_id, count(*) from signals group by provider_id');
    console.log(`\nPiek-RSS van het webproces: ${peakRss(server).toFixed(0)} MB`);
  } finally {
    await pool.end();
    server.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
