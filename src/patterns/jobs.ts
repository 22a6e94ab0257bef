import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { QUEUE_NAMES, sweepJobOptions, type PatternJob, type Queues } from '../jobs/queues';
import { TIME_ZONE } from '../common/time';
import type { PatternService } from './patternService';
import type { DailyOverviewService } from '../daily/dailyOverview';

export const SCAN_SCHEDULER_ID = 'patterns-nightly-scan';
export const DIGEST_SCHEDULER_ID = 'patterns-digest';
export const DAILY_SCHEDULER_ID = 'daily-overview';

/** The checks after new items, the delayed missing-report checks, the nightly scan, the digests and the daily overview. */
export function startPatternWorker(
  patterns: PatternService,
  connection: ConnectionOptions,
  prefix: string,
  daily?: DailyOverviewService,
): Worker<PatternJob> {
  return new Worker<PatternJob>(
    QUEUE_NAMES.patterns,
    async (job: Job<PatternJob>) => {
      if (job.name === 'daily-overview') await daily?.sendAll();
      else await patterns.handle(job.name, job.data);
    },
    { connection, prefix, concurrency: 2 },
  );
}

/**
 * The nightly scan at 03:00 Amsterdam time, and the digest every ten minutes (each inspector gets at most one an hour;
 * see digest.ts). Registered at worker start and again by the worker's watchdog, like the sweep.
 */
export async function ensurePatternSchedules(queues: Queues): Promise<void> {
  await queues.patterns.upsertJobScheduler(
    SCAN_SCHEDULER_ID,
    { pattern: '0 3 * * *', tz: TIME_ZONE },
    { name: 'scan', data: {}, opts: sweepJobOptions },
  );
  await queues.patterns.upsertJobScheduler(
    DIGEST_SCHEDULER_ID,
    { every: 10 * 60_000 },
    { name: 'digest', data: {}, opts: sweepJobOptions },
  );
  // The inspectors' daily overview of yesterday (src/daily): at 07:00 Amsterdam time, and again every hour until 17:00
  // for a day whose 07:00 run was missed (the worker down, Redis emptied). Each inspector's day is written once, so the
  // later runs send nothing twice.
  await queues.patterns.upsertJobScheduler(
    DAILY_SCHEDULER_ID,
    { pattern: '0 7-17 * * *', tz: TIME_ZONE },
    { name: 'daily-overview', data: {}, opts: sweepJobOptions },
  );
}
