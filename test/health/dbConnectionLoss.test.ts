import request from 'supertest';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { testServices, type TestContext } from '../support/testServices';
import { tcpProxy } from '../support/tcpProxy';
import { freePort, healthStatus, spawnApp, type SpawnedApp } from '../support/spawnApp';
import { loginAs, makeUser } from '../support/web';

// Reproduces the fault as it was found: a web process under load loses its PostgreSQL connections (a proxy in
// front of 5432 stopped with its open connections, then restarted). The process must survive, fail only the
// requests that used the lost connections with a 503, and serve again once PostgreSQL is back.
let ctx: TestContext;
let pg: Awaited<ReturnType<typeof tcpProxy>>;
let app: SpawnedApp;
let port: number;
let auth: string;

const throughProxy = (databaseUrl: string) => {
  const url = new URL(databaseUrl);
  url.port = String(pg.port);
  return url.toString();
};

beforeAll(async () => {
  ctx = await testServices();
  pg = await tcpProxy(5432);
  port = await freePort();
  auth = `Bearer ${(await ctx.services.apiTokens.create(systemActor('test'), 'belasting')).token}`;
  app = spawnApp(['web'], {
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: throughProxy(ctx.databaseUrl),
    QUEUE_PREFIX: ctx.config.queuePrefix,
  });
  expect(await healthStatus(port, 200, 30_000)).toBe(200);
});
afterAll(async () => {
  app?.child.kill('SIGKILL');
  await pg.stop();
  await ctx.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  id?: string;
  error?: string;
}

async function postSignal(i: number): Promise<Answer> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/signals`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        channel: 'telefoon',
        reporterType: 'ouder',
        summary: `Belasting ${i}`,
        description: 'Signaal tijdens een onderbreking van de database.',
      }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json().catch(() => ({}))) as { id?: string; error?: string };
    return { status: res.status, id: body.id, error: body.error };
  } catch {
    return { status: 0 };
  }
}

test('a cut database connection under load fails only the requests that used it; the process serves again without a restart', async () => {
  const answers: Answer[] = [];
  let running = true;
  let n = 0;
  const clients = Array.from({ length: 8 }, async () => {
    while (running) answers.push(await postSignal(n++));
  });

  await sleep(1500);
  const beforeCut = answers.filter((a) => a.status === 201).length;
  await pg.stop();
  await sleep(4000);
  await pg.start();
  await sleep(3000);
  running = false;
  await Promise.all(clients);

  // The process is still there: no unhandled 'error' event from a pg client took it down.
  expect({
    exitCode: app.child.exitCode,
    signal: app.child.signalCode,
    crash: /Unhandled 'error' event|uncaught/i.test(app.output()),
  }).toEqual({ exitCode: null, signal: null, crash: false });
  expect(beforeCut).toBeGreaterThan(0);
  // Requests that needed the database during the cut got an honest 503; nothing hung or answered 500.
  const statuses = new Set(answers.map((a) => a.status));
  expect([...statuses].filter((s) => s !== 201 && s !== 503)).toEqual([]);
  expect(statuses.has(503)).toBe(true);
  expect(answers.filter((a) => a.status === 503).every((a) => a.error === 'service_unavailable')).toBe(true);

  expect(await healthStatus(port, 200, 10_000)).toBe(200);
  const after = await postSignal(-1);
  expect(after.status).toBe(201);

  // Every acknowledged signal is in the database.
  const acknowledged = [...answers, after].filter((a) => a.status === 201).map((a) => a.id!);
  const stored = await ctx.services.db.selectFrom('signals').select('id').where('id', 'in', acknowledged).execute();
  expect(stored.length).toBe(acknowledged.length);
});

test('while the database is unreachable, the API answers 503 in JSON and pages show a Dutch error page', async () => {
  const inProcess = await testServices({
    env: { DATABASE_URL: throughProxy(ctx.databaseUrl), QUEUE_PREFIX: `${ctx.config.queuePrefix}-in` },
  });
  try {
    const web = createApp(inProcess.services);
    const user = await makeUser(inProcess.services, ['meldpunt']);
    const { agent } = await loginAs(web, user.email);
    await pg.stop();
    const api = await request(web).get('/api/v1/providers').set('Authorization', auth);
    expect(api.status).toBe(503);
    expect(api.body).toEqual({ error: 'service_unavailable', message: expect.stringContaining('database') });
    const page = await agent.get('/');
    expect(page.status).toBe(503);
    expect(page.text).toContain('Tijdelijk niet beschikbaar');
    expect(page.text).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
    // A young person on the public form sees the form's own layout and a way back to it, not the staff login.
    const anonymous = request.agent(web);
    const step = await anonymous.get('/melden');
    const sent = await anonymous
      .post('/melden')
      .type('form')
      .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(step.text)![1], step: 'waar', action: 'zoek', q: 'Huize' });
    expect(sent.status).toBe(503);
    expect(sent.text).toContain('Tijdelijk niet beschikbaar');
    expect(sent.text).toContain('href="/melden">Terug naar het meldformulier');
    expect(sent.text).not.toContain('Naar de startpagina');
  } finally {
    await pg.start();
    // Its own database was created from the template; the proxy points at the other one, which the first context owns.
    await inProcess.cleanup();
  }
});
