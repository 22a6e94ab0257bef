import { sql } from 'kysely';
import Redis from 'ioredis';
import type { Db } from '../db/connection';
import { withTimeout } from '../common/timeout';

export type CheckResult = 'ok' | 'unreachable';

/** Reports whether PostgreSQL and Redis answer; both clients reconnect by themselves when the service returns. */
export function healthService(db: Db, redisUrl: string, timeoutMs = 1500) {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(times * 200, 1000),
  });
  redis.on('error', () => undefined);

  function ready(ms: number): Promise<void> {
    if (redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        reject(new Error('timeout'));
      }, ms);
      redis.once('ready', onReady);
    });
  }

  async function checkDatabase(): Promise<CheckResult> {
    try {
      await withTimeout(sql`select 1`.execute(db), timeoutMs);
      return 'ok';
    } catch {
      return 'unreachable';
    }
  }

  async function checkRedis(): Promise<CheckResult> {
    try {
      if (redis.status === 'wait') redis.connect().catch(() => undefined);
      await ready(timeoutMs);
      await withTimeout(redis.ping(), timeoutMs);
      return 'ok';
    } catch {
      return 'unreachable';
    }
  }

  async function check() {
    const [database, redisCheck] = await Promise.all([checkDatabase(), checkRedis()]);
    const checks = { database, redis: redisCheck };
    return { status: database === 'ok' && redisCheck === 'ok' ? ('ok' as const) : ('error' as const), checks };
  }

  return { check, close: () => redis.disconnect() };
}

export type HealthService = ReturnType<typeof healthService>;
