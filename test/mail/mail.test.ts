import type { Express } from 'express';
import { createApp } from '../../src/app';
import { startWorkers, SWEEP_SCHEDULER_ID } from '../../src/jobs/worker';
import { mailService } from '../../src/mail/mailService';
import { until } from '../support/until';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { startSmtp } from '../support/smtp';
import { loginAs, makeUser } from '../support/web';

describe('with SMTP_URL', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let ctx: TestContext;
  let workers: { close(): Promise<void> };

  beforeAll(async () => {
    smtp = await startSmtp({ failFirst: 1 });
    ctx = await testServices({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Jeugdtoezicht <noreply@igj.test>' } });
    workers = await startWorkers(ctx.services);
  });
  afterAll(async () => {
    await workers.close();
    await ctx.cleanup();
    await smtp.close();
  });

  test('the worker delivers mail to the SMTP server, retrying after a temporary refusal', async () => {
    await makeUser(ctx.services, ['meldpunt'], 'ontvanger@igj.test');
    const [msg] = await smtp.waitFor(1);
    expect(msg!.to).toEqual(['ontvanger@igj.test']);
    expect(msg!.from).toBe('noreply@igj.test');
    expect(msg!.raw).toContain('Subject: Uw account voor Jeugdtoezicht');
    expect(msg!.raw).toContain('Content-Type: text/plain');
    expect(msg!.raw).toContain('Content-Type: text/html');
    const [row] = await until(
      () => ctx.services.mail.list(),
      (l) => l[0]?.status === 'sent',
    );
    expect(row).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  test('the recurring sweep is registered once, however often the worker starts', async () => {
    const again = await startWorkers(ctx.services);
    await again.close();
    const schedulers = await ctx.services.queues.maintenance.getJobSchedulers();
    expect(schedulers.map((s) => s.key ?? s.id)).toEqual([SWEEP_SCHEDULER_ID]);
  });
});

describe('without SMTP_URL', () => {
  let ctx: TestContext;
  let app: Express;
  let workers: { close(): Promise<void> };
  const clock = fixedClock(new Date('2026-11-22T12:00:00Z'));

  beforeAll(async () => {
    ctx = await testServices({ clock });
    app = createApp(ctx.services, { loginRateLimit: 1000 });
    workers = await startWorkers(ctx.services);
  });
  afterAll(async () => {
    await workers.close();
    await ctx.cleanup();
  });

  test('mail is kept in the outbox and a beheerder reads it in the UI', async () => {
    const admin = await makeUser(ctx.services, ['beheerder'], 'beheer@igj.test');
    const rows = await until(
      () => ctx.services.mail.list(),
      (l) => l.length > 0 && l.every((m) => m.status === 'stored'),
    );
    expect(rows[0]).toMatchObject({ recipient: 'beheer@igj.test', status: 'stored' });
    const { agent } = await loginAs(app, admin.email);
    const outbox = await agent.get('/beheer/mail');
    expect(outbox.text).toContain('Uw account voor Jeugdtoezicht');
    expect(outbox.text).toContain('Bewaard (geen SMTP)');
    const detail = await agent.get(`/beheer/mail/${rows[0]!.id}`);
    expect(detail.text).toContain('Beste Test beheerder');
  });

  test('mail written while Redis is down stays queued and the sweep sends it later', async () => {
    const offline = await testServices({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      // Same database as the worker's, but a producer that cannot reach Redis.
      const mail = mailService(ctx.services.db, clock, offline.services.queues, offline.services.log, undefined, 'x@igj.test');
      const id = await mail.send('welcome', 'later@igj.test', { name: 'Later', loginUrl: 'http://x' });
      expect((await ctx.services.mail.get(id))!.status).toBe('queued');
      clock.advance(61_000);
      expect(await ctx.services.mail.requeueStale()).toBe(1);
      const row = await until(
        () => ctx.services.mail.get(id),
        (m) => m?.status === 'stored',
      );
      expect(row!.status).toBe('stored');
    } finally {
      await offline.cleanup();
    }
  });
});
