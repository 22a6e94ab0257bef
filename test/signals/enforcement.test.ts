import { systemActor } from '../../src/audit/types';
import { startWorkers } from '../../src/jobs/worker';
import { until } from '../support/until';
import { testServices, type TestContext } from '../support/testServices';
import { startSmtp } from '../support/smtp';
import { startRedis } from '../support/redisServer';
import { makeUser } from '../support/web';

const actor = systemActor('test');

/** Makes the young-person norm a few seconds long, so real time can pass in a test. */
async function shortYouthNorm(ctx: TestContext, seconds: number): Promise<void> {
  const [youth] = (await ctx.services.norms.active()).filter((n) => n.reporter_types.includes('jeugdige'));
  await ctx.services.norms.replace(actor, youth!.id, {
    label: `Test: ${seconds} seconden`,
    unit: 'hours',
    amount: seconds / 3600,
    reporterTypes: ['jeugdige', 'oud-bewoner'],
  });
}

const registerYouth = (ctx: TestContext) =>
  ctx.services.signals.register(actor, { channel: 'telefoon', reporterType: 'jeugdige', summary: 'Test', description: 'Test' });

const breachRow = (ctx: TestContext, id: string) =>
  ctx.services.db.selectFrom('signals').select(['breached_at', 'due_at']).where('id', '=', id).executeTakeFirstOrThrow();
const breachEvents = (ctx: TestContext, id: string) =>
  ctx.services.db.selectFrom('signal_events').select('id').where('signal_id', '=', id).where('kind', '=', 'breach').execute();

describe('with the worker running', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let workers: { close(): Promise<void> };

  beforeAll(async () => {
    smtp = await startSmtp();
    ctx = await testServices({ env: { SMTP_URL: smtp.url } });
    workers = await startWorkers(ctx.services);
    await makeUser(ctx.services, ['manager'], 'manager@igj.test');
    await shortYouthNorm(ctx, 4);
  });
  afterAll(async () => {
    await workers.close();
    await ctx.cleanup();
    await smtp.close();
  });

  test('no contact: the breach is recorded within 60 seconds of the due instant, once, and the managers are mailed', async () => {
    const { signal } = await registerYouth(ctx);
    const row = await until(
      () => breachRow(ctx, signal.id),
      (r) => r.breached_at !== null,
    );
    expect(row.breached_at).not.toBeNull();
    const lateBy = row.breached_at!.getTime() - row.due_at.getTime();
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(60_000);
    const breach = await smtp.waitForMatch((m) => m.raw.includes(`Subject: Contacttermijn verlopen: signaal ${signal.reference}`));
    expect(breach?.to).toEqual(['manager@igj.test']);
    expect(breach?.raw).not.toMatch(/opgesloten|06 1234/);
    // Running the sweep and the job again changes nothing.
    await ctx.services.enforcement.sweep();
    await ctx.services.enforcement.handle('breach', { signalId: signal.id, dueAt: signal.dueAt.getTime() });
    expect(await breachEvents(ctx, signal.id)).toHaveLength(1);
  });

  test('contact before the due instant: no breach', async () => {
    const { signal } = await registerYouth(ctx);
    await ctx.services.contacts.recordAttempt(actor, signal.id, {
      at: new Date(),
      channel: 'telefoon',
      successful: true,
      structuralUnsafety: 'nee',
      boundaryCrossing: 'nee',
    });
    await new Promise((r) => setTimeout(r, 5000));
    expect((await breachRow(ctx, signal.id)).breached_at).toBeNull();
    expect((await ctx.services.signals.get(signal.id)).followUp).toBe('met');
  });

  test('a JeugdzorgPlus signal’s consultation mail reaches the provider’s inspectors over SMTP', async () => {
    const inspector = await makeUser(ctx.services, ['inspecteur'], 'inspecteur-jzp@igj.test');
    const p = await ctx.services.providers.create(actor, {
      name: 'De Hoge Muur',
      locations: [
        { name: 'Hoofd', address: 'Laan 2', municipality: 'Zwolle', units: [{ name: 'Groep 1', careType: 'jeugdzorgplus', places: 8 }] },
      ],
    });
    await ctx.services.providers.setInspectors(actor, p.id, [inspector.id], new Set([inspector.id]));
    const { signal } = await ctx.services.signals.register(actor, {
      channel: 'jeugdstem',
      reporterType: 'naaste',
      providerId: p.id,
      summary: 'Test',
      description: 'Test',
    });
    const mail = await smtp.waitForMatch((m) => m.raw.includes(`Subject: Afstemming JeugdzorgPlus: signaal ${signal.reference}`));
    expect(mail?.to).toEqual(['inspecteur-jzp@igj.test']);
  });

  test('the assignee gets a reminder halfway', async () => {
    const staff = await makeUser(ctx.services, ['meldpunt'], 'behandelaar@igj.test');
    const { signal } = await registerYouth(ctx);
    await ctx.services.signals.claim({ userId: staff.id, label: 'behandelaar', requestId: null }, signal.id);
    // The job, scheduled at registration, runs halfway and finds the assignee who claimed it since.
    const reminder = await smtp.waitForMatch(
      (m) => m.to.includes('behandelaar@igj.test') && m.raw.includes(`Herinnering: contact opnemen voor signaal ${signal.reference}`),
    );
    expect(reminder).toBeDefined();
    const sentAt = (
      await ctx.services.db.selectFrom('signals').select('reminder_sent_at').where('id', '=', signal.id).executeTakeFirstOrThrow()
    ).reminder_sent_at!;
    expect(sentAt.getTime()).toBeLessThan(signal.dueAt.getTime());
    expect(sentAt.getTime()).toBeGreaterThanOrEqual(
      signal.receivedAt.getTime() + (signal.dueAt.getTime() - signal.receivedAt.getTime()) / 2 - 50,
    );
  });
});

test('after FLUSHALL on Redis the sweep still records the breach, from the database alone', async () => {
  const redis = await startRedis();
  const ctx = await testServices({ env: { REDIS_URL: redis.url, SWEEP_EVERY_MS: '1000' } });
  const workers = await startWorkers(ctx.services);
  try {
    await shortYouthNorm(ctx, 3);
    const { signal } = await registerYouth(ctx);
    expect(await ctx.services.queues.signals.getJob(`breach-${signal.id}-${signal.dueAt.getTime()}`)).toBeDefined();
    await redis.client.flushall();
    expect(await ctx.services.queues.signals.getJob(`breach-${signal.id}-${signal.dueAt.getTime()}`)).toBeUndefined();
    const row = await until(
      () => breachRow(ctx, signal.id),
      (r) => r.breached_at !== null,
    );
    expect(row.breached_at).not.toBeNull();
    expect(row.breached_at!.getTime() - row.due_at.getTime()).toBeLessThan(60_000);
    expect(await breachEvents(ctx, signal.id)).toHaveLength(1);
  } finally {
    await workers.close();
    await ctx.cleanup();
    await redis.stop();
  }
});
