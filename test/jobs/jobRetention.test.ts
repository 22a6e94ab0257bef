import { QueueEvents } from 'bullmq';
import { startWorkers } from '../../src/jobs/worker';
import { redisConnection } from '../../src/jobs/queues';
import { testServices, type TestContext } from '../support/testServices';

// Finished jobs must not pile up in Redis: the sweep runs every minute for as long as the app runs, so without a
// limit Redis holds one more completed job a minute, forever.
let ctx: TestContext;
let worker: { close(): Promise<void> } | undefined;
beforeAll(async () => {
  ctx = await testServices({ env: { SWEEP_EVERY_MS: '1000' } });
});
afterAll(async () => {
  await worker?.close();
  await ctx.cleanup();
});

test('the real worker’s sweep, run every second, keeps only its last few completed jobs in Redis', async () => {
  const { queues, config } = ctx.services;
  const events = new QueueEvents(queues.maintenance.name, {
    connection: redisConnection(config.redisUrl, true),
    prefix: config.queuePrefix,
  });
  let completed = 0;
  events.on('completed', () => completed++);
  await events.waitUntilReady();
  try {
    worker = await startWorkers(ctx.services);
    const end = Date.now() + 40_000;
    while (completed < 14 && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
    expect(completed).toBeGreaterThanOrEqual(14);
    const counts = await queues.maintenance.getJobCounts('completed', 'failed');
    expect(counts.completed).toBeGreaterThan(0);
    expect(counts.completed).toBeLessThanOrEqual(10);
  } finally {
    await events.close();
  }
});

test('every queue removes completed and failed jobs by count', () => {
  const { mail, maintenance, signals } = ctx.services.queues;
  for (const q of [mail, maintenance, signals]) {
    const { removeOnComplete, removeOnFail } = q.defaultJobOptions;
    expect({
      queue: q.name,
      complete: typeof removeOnComplete === 'object' && removeOnComplete.count! > 0,
      fail: typeof removeOnFail === 'object' && removeOnFail.count! > 0,
    }).toEqual({ queue: q.name, complete: true, fail: true });
  }
});
