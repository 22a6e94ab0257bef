import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { services as buildServices } from '../../src/composition';
import { systemActor } from '../../src/audit/types';
import { DEMO_LOAD_PASSWORD } from '../load/landscape';

// The pages of issue 9 on a generated national history (`npm run generate:load` first, into DATABASE_URL):
// p50/p95 of 20 sequential requests, response size, the web process's peak RSS, /healthz while a 10-year report runs,
// beside a plain count(*) and a group-by over signals as references. Usage: DATABASE_URL=… npm run bench:scale
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jeugdtoezicht_load';
const PORT = 3800 + Math.floor(Math.random() * 90);
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = Number(process.env.RUNS ?? 20);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const peakRss = (child: ChildProcess) => {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
};

async function logIn(email: string): Promise<string> {
  const page = await fetch(`${BASE}/inloggen`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await fetch(`${BASE}/inloggen`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: DEMO_LOAD_PASSWORD, _csrf: csrf }),
  });
  if (res.status !== 303) throw new Error(`inloggen als ${email} mislukt (${res.status})`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function timed(url: string, headers: Record<string, string>) {
  const t0 = performance.now();
  const res = await fetch(`${BASE}${url}`, { headers });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, bytes: body.byteLength, status: res.status };
}

async function measure(label: string, url: string, headers: Record<string, string>) {
  const ms: number[] = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(url, headers);
    ms.push(r.ms);
    ({ bytes, status } = r);
  }
  ms.sort((a, b) => a - b);
  const size = bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} KB`;
  console.log(`| ${label} | ${pct(ms, 50).toFixed(0)} / ${pct(ms, 95).toFixed(0)} ms | ${size} | ${status} |`);
}

async function reference(pool: Pool, label: string, query: string) {
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await pool.query(query);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`| ${label} | ${pct(ms, 50).toFixed(0)} / ${pct(ms, 95).toFixed(0)} ms | | |`);
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL, LOG_LEVEL: 'silent' });
  const services = buildServices(config);
  const { token } = await services.apiTokens.create(systemActor('bench'), 'scale-bench');
  await services.close();
  const server = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'bench', 'benchServer.ts')], {
    env: { ...process.env, DATABASE_URL, PORT: String(PORT), QUEUE_PREFIX: 'jt-bench-scale' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => server.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
  try {
    const signals = (await pool.query('select count(*)::int as n from signals')).rows[0].n as number;
    const today = new Date().toISOString().slice(0, 10);
    const tenYears = `from=${Number(today.slice(0, 4)) - 10}${today.slice(4)}&to=${today}`;
    const manager = { cookie: await logIn('manager1@load.igj.test') };
    const meldpunt = { cookie: await logIn('meldpunt1@load.igj.test') };
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
