import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { dropTestDatabase, urlFor } from '../support/db';

// Runs the real entry point the way `npm start` does (from source here, to skip the build):
// the database does not exist yet, so it must be created and migrated; SIGTERM must end it cleanly.
test('start creates and migrates a missing database, serves web and worker, and stops cleanly on SIGTERM', async () => {
  const name = `jt_test_start_${randomBytes(4).toString('hex')}`;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: String(port),
      DATABASE_URL: urlFor(name),
      QUEUE_PREFIX: `jt-test-${name}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const until = Date.now() + 30_000;
    while (!output.includes('Jeugdtoezicht gestart op') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('migraties toegepast');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
    const login = await fetch(`http://127.0.0.1:${port}/inloggen`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('<h1 class="utrecht-heading-1">Inloggen</h1>');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM ontvangen');
  } finally {
    child.kill('SIGKILL');
    await dropTestDatabase(name);
  }
});
