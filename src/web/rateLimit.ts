import { rateLimit, type IncrementResponse, type Options, type RateLimitRequestHandler } from 'express-rate-limit';
import { RedisStore, type Options as StoreOptions, type RedisReply } from 'rate-limit-redis';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';

/** Redis keys of the limiters; under the queue prefix, so two instances (or test files) never share counters. */
export const rateLimitPrefix = (queuePrefix: string, name = '') => (name ? `${queuePrefix}:rl:${name}:` : `${queuePrefix}:rl:`);

function notLoaded(): Promise<string> {
  const p = Promise.reject(new Error('script nog niet geladen'));
  p.catch(() => undefined);
  return p;
}

/**
 * True once the client is connected; false at once while Redis is away (reconnecting), so a request never waits on
 * it. Only a connection under way (the first one, at start) is waited for, briefly, so early requests count too.
 */
function connected(redis: Redis, waitMs = 500): Promise<boolean> {
  if (redis.status === 'wait') redis.connect().catch(() => undefined);
  if (redis.status === 'ready') return Promise.resolve(true);
  if (redis.status !== 'connecting' && redis.status !== 'connect') return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady).off('close', onClose);
      resolve(ok);
    };
    const onReady = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), waitMs);
    redis.once('ready', onReady).once('close', onClose);
  });
}

/**
 * rate-limit-redis loads its script once, at start, and remembers a failure: with Redis away at start the limit would
 * stay off for good. Here the script is loaded on first use, and again when counting fails while Redis is connected
 * (a restarted Redis has lost it). While Redis is away counting fails and the limiter lets the request pass.
 */
class RecoveringRedisStore extends RedisStore {
  constructor(
    options: StoreOptions,
    private readonly redis: Redis,
  ) {
    super(options);
  }

  override async init(options: Options): Promise<void> {
    this.windowMs = options.windowMs;
    this.incrementScriptSha = notLoaded();
    this.getScriptSha = notLoaded();
  }

  override async increment(key: string): Promise<IncrementResponse> {
    if (!(await connected(this.redis))) throw new Error('Redis is niet bereikbaar');
    try {
      return await super.increment(key);
    } catch (e) {
      if (this.redis.status !== 'ready') throw e;
      this.incrementScriptSha = this.loadIncrementScript();
      return super.increment(key);
    }
  }
}

export interface LimiterDeps {
  redis: Redis;
  queuePrefix: string;
  log: Logger;
}

/**
 * A per-address limiter whose counters live in Redis, shared by every web process. When Redis is away the request
 * passes unlimited with a warning in the log: a young person's report must never fail on a counter.
 */
export function rateLimiter(deps: LimiterDeps, name: string, options: Partial<Options>): RateLimitRequestHandler {
  const { redis } = deps;
  const store = new RecoveringRedisStore(
    {
      prefix: rateLimitPrefix(deps.queuePrefix, name),
      sendCommand: (command: string, ...args: string[]) => redis.call(command, args) as Promise<RedisReply>,
    },
    redis,
  );
  const warn = (err: unknown, message?: string) =>
    deps.log.warn({ limiter: name, err: err instanceof Error ? err.message : String(err) }, message ?? 'rate limit');
  return rateLimit({
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    passOnStoreError: true,
    logger: { warn, error: warn },
    ...options,
    store,
  });
}
