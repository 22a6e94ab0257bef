import { Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { services as buildServices } from '../../src/composition';
import { systemActor } from '../../src/audit/types';
import { logIn, measure, measureStep, peakRss, reference, row, RUNS, startServer, timed } from './http';

// Issue 10 on a generated national set (`npm run generate:load -- … --reports 100000` into DATABASE_URL): the first
// and a deep page of the busiest provider's timeline (API and page), the pattern check after one new signal, the
// nightly scan (a first one, then one with nothing new) and the risk overview, beside one plain
// `select provider_id, count(*) from signals group by provider_id`. Usage: DATABASE_URL=… npm run bench:patterns
// It registers RUNS signals on the busiest group (they stay, as bench data) and may raise alerts.
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jeugdtoezicht_load';
const actor = systemActor('bench');

async function main(): Promise<void> {
  const services = buildServices(loadConfig({ ...process.env, DATABASE_URL, LOG_LEVEL: 'silent', QUEUE_PREFIX: 'jt-bench-patterns' }));
  const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
  const { token } = await services.apiTokens.create(actor, 'patterns-bench');
  const { child: server, base } = await startServer(DATABASE_URL, 'jt-bench-patterns');
  try {
    const one = async (q: string) => (await pool.query(q)).rows[0] as Record<string, string>;
    const totals = await one(`select (select count(*) from signals) as signals, (select count(*) from mandatory_reports) as reports`);
    const busiest = await one(`select provider_id as id, count(*) as n from signals where provider_id is not null
      group by provider_id order by count(*) desc limit 1`);
    const unit = await one(`select unit_id as id, count(*) as n from signals where provider_id = '${busiest.id}' and unit_id is not null
      group by unit_id order by count(*) desc limit 1`);
    const reports = await one(`select count(*) as n from mandatory_reports where provider_id = '${busiest.id}'`);
    const api = { authorization: `Bearer ${token}` };
    const manager = await logIn(base, 'manager1@load.igj.test');
    console.log(
      `${Number(totals.signals).toLocaleString('nl-NL')} signalen, ${Number(totals.reports).toLocaleString('nl-NL')} meldingen; drukste aanbieder: ${busiest.n} signalen en ${reports.n} meldingen. ${RUNS} keer per regel (p50 / p95).\n`,
    );
    console.log('| wat | p50 / p95 | grootte | status |\n|---|---|---|---|');
    await reference(
      pool,
      'referentie: select provider_id, count(*) … group by',
      'select provider_id, count(*) from signals group by provider_id',
    );
    const timeline = `/api/v1/providers/${busiest.id}/timeline`;
    await measure(base, 'tijdlijn drukste aanbieder, eerste pagina (API)', timeline, api);
    await measure(base, 'idem als pagina', `/aanbieders/${busiest.id}/tijdlijn`, manager);
    let next: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: Response = await fetch(`${base}${timeline}${next ? `?cursor=${encodeURIComponent(next)}` : ''}`, { headers: api });
      next = ((await res.json()) as { next: string | null }).next;
      if (!next) break;
    }
    if (next) await measure(base, 'tijdlijn, 21e pagina (API)', `${timeline}?cursor=${encodeURIComponent(next)}`, api);
    const place = await one(
      `select u.id, u.location_id, l.provider_id from units u join locations l on l.id = u.location_id where u.id = '${unit.id}'`,
    );
    // Registered first, then only the check is timed: what the worker does for one new signal.
    const checks: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { signal } = await services.signals.register(actor, {
        channel: 'telefoon',
        reporterType: 'ouder',
        unitId: place.id,
        summary: 'Belastingproef',
        description: 'Signaal van de benchmark.',
        contact: { email: `bench${Date.now()}-${i}@voorbeeld.test` },
      });
      const t0 = performance.now();
      await services.patterns.handle('check', {
        kind: 'signal',
        id: signal.id,
        providerId: place.provider_id,
        locationId: place.location_id,
        unitId: place.id,
      });
      checks.push(performance.now() - t0);
    }
    row(`controle na één nieuw signaal (groep met ${unit.n} signalen)`, checks);
    for (const label of ['nachtelijke scan', 'nachtelijke scan, niets nieuws']) await measureStep(label, () => services.patterns.scan(), 1);
    if ((await timed(base, '/risico', manager)).status === 200) await measure(base, '/risico', '/risico', manager);
    console.log(`\nPiek-RSS van het webproces: ${peakRss(server).toFixed(0)} MB`);
  } finally {
    await pool.end();
    server.kill('SIGTERM');
    await services.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
