import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';

/**
 * A private redis-server, so a test may FLUSHALL without touching other test files' queues. A given port lets a test
 * point services at Redis before it runs (Redis coming back).
 */
export async function startRedis(
  port = 30000 + Math.floor(Math.random() * 20000),
): Promise<{ url: string; client: Redis; stop(): Promise<void> }> {
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 100 });
  client.on('error', () => undefined);
  for (let i = 0; i < 50; i++) {
    try {
      await client.connect();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    client,
    async stop() {
      client.disconnect();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
