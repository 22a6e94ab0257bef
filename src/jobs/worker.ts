import { Worker, type Job } from 'bullmq';
import type { Services } from '../composition';
import { QUEUE_NAMES, redisConnection, type MailJob } from './queues';

export const SWEEP_SCHEDULER_ID = 'sweep-every-minute';

/** Starts the job workers and registers the recurring sweep. Returns a close function for graceful shutdown. */
export async function startWorkers(services: Services): Promise<{ close(): Promise<void> }> {
  const { config, log, mail, queues } = services;
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

  const maintenanceWorker = new Worker(
    QUEUE_NAMES.maintenance,
    async () => {
      // The database is the source of truth: anything Redis lost is queued again from there.
      const requeued = await mail.requeueStale();
      if (requeued > 0) log.info({ requeued }, 'sweep: mail opnieuw in de wachtrij');
    },
    { connection, prefix, concurrency: 1 },
  );

  for (const w of [mailWorker, maintenanceWorker]) {
    w.on('failed', (job, err) => log.warn({ queue: w.name, jobId: job?.id, err: err.message }, 'job mislukt'));
    w.on('error', (err) => log.error({ queue: w.name, err: err.message }, 'worker-fout'));
  }

  await queues.maintenance.upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: 60_000 }, { name: 'sweep' });

  return {
    async close() {
      await Promise.all([mailWorker.close(), maintenanceWorker.close()]);
    },
  };
}
