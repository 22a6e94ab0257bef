import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { services as buildServices } from '../../src/composition';
import { systemActor } from '../../src/audit/types';
import { prepareDatabase } from '../../src/startup';

// Registers signals through POST /api/v1/signals and prints throughput and latency, next to the same machine's
// plain single-row INSERT rate through pg as the reference. Usage: npm run bench -- [requests] [concurrency]
const REQUESTS = Number(process.argv[2] ?? 2000);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const DB = 'jeugdtoezicht_bench';
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const PORT = 3900 + Math.floor(Math.random() * 90);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function run(label: string, total: number, concurrency: number, once: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        await once(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const line = `${label.padEnd(44)} ${String(Math.round(total / seconds)).padStart(6)} /s   p50 ${pct(latencies, 50).toFixed(1).padStart(6)} ms   p95 ${pct(latencies, 95).toFixed(1).padStart(6)} ms   p99 ${pct(latencies, 99).toFixed(1).padStart(6)} ms`;
  console.log(line);
  return { perSecond: total / seconds, p50: pct(latencies, 50), p95: pct(latencies, 95) };
}

async function main(): Promise<void> {
  const admin = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', max: 1 });
  await admin.query(`drop database if exists ${DB} with (force)`);
  await admin.end();
  const config = loadConfig({ ...process.env, DATABASE_URL, QUEUE_PREFIX: 'jt-bench', LOG_LEVEL: 'silent' });
  await prepareDatabase(config);
  const services = buildServices(config);
  const { token } = await services.apiTokens.create(systemActor('bench'), 'bench');
  const provider = await services.providers.create(systemActor('bench'), {
    name: 'Bench Jeugdzorg',
    locations: [
      { name: 'L', address: 'A 1', municipality: 'Utrecht', units: [{ name: 'Groep', careType: 'open-residentieel', places: 10 }] },
    ],
  });
  const unitId = provider.locations[0]!.units[0]!.id;

  const server = spawn(process.execPath, [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/bench/benchServer.ts'], {
    env: { ...process.env, DATABASE_URL, PORT: String(PORT), QUEUE_PREFIX: 'jt-bench' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => server.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));

  console.log(`Machine: ${os.cpus().length} cores; ${REQUESTS} requests, ${CONCURRENCY} at a time; server in its own process.`);
  const body = (i: number) =>
    JSON.stringify({
      channel: 'telefoon',
      reporterType: i % 2 ? 'jeugdige' : 'ouder',
      unitId,
      summary: `Bench ${i}`,
      description: 'Benchmarksignaal',
      contact: { phone: '06 12345678' },
    });
  // Warm up the server, its pools and the JIT before measuring.
  for (let i = 0; i < 50; i++)
    await fetch(`http://127.0.0.1:${PORT}/api/v1/signals`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body(i),
    });
  const api = await run('POST /api/v1/signals (signal+deadline+audit+jobs)', REQUESTS, CONCURRENCY, async (i) => {
    const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/signals`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body(i),
    });
    if (res.status !== 201) throw new Error(`status ${res.status}`);
    await res.arrayBuffer();
  });

  const pool = new Pool({ connectionString: DATABASE_URL, max: CONCURRENCY });
  await pool.query(
    'create table bench_reference (id bigserial primary key, payload text not null, created_at timestamptz not null default now())',
  );
  const ref = await run('reference: single-row INSERT through pg', REQUESTS * 5, CONCURRENCY, async (i) => {
    await pool.query('insert into bench_reference (payload) values ($1)', [`row ${i}`]);
  });
  console.log(
    `API registration is ${(ref.perSecond / api.perSecond).toFixed(1)}× slower than a bare INSERT: each signal is a serialised audit append, a reference number, a contact row, an event and three Redis jobs.`,
  );

  server.kill('SIGTERM');
  await pool.end();
  await services.queues.signals.obliterate({ force: true }).catch(() => undefined);
  await services.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
