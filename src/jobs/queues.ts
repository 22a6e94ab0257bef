import { withTimeout } from '../common/timeout';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

export const QUEUE_NAMES = { mail: 'mail', maintenance: 'maintenance', signals: 'signals', patterns: 'patterns' } as const;

/** Payloads carry ids only: job data is plain text in Redis. */
export interface MailJob {
  mailId: string;
}

/** Deadline jobs of one signal; `dueAt` (ms) lets a job from before a re-computed deadline recognise itself as stale. */
export interface SignalJob {
  signalId: string;
  dueAt: number;
}

/** Pattern detection (src/patterns/jobs.ts): the check after a new item, a missing-report due instant, the scan, the digest. */
export interface PatternJob {
  kind?: 'signal' | 'assessment' | 'report';
  id?: string;
  providerId?: string | null;
  locationId?: string | null;
  unitId?: string | null;
}

export function redisConnection(redisUrl: string, forWorker: boolean): ConnectionOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    // Producers fail fast when Redis is down (the outbox sweep re-sends later); workers wait and retry.
    ...(forWorker ? { maxRetriesPerRequest: null } : { enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

// Redis is not an archive (the database is): finished jobs are kept only as long as they help to look into a
// problem, and with a count as well as an age, so a burst of failures cannot fill Redis either.
export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/** The sweep runs every minute and returns nothing: its last few runs show it is alive, failures are kept longer. */
export const sweepJobOptions: JobsOptions = {
  removeOnComplete: { count: 10 },
  removeOnFail: { age: 7 * 24 * 3600, count: 100 },
};

export function createQueues(redisUrl: string, prefix: string) {
  const connection = redisConnection(redisUrl, false);
  const mail = new Queue<MailJob>(QUEUE_NAMES.mail, { connection, prefix, defaultJobOptions });
  const maintenance = new Queue(QUEUE_NAMES.maintenance, { connection, prefix, defaultJobOptions: sweepJobOptions });
  const signals = new Queue<SignalJob>(QUEUE_NAMES.signals, { connection, prefix, defaultJobOptions });
  const patterns = new Queue<PatternJob>(QUEUE_NAMES.patterns, { connection, prefix, defaultJobOptions });
  // Errors surface on add(); without a listener ioredis would also print them as unhandled.
  for (const q of [mail, maintenance, signals, patterns]) q.on('error', () => undefined);
  return {
    mail,
    maintenance,
    signals,
    patterns,
    addQuickly: quickAdder(),
    async close() {
      await Promise.all([mail, maintenance, signals, patterns].map(closeOrDrop));
    },
  };
}

export type Queues = ReturnType<typeof createQueues>;

/**
 * Adds jobs from a request without letting it wait long on Redis: at most 2 s, and after a try that timed out none at all
 * for 10 s (a public report once waited 2 s per mail, one after another, while Redis was away). The database holds the
 * truth: the minute sweep adds whatever did not get on the queue.
 */
export function quickAdder(clock: () => number = Date.now) {
  let skipUntil = 0;
  return async function addQuickly<T>(what: string, add: () => Promise<T>): Promise<T> {
    if (clock() < skipUntil) throw new Error(`${what}: Redis was zojuist niet bereikbaar; overgeslagen`);
    try {
      return await withTimeout(add(), 2000, what);
    } catch (e) {
      skipUntil = clock() + 10_000;
      throw e;
    }
  };
}

/**
 * Closes a queue or worker, or drops its connections when Redis is away: quit() cannot be sent while
 * ioredis is reconnecting (no offline queue), and a shutdown during an outage must still finish. The
 * disconnect stops reconnecting at once, but its promise waits for an 'end' that a reconnecting client
 * never emits, hence the bound.
 */
export async function closeOrDrop(q: { close(): Promise<void>; disconnect(): Promise<void> }): Promise<void> {
  try {
    await q.close();
  } catch {
    await withTimeout(q.disconnect(), 1000).catch(() => undefined);
  }
}
