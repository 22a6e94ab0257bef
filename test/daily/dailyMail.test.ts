import type { Express } from 'express';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import { startWorkers } from '../../src/jobs/worker';
import { DAILY_SCHEDULER_ID } from '../../src/patterns/jobs';
import { until } from '../support/until';
import { startSmtp } from '../support/smtp';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';
import { actor, provider, signal } from '../patterns/support';

// Issue 10, point 6: the daily overview is a scheduled job of the worker; with SMTP it reaches a real mail server,
// without it the mail stays in the outbox for a beheerder to read.

// 07:00 in Amsterdam on 20 November 2026: the overview of 19 November.
const MORNING = new Date('2026-11-20T06:00:00Z');
const YESTERDAY = new Date('2026-11-19T10:00:00Z');

async function world(ctx: TestContext, clock: ReturnType<typeof fixedClock>) {
  const ines = await makeUser(ctx.services, ['inspecteur'], 'ines@igj.test');
  const unit = (await provider(ctx.services, 'De Horst', [{ name: 'Eikenhof', careType: 'ambulant', places: 0 }])).units[0]!;
  await ctx.services.providers.setInspectors(actor, unit.providerId, [ines.id], new Set([ines.id]));
  clock.set(YESTERDAY);
  const s = await signal(ctx.services, unit, YESTERDAY, { email: 'anna@example.test', name: 'Anna Jansen', phone: '06 11111111' });
  clock.set(MORNING);
  return s.reference;
}

describe('with the worker running and a real SMTP server', () => {
  const clock = fixedClock(MORNING);
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let workers: { close(): Promise<void> };

  beforeAll(async () => {
    smtp = await startSmtp();
    ctx = await testServices({ clock, env: { SMTP_URL: smtp.url, BASE_URL: 'https://jeugdtoezicht.test' } });
    workers = await startWorkers(ctx.services);
  });
  afterAll(async () => {
    await workers.close();
    await ctx.cleanup();
    await smtp.close();
  });

  test('the worker schedules the overview at 07:00 Amsterdam time (and hourly until 17:00 for a missed morning)', async () => {
    const schedulers = await ctx.services.queues.patterns.getJobSchedulers();
    const daily = schedulers.find((s) => s.key === DAILY_SCHEDULER_ID);
    expect(daily).toMatchObject({ name: 'daily-overview', pattern: '0 7-17 * * *', tz: 'Europe/Amsterdam' });
  });

  test('the job delivers the overview to the SMTP server, once however often it runs', async () => {
    const reference = await world(ctx, clock);
    // As the scheduler adds it: the worker runs the job, the mail worker delivers.
    await ctx.services.queues.patterns.add('daily-overview', {});
    const isDaily = (m: { raw: string }) => m.raw.includes('Subject: Dagelijks overzicht');
    const mail = await smtp.waitForMatch((m) => m.to.includes('ines@igj.test') && isDaily(m));
    expect(mail).toBeDefined();
    // Unfolded headers, quoted-printable soft line breaks joined.
    const raw = mail!.raw.replace(/\r?\n[ \t]/g, ' ').replace(/=\r?\n/g, '');
    expect(raw).toContain('Subject: Dagelijks overzicht van donderdag 19 november 2026: nieuw bij uw aanbieders');
    expect(raw).toContain('Content-Type: text/plain');
    expect(raw).toContain('Content-Type: text/html');
    expect(raw).toContain(reference);
    expect(raw).not.toMatch(/anna|Jansen|example\.test|06 ?1111|Geheime samenvatting|persoonlijke details/i);
    const [row] = await until(
      () => ctx.services.mail.list(10),
      (l) => l.some((m) => m.subject.startsWith('Dagelijks') && m.status === 'sent'),
    );
    expect(row).toBeDefined();

    // The same job again (a second worker, a restart): the day's record is there, nothing is sent.
    const again = await ctx.services.queues.patterns.add('daily-overview', {});
    await until(
      () => again.getState(),
      (s) => s === 'completed',
    );
    expect(smtp.received.filter((m) => m.to.includes('ines@igj.test') && isDaily(m))).toHaveLength(1);
  });
});

describe('without SMTP_URL', () => {
  const clock = fixedClock(MORNING);
  let ctx: TestContext;
  let app: Express;
  let workers: { close(): Promise<void> };

  beforeAll(async () => {
    ctx = await testServices({ clock });
    app = createApp(ctx.services, { loginRateLimit: 1000 });
    workers = await startWorkers(ctx.services);
  });
  afterAll(async () => {
    await workers.close();
    await ctx.cleanup();
  });

  test('the overview is kept in the outbox and a beheerder reads it under Uitgaande mail', async () => {
    const reference = await world(ctx, clock);
    const admin = await makeUser(ctx.services, ['beheerder'], 'bea@igj.test');
    expect(await ctx.services.daily.sendAll()).toBe(1);
    const rows = await until(
      () => ctx.services.mail.list(20),
      (l) => l.some((m) => m.subject.startsWith('Dagelijks') && m.status === 'stored'),
    );
    const stored = rows.find((m) => m.subject.startsWith('Dagelijks'))!;
    expect(stored).toMatchObject({ recipient: 'ines@igj.test', status: 'stored' });
    const { agent } = await loginAs(app, admin.email);
    const outbox = await agent.get('/beheer/mail');
    expect(outbox.text).toContain('Dagelijks overzicht van donderdag 19 november 2026');
    const detail = await agent.get(`/beheer/mail/${stored.id}`);
    expect(detail.text).toContain(reference);
    expect(detail.text).not.toMatch(/anna|Jansen|example\.test/i);
  });
});
