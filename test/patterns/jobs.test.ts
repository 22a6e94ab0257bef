import { fixedClock } from '../../src/clock';
import { startWorkers } from '../../src/jobs/worker';
import { DIGEST_SCHEDULER_ID, SCAN_SCHEDULER_ID } from '../../src/patterns/jobs';
import { until } from '../support/until';
import { startSmtp } from '../support/smtp';
import type { TestContext } from '../support/testServices';
import { makeUser } from '../support/web';
import { actor, alerts, assess, daysBefore, patternServices, provider, signal, type Unit } from './support';

// Issue 10, point 3 and 4: the check after each new item runs as a job, the nightly scan and the digest are scheduled,
// a lost Redis never fails a registration, and the digest carries no personal data.
const NOW = new Date('2026-11-20T09:00:00Z');

describe('with the worker running and a real SMTP server', () => {
  const clock = fixedClock(NOW);
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let workers: { close(): Promise<void> };
  let unit: Unit;

  beforeAll(async () => {
    smtp = await startSmtp();
    ctx = await patternServices({ clock, env: { SMTP_URL: smtp.url, BASE_URL: 'https://jeugdtoezicht.test' } });
    workers = await startWorkers(ctx.services);
    const ines = await makeUser(ctx.services, ['inspecteur'], 'ines@igj.test');
    await makeUser(ctx.services, ['inspecteur'], 'otto@igj.test');
    unit = (await provider(ctx.services, 'De Horst', [{ name: 'Eikenhof', careType: 'open-residentieel', places: 8 }])).units[0]!;
    await ctx.services.providers.setInspectors(actor, unit.providerId, [ines.id], new Set([ines.id]));
  });
  afterAll(async () => {
    await workers.close();
    await ctx.cleanup();
    await smtp.close();
  });

  test('the worker schedules the nightly scan (03:00 Amsterdam) and the digest', async () => {
    const schedulers = await ctx.services.queues.patterns.getJobSchedulers();
    const byId = Object.fromEntries(schedulers.map((s) => [s.key, s]));
    expect(byId[SCAN_SCHEDULER_ID]).toMatchObject({ name: 'scan', pattern: '0 3 * * *', tz: 'Europe/Amsterdam' });
    expect(byId[DIGEST_SCHEDULER_ID]).toMatchObject({ name: 'digest', every: 600_000 });
  });

  test('registering signals queues the check: the third independent reporter raises the alert through the job', async () => {
    for (const [who, phone] of [
      ['anna', '06 11111111'],
      ['bram', '06 22222222'],
      ['cleo', '06 33333333'],
    ])
      await signal(ctx.services, unit, daysBefore(NOW, 2), { email: `${who}@example.test`, name: `${who} Jansen`, phone });
    const found = await until(
      () => alerts(ctx.services, 'cluster'),
      (a) => a.length === 1,
    );
    expect(found.map((a) => Number(a.observed))).toEqual([3]);
  });

  test('an assessment saying meldplicht puts a delayed job at the due instant (once, however often it is checked)', async () => {
    const s = await signal(ctx.services, unit, NOW, { email: 'dina@example.test' });
    await assess(ctx.services, s.id, ['veiligheid'], true);
    const jobId = `missing-report-${s.id}-${new Date('2026-11-25T09:00:00Z').getTime()}`;
    const job = await until(
      () => ctx.services.queues.patterns.getJob(jobId),
      (j) => j !== undefined,
    );
    expect(job?.name).toBe('missing-report');
    expect(job?.data).toEqual({ id: s.id });
    await ctx.services.patterns.handle('check', { kind: 'assessment', id: s.id });
    expect((await ctx.services.queues.patterns.getDelayed()).filter((j) => j.name === 'missing-report')).toHaveLength(1);
  });

  test('the digest: one mail to the assigned inspector, rule, place, figures and link only; at most one an hour', async () => {
    await until(
      () => alerts(ctx.services),
      (a) => a.length >= 1,
    );
    expect(await ctx.services.patterns.sendDigests()).toBe(1);
    const isDigest = (m: { raw: string }) => m.raw.includes('Subject: Patronen');
    const mail = await smtp.waitForMatch((m) => m.to.includes('ines@igj.test') && isDigest(m));
    expect(mail).toBeDefined();
    // Unfolded headers, quoted-printable soft line breaks joined.
    const raw = mail!.raw.replace(/\r?\n[ \t]/g, ' ').replace(/=\r?\n/g, '');
    expect(raw).toContain('Subject: Patronen: nieuwe of versterkte waarschuwingen bij uw aanbieders');
    expect(raw).toContain('Cluster van meldingen');
    expect(raw).toContain('De Horst');
    expect(raw).toMatch(/waargenomen \d/);
    expect(raw).toMatch(/https:\/\/jeugdtoezicht\.test\/patronen\/[0-9a-f-]{36}/);
    // No reporter, no summary, no explanation.
    expect(raw).not.toMatch(
      /anna|bram|cleo|Jansen|example\.test|06 \d|Geheime samenvatting|persoonlijke details|verschillende melders meldden/i,
    );
    expect(smtp.received.filter((m) => m.to.includes('otto@igj.test') && isDigest(m))).toEqual([]);

    // Within the hour: nothing again, even with a strengthened alert.
    expect(await ctx.services.patterns.sendDigests()).toBe(0);
    clock.set(new Date(NOW.getTime() + 30 * 60_000));
    await signal(ctx.services, unit, daysBefore(NOW, 1), { email: 'eef@example.test' });
    await until(
      () => alerts(ctx.services, 'cluster'),
      (a) => Number(a[0]?.observed) === 5,
    );
    expect(await ctx.services.patterns.sendDigests()).toBe(0);
    clock.set(new Date(NOW.getTime() + 61 * 60_000));
    expect(await ctx.services.patterns.sendDigests()).toBe(1);
    expect(await ctx.services.patterns.sendDigests()).toBe(0);
    const second = await smtp.waitForMatch((m) => m.to.includes('ines@igj.test') && m.raw.includes('(versterkt)'));
    expect(second).toBeDefined();
    expect(second!.raw).not.toMatch(/eef|example\.test/i);
  });
});

describe('with Redis unreachable and no SMTP', () => {
  const clock = fixedClock(NOW);
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await patternServices({ clock, env: { REDIS_URL: 'redis://127.0.0.1:3931' } });
  });
  afterAll(() => ctx.cleanup());

  test('a registration still succeeds; the nightly scan finds what the lost check would have; the digest lands in the outbox', async () => {
    const inspector = await makeUser(ctx.services, ['inspecteur'], 'ina@igj.test');
    const unit = (await provider(ctx.services, 'Zonder Redis', [{ name: 'Groep', careType: 'open-residentieel', places: 8 }])).units[0]!;
    await ctx.services.providers.setInspectors(actor, unit.providerId, [inspector.id], new Set([inspector.id]));
    for (const who of ['x', 'y', 'z']) await signal(ctx.services, unit, daysBefore(NOW, 1), { email: `${who}@example.test` });
    expect(await alerts(ctx.services, 'cluster')).toEqual([]);
    const first = await ctx.services.patterns.scan();
    expect(first.cluster.created).toBe(1);
    // Running the scan again changes nothing.
    const again = await ctx.services.patterns.scan();
    expect(Object.values(again).every((t) => t.created === 0 && t.strengthened === 0)).toBe(true);

    expect(await ctx.services.patterns.sendDigests()).toBe(1);
    const outbox = await ctx.services.mail.list(10);
    const digest = outbox.find((m) => m.recipient === 'ina@igj.test' && m.subject.startsWith('Patronen'))!;
    expect(digest.subject).toBe('Patronen: nieuwe of versterkte waarschuwingen bij uw aanbieders');
    expect(digest.text).toContain('Cluster van meldingen (nieuw): Zonder Redis — Zonder Redis locatie — Groep');
    expect(digest.text).not.toMatch(/example\.test|Geheime samenvatting/);
    await ctx.services.mail.deliver(digest.id, false);
    expect((await ctx.services.mail.get(digest.id))?.status).toBe('stored');
  });
});
