import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** A port nobody listens on right now (the OS picks it), for a spawned app. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True while something accepts connections on the port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface SpawnedApp {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(text: string | RegExp, ms?: number): Promise<void>;
}

/**
 * Runs src/main.ts in its own process the way production runs the compiled entry, with tsx as a loader of
 * node itself (no tsx wrapper process in between), so signals and child processes behave as with `node dist/…`.
 */
export function spawnApp(args: string[], env: Record<string, string>): SpawnedApp {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts'), ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  async function waitFor(text: string | RegExp, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    const found = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
    while (!found()) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`"${text}" niet gezien; uitvoer:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { child, output: () => output, exited, waitFor };
}

/** GET /healthz until it answers the status, or time runs out; returns the last status (0: no answer). */
export async function healthStatus(port: number, expected: number, ms: number): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === expected || Date.now() > end) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
}
