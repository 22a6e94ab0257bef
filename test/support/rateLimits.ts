import type { Services } from '../../src/composition';
import { rateLimitPrefix } from '../../src/web/rateLimit';
import { until } from './until';

/** The rate-limit client connects lazily and queues nothing offline; tests wait for it before counting on it. */
export async function redisReady(services: Services): Promise<void> {
  if (services.redis.status === 'wait') services.redis.connect().catch(() => undefined);
  await until(
    async () => services.redis.status,
    (s) => s === 'ready',
    10_000,
  );
}

/**
 * Rate-limit counters live in Redis under the test file's own prefix and outlive an app; a test that needs a fresh
 * count (say, a limit of 3 after other tests logged in) starts by clearing them.
 */
export async function resetRateLimits(services: Services): Promise<void> {
  await redisReady(services);
  const keys = await services.redis.keys(`${rateLimitPrefix(services.config.queuePrefix)}*`);
  if (keys.length > 0) await services.redis.del(...keys);
}
