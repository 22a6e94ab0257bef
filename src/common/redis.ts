import { Redis } from 'ioredis';

/**
 * A plain Redis client for small shared state (rate-limit counters). It connects on first use, so processes that
 * never need it (worker, CLI) never open it. While Redis is away a command fails at once (no offline queue), and one
 * that gets no answer fails within a second: a counter must never hold up a request.
 */
export function createRedisClient(redisUrl: string): Redis {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  });
  // Errors surface on each command; without a listener ioredis would also print them as unhandled.
  client.on('error', () => undefined);
  return client;
}
