import { Worker, type Job } from 'bullmq';
import type { Services } from '../composition';
import { pruneKeys } from '../common/idempotency';
import { QUEUE_NAMES, closeOrDrop, redisConnection, sweepJobOptions, type MailJob, type SignalJob } from './queues';
import { ensurePatternSchedules, startPatternWorker } from '../patterns/jobs';

export const SWEEP_SCHEDULER_ID = 'sweep-every-minute';

/** Starts the job workers and registers the recurring sweep. Returns a close function for graceful shutdown. */
export async function startWorkers(services: Services): Promise<{ close(): Promise<void> }> {
  const { config, log, mail, queues, enforcement } = services;
  const connection = redisConnection(config.redisUrl, true);
  const prefix = config.queuePrefix;

  const mailWorker = new Worker<MailJob>(
    QUEUE_NAMES.mail,
    async (job: Job<MailJob>) => {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await mail.deliver(job.data.mailId, final);
    },
    { connection, prefix, concurrency: 4 },
  );

  const signalWorker = new Worker<SignalJob>(QUEUE_NAMES.signals, (job: Job<SignalJob>) => enforcement.handle(job.name, job.data), {
    connection,
    prefix,
    concurrency: 4,
  });

  const patternWorker = startPatternWorker(services.patterns, connection, prefix, services.daily);

  const maintenanceWorker = new Worker(
    QUEUE_NAMES.maintenance,
    async () => {
      // The audit chain's head goes outside the database every sweep; a failure there must not stop the rest.
      await services.audit.checkpoint().catch((e: Error) => log.error({ err: e.message }, 'audit-anker niet geschreven'));
      // The database is the source of truth: anything Redis lost is queued again from there.
      const requeued = await mail.requeueStale();
      const swept = await enforcement.sweep();
      // Expired sessions go in every mode, not only where the web process prunes (several web processes, tests).
      const sessionsPruned = await services.sessions.pruneExpired();
      await pruneKeys(services.db, services.clock.now());
      if (requeued > 0 || swept.breaches > 0 || swept.purged > 0 || sessionsPruned > 0)
        log.info({ requeued, ...swept, sessionsPruned }, 'sweep');
    },
    { connection, prefix, concurrency: 1 },
  );

  for (const w of [mailWorker, signalWorker, maintenanceWorker, patternWorker]) {
    w.on('failed', (job, err) => log.warn({ queue: w.name, jobId: job?.id, err: err.message }, 'job mislukt'));
    w.on('error', (err) => log.error({ queue: w.name, err: err.message }, 'worker-fout'));
  }

  const ensureSchedule = async () => {
    await queues.maintenance.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: config.sweepEveryMs },
      { name: 'sweep', opts: sweepJobOptions },
    );
    await ensurePatternSchedules(queues);
  };
  await ensureSchedule();
  // If Redis loses everything (a restart without persistence, a FLUSHALL) the schedule goes too: put it back.
  const watchdog = setInterval(
    () => void ensureSchedule().catch((e: Error) => log.warn({ err: e.message }, 'sweep-planning niet hersteld')),
    config.sweepEveryMs,
  );
  watchdog.unref();

  return {
    async close() {
      clearInterval(watchdog);
      await Promise.all([mailWorker, signalWorker, maintenanceWorker, patternWorker].map(closeOrDrop));
    },
  };
}
