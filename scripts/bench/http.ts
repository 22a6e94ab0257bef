import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { DEMO_LOAD_PASSWORD } from '../load/landscape';

// What the benchmarks on a generated national set share: the app in a process of its own, logging in as a generated
// user, timing requests and reference queries, and printing rows of one Markdown table.

export const RUNS = Number(process.env.RUNS ?? 20);

export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const p50p95 = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `${pct(sorted, 50).toFixed(0)} / ${pct(sorted, 95).toFixed(0)} ms`;
};

/** The web process's peak resident memory, in MB. */
export const peakRss = (child: ChildProcess) => {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
};

/** Starts scripts/bench/benchServer.ts on a free-ish port; resolves when it listens. */
export async function startServer(databaseUrl: string, queuePrefix: string) {
  const port = 3800 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'bench', 'benchServer.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), QUEUE_PREFIX: queuePrefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  return { child, base: `http://127.0.0.1:${port}` };
}

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/** Logs in as a generated user (password of the load generator); returns the session cookie header. */
export async function logIn(base: string, email: string): Promise<{ cookie: string }> {
  const page = await fetch(`${base}/inloggen`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await fetch(`${base}/inloggen`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: DEMO_LOAD_PASSWORD, _csrf: csrf }),
  });
  if (res.status !== 303) throw new Error(`inloggen als ${email} mislukt (${res.status})`);
  return { cookie: cookiesOf(res) };
}

export async function timed(base: string, url: string, headers: Record<string, string>) {
  const t0 = performance.now();
  const res = await fetch(`${base}${url}`, { headers });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, bytes: body.byteLength, status: res.status };
}

/** RUNS sequential requests: one table row with p50 / p95, the size of the answer and its status. */
export async function measure(base: string, label: string, url: string, headers: Record<string, string>) {
  const ms: number[] = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(base, url, headers);
    ms.push(r.ms);
    ({ bytes, status } = r);
  }
  const size = bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} KB`;
  console.log(`| ${label} | ${p50p95(ms)} | ${size} | ${status} |`);
}

/** One table row of timings made elsewhere. */
export const row = (label: string, ms: number[]) => console.log(`| ${label} | ${p50p95(ms)} | | |`);

/** Times an in-process step RUNS times (or `runs`): one table row. */
export async function measureStep(label: string, step: (i: number) => Promise<unknown>, runs = RUNS) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await step(i);
    ms.push(performance.now() - t0);
  }
  row(label, ms);
}

/** A plain query as a reference, five times. */
export const reference = (pool: Pool, label: string, query: string) => measureStep(label, () => pool.query(query), 5);
