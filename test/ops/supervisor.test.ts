import { testServices, type TestContext } from '../support/testServices';
import { alive, freePort, healthStatus, portInUse, spawnApp, type SpawnedApp } from '../support/spawnApp';

// `npm start` runs a supervisor with web and worker as child processes. A crash of either must not take the
// service down, and stopping the supervisor must stop all of it and free the port.
let ctx: TestContext;
let app: SpawnedApp | undefined;
let port: number;

beforeAll(async () => {
  ctx = await testServices();
  port = await freePort();
});
afterAll(async () => {
  app?.child.kill('SIGKILL');
  await ctx.cleanup();
});

/** The pids the supervisor logged for a part, in start order. */
const pidsOf = (part: 'web' | 'worker') =>
  [...app!.output().matchAll(new RegExp(`"part":"${part}","pid":(\\d+),"msg":"${part} gestart"`, 'g'))].map((m) => Number(m[1]));

test('a killed web process is restarted and answers again within seconds; SIGTERM stops every process and frees the port', async () => {
  app = spawnApp([], { PORT: String(port), DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.config.queuePrefix });
  await app.waitFor(`Jeugdtoezicht gestart op http://localhost:${port}`);
  expect(await healthStatus(port, 200, 10_000)).toBe(200);
  const [web] = pidsOf('web');
  const [worker] = pidsOf('worker');
  expect([web, worker].every((pid) => pid && pid !== app!.child.pid && alive(pid))).toBe(true);

  process.kill(web!, 'SIGKILL');
  const killedAt = Date.now();
  await app.waitFor(/web gestopt \(signaal SIGKILL\), herstart over 1 s/, 5000);
  expect(await healthStatus(port, 200, 15_000)).toBe(200);
  expect(Date.now() - killedAt).toBeLessThan(15_000);
  const restarted = pidsOf('web')[1]!;
  expect(restarted).not.toBe(web);
  expect(alive(worker!)).toBe(true);

  // The worker too: it is started again, the web process is left alone.
  process.kill(worker!, 'SIGKILL');
  await app.waitFor(/worker gestopt \(signaal SIGKILL\)/, 5000);
  const end = Date.now() + 15_000;
  while (pidsOf('worker').length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  const worker2 = pidsOf('worker')[1]!;
  expect(alive(worker2)).toBe(true);
  expect(alive(restarted)).toBe(true);

  app.child.kill('SIGTERM');
  expect(await app.exited).toEqual({ code: 0, signal: null });
  expect(app.output()).toContain('SIGTERM ontvangen');
  expect([restarted, worker2].filter(alive)).toEqual([]);
  expect(await portInUse(port)).toBe(false);
});
