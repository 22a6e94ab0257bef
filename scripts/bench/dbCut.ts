import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { appRoleFor, loadConfig } from '../../src/config';
import { services as buildServices } from '../../src/composition';
import { systemActor } from '../../src/audit/types';
import { prepareDatabase } from '../../src/startup';
import { tcpProxy } from '../../test/support/tcpProxy';

// Load test of issue 7: the web server reaches PostgreSQL through a TCP proxy that is cut twice while 8 clients
// register signals. Every signal answered 201 must be in the database afterwards, the process must survive, and
// it must serve again as soon as the proxy is back. Loopback only, bounded in time, its own database.
// Usage: npm run bench:dbcut -- [--seconds 60] [--cut 10]
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, cut: { type: 'string', default: '10' } } });
const SECONDS = Number(values.seconds);
const CUT = Number(values.cut);
const CLIENTS = 8;
const RETRY_MS = 200;
const CUT_STARTS = [SECONDS / 6, (SECONDS * 7) / 12];
if (!(SECONDS > 0 && CUT > 0 && CUT_STARTS[0]! + CUT < CUT_STARTS[1]! && CUT_STARTS[1]! + CUT < SECONDS)) {
  console.error(
    'Ongeldige duur: de twee onderbrekingen moeten elkaar niet raken en voor het einde klaar zijn (bijv. --seconds 60 --cut 10).',
  );
  process.exit(2);
}

const DB = `jt_bench_dbcut_${randomBytes(3).toString('hex')}`;
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DIRECT_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const QUEUE_PREFIX = `jt-bench-${DB}`;
const PORT = 3900 + Math.floor(Math.random() * 90);

interface Answer {
  start: number;
  end: number;
  status: number;
  id?: string;
  replayed?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function admin(sqlText: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL: DIRECT_URL, QUEUE_PREFIX, LOG_LEVEL: 'silent' });
  await prepareDatabase(config);
  const services = buildServices(config);
  const proxy = await tcpProxy(5432);
  const proxiedUrl = `postgres://postgres@127.0.0.1:${proxy.port}/${DB}`;
  const server = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'bench', 'benchServer.ts')], {
    env: { ...process.env, DATABASE_URL: proxiedUrl, PORT: String(PORT), QUEUE_PREFIX },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let died: string | undefined;
  server.on('exit', (code, signal) => (died = signal ?? `exitcode ${code}`));
  try {
    const { token } = await services.apiTokens.create(systemActor('bench'), 'bench-dbcut');
    await new Promise<void>((resolve, reject) => {
      server.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      server.on('exit', () => reject(new Error('de webserver stopte bij het starten')));
    });

    const post = async (i: number, summary = `Onderbreking ${i}`, key = randomUUID()): Promise<Answer> => {
      const start = Date.now();
      try {
        const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/signals`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify({
            channel: 'telefoon',
            reporterType: i % 2 ? 'jeugdige' : 'ouder',
            summary,
            description: 'Belastingtest met onderbroken database',
            contact: { phone: '06 12345678' },
          }),
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await res.json().catch(() => ({}))) as { id?: string };
        return { start, end: Date.now(), status: res.status, id: body.id, replayed: res.headers.get('idempotent-replayed') === 'true' };
      } catch {
        return { start, end: Date.now(), status: 0 };
      }
    };
    // Warm up the server, its pool and the JIT before measuring memory.
    for (let i = 0; i < 20; i++) await post(i, 'Opwarmen');
    const rssBefore = rssMb(server.pid!);

    console.log(
      `${CLIENTS} clients, ${SECONDS} s, database twice cut for ${CUT} s (at ${CUT_STARTS.map((s) => `${s.toFixed(1)} s`).join(' and ')}); server pid ${server.pid}, database ${DB}.`,
    );
    const answers: Answer[] = [];
    const t0 = Date.now();
    let n = 0;
    const load = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() - t0 < SECONDS * 1000) {
          // As an integration should: no answer or a 503 means "unknown", so the same request goes again with the
          // same Idempotency-Key until it is answered; a signal whose first 201 was lost comes back as a replay.
          const i = n++;
          const key = randomUUID();
          for (;;) {
            const a = await post(i, undefined, key);
            answers.push(a);
            if (a.status === 201 || (a.status >= 400 && a.status < 500) || Date.now() - t0 > (SECONDS + 30) * 1000) break;
            await sleep(RETRY_MS);
          }
        }
      }),
    );
    const cuts: Array<{ from: number; to: number }> = [];
    for (const at of CUT_STARTS) {
      await sleep(t0 + at * 1000 - Date.now());
      const from = Date.now();
      await proxy.stop();
      await sleep(CUT * 1000);
      await proxy.start();
      cuts.push({ from, to: Date.now() });
      console.log(`  cut ${cuts.length}: ${((from - t0) / 1000).toFixed(1)}–${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await load;
    const rssAfter = died ? NaN : rssMb(server.pid!);

    const acknowledged = new Set(answers.filter((a) => a.status === 201).map((a) => a.id!));
    const stored = new Set(
      (await services.db.selectFrom('signals').select('id').where('summary', 'like', 'Onderbreking %').execute()).map((r) => r.id),
    );
    const missing = [...acknowledged].filter((id) => !stored.has(id)).length;
    const unacknowledged = [...stored].filter((id) => !acknowledged.has(id)).length;
    const touchesCut = (a: Answer) => cuts.some((c) => a.start <= c.to && a.end >= c.from);
    const fiveXxOutside = answers.filter((a) => a.status >= 500 && !touchesCut(a)).length;
    const noAnswer = answers.filter((a) => a.status === 0).length;
    const byStatus = Object.entries(
      answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {}),
    );
    const recovery = cuts.map((c) => {
      const first = answers.filter((a) => a.status === 201 && a.start >= c.to).sort((a, b) => a.end - b.end)[0];
      return first ? ((first.end - c.to) / 1000).toFixed(2) : 'never';
    });

    console.log(
      `requests:                          ${answers.length} (${byStatus.map(([s, k]) => `${s === '0' ? 'no answer' : s}: ${k}`).join(', ')})`,
    );
    console.log(
      `signals acknowledged (201):        ${acknowledged.size} (${answers.filter((a) => a.replayed).length} of them on a retry whose first 201 was lost)`,
    );
    console.log(
      `signals found in the database:     ${stored.size}${stored.size === acknowledged.size ? ' (equal)' : ` — NOT EQUAL: ${unacknowledged} stored but never acknowledged`}`,
    );
    console.log(`acknowledged but missing:          ${missing}`);
    console.log(`5xx outside the cuts:              ${fiveXxOutside}${noAnswer ? `; requests without any answer: ${noAnswer}` : ''}`);
    console.log(`seconds to recover after each cut: ${recovery.join(', ')}`);
    console.log(
      `web process RSS:                   ${rssBefore.toFixed(0)} MB before, ${Number.isNaN(rssAfter) ? '(process gone)' : `${rssAfter.toFixed(0)} MB`} after`,
    );
    console.log(`web process:                       ${died ? `STOPPED (${died})` : 'still running'}`);
    process.exitCode = died || missing > 0 || unacknowledged > 0 || fiveXxOutside > 0 || noAnswer > 0 || recovery.includes('never') ? 1 : 0;
  } finally {
    server.kill('SIGTERM');
    await proxy.stop();
    const q = services.queues;
    await Promise.all([q.mail, q.maintenance, q.signals].map((x) => x.obliterate({ force: true }).catch(() => undefined)));
    await services.close();
    await admin(`drop database if exists "${DB}" with (force)`);
    await admin(`drop role if exists "${appRoleFor(DB)}"`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
