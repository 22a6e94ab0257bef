import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { testServices, type TestContext } from '../support/testServices';
import { alive, freePort, healthStatus, portInUse } from '../support/spawnApp';

// Found trying it as a new user: SIGTERM to `npm start` left node running and holding the port, because npm's shell
// did not pass the signal on. The start script now execs node, so stopping npm stops all of it.
let ctx: TestContext;

beforeAll(async () => {
  ctx = await testServices();
});
afterAll(() => ctx.cleanup());

/** Every process below `pid`, from /proc (children of children too). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0;) {
    frontier = [...parentOf].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...frontier);
  }
  return found;
}

test('SIGTERM to `npm start` stops web, worker and supervisor and frees the port; the start line names the port', async () => {
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: String(port),
      DATABASE_URL: ctx.databaseUrl,
      APP_DATABASE_URL: ctx.config.appDatabaseUrl,
      QUEUE_PREFIX: ctx.config.queuePrefix,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout.on('data', (d) => (output += d));
  npm.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
  // Known before the stop: processes orphaned by a stop that failed are no longer below npm.
  let below: number[] = [];
  try {
    const until = Date.now() + 90_000;
    while (!output.includes('Jeugdtoezicht gestart op') && Date.now() < until && npm.exitCode === null)
      await new Promise((r) => setTimeout(r, 200));
    expect(output).toContain(`Jeugdtoezicht gestart op http://localhost:${port}`);
    expect(await healthStatus(port, 200, 15_000)).toBe(200);
    below = descendants(npm.pid!);
    expect(below.length).toBeGreaterThanOrEqual(3);

    npm.kill('SIGTERM');
    // Bounded: with a start script that does not pass the signal on, npm itself may never exit.
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    const end = Date.now() + 20_000;
    while ((await portInUse(port)) || below.some(alive)) {
      if (Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await portInUse(port)).toBe(false);
    expect(below.filter(alive)).toEqual([]);
  } finally {
    for (const pid of [...below, ...descendants(npm.pid!), npm.pid!]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    npm.stdout.destroy();
    npm.stderr.destroy();
  }
});
