import type { Express } from 'express';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import { coveredDay, dayBounds } from '../../src/daily/days';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';
import { actor, provider, report, signal, type Unit } from '../patterns/support';

// Issue 10, point 6: the inspectors' daily overview. Per inspector only their providers, no personal data of reporters,
// one mail per inspector per Amsterdam day however often the job runs, day boundaries in Amsterdam time (summer time
// included), no alert mailed again that a digest already named, and the page with the same overview.

const at = (iso: string) => new Date(iso);
// 07:00 in Amsterdam on 20 November 2026 (CET, UTC+1): the overview of 19 November goes out.
const MORNING = at('2026-11-20T06:00:00Z');
const clock = fixedClock(MORNING);
const BASE = 'https://jeugdtoezicht.test';

let ctx: TestContext;
let app: Express;
let ines: { id: string; email: string };
let otto: { id: string; email: string };
let mine: Unit;
let theirs: Unit;

const mailsTo = async (email: string) => (await ctx.services.mail.list(500)).filter((m) => m.recipient === email);
const dailyMailsTo = async (email: string) => (await mailsTo(email)).filter((m) => m.subject.startsWith('Dagelijks overzicht'));

// What the fixtures' reporters and providers wrote or are called: none of it may reach a daily overview.
const PERSONAL =
  /anna|bram|cleo|dirk|Jansen|example\.test|06 ?1111|06 ?2222|06 ?3333|06 ?4444|Geheime samenvatting|persoonlijke details|Samenvatting van de aanbieder|verschillende melders meldden/i;

beforeAll(async () => {
  ctx = await testServices({ clock, env: { BASE_URL: BASE } });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  ines = await makeUser(ctx.services, ['inspecteur'], 'ines@igj.test');
  otto = await makeUser(ctx.services, ['inspecteur'], 'otto@igj.test');
  await makeUser(ctx.services, ['manager'], 'mark@igj.test');
  await makeUser(ctx.services, ['meldpunt'], 'mila@igj.test');
  await makeUser(ctx.services, ['beheerder'], 'bea@igj.test');
  const allowed = new Set([ines.id, otto.id]);
  mine = (await provider(ctx.services, 'De Horst', [{ name: 'Eikenhof', careType: 'ambulant', places: 0 }])).units[0]!;
  theirs = (await provider(ctx.services, 'Het Anker', [{ name: 'Beukenhof', careType: 'ambulant', places: 0 }])).units[0]!;
  await ctx.services.providers.setInspectors(actor, mine.providerId, [ines.id], allowed);
  await ctx.services.providers.setInspectors(actor, theirs.providerId, [otto.id], allowed);
});
afterAll(() => ctx.cleanup());

describe('the overview of 19 November', () => {
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    // Registered on 19 November (Amsterdam): three reporters about Eikenhof and a report of the provider (a fourth
    // reporter for the cluster), one reporter about Beukenhof.
    for (const [i, who, phone] of [
      [1, 'anna', '06 11111111'],
      [2, 'bram', '06 22222222'],
      [3, 'cleo', '06 33333333'],
    ] as const) {
      clock.set(at(`2026-11-19T0${i}:00:00Z`));
      refs[who] = (await signal(ctx.services, mine, clock.now(), { email: `${who}@example.test`, name: `${who} Jansen`, phone })).reference;
    }
    clock.set(at('2026-11-19T09:00:00Z'));
    refs.dirk = (await signal(ctx.services, theirs, clock.now(), { email: 'dirk@example.test', phone: '06 44444444' })).reference;
    const late = await report(ctx.services, mine, at('2026-11-10T12:00:00Z'), ['veiligheid'], at('2026-11-19T10:00:00Z'));
    await sql`update mandatory_reports set late = true, death = true where id = ${late}`.execute(ctx.services.db);
    await report(ctx.services, theirs, at('2026-11-18T12:00:00Z'), [], at('2026-11-19T10:00:00Z'));
    const reports = await ctx.services.db.selectFrom('mandatory_reports').select(['id', 'reference']).execute();
    refs.report = reports.find((r) => r.id === late)!.reference;
    refs.otherReport = reports.find((r) => r.id !== late)!.reference;
    clock.set(at('2026-11-19T12:00:00Z'));
    await ctx.services.patterns.scan();
    // Before the day: registered at 23:30 on 18 November, Amsterdam time.
    clock.set(at('2026-11-18T22:30:00Z'));
    refs.before = (await signal(ctx.services, mine, clock.now(), { email: 'eerder@example.test' })).reference;
    clock.set(MORNING);
  });

  test('each inspector gets one mail with only their providers: references, kinds and places, no personal data', async () => {
    expect(await ctx.services.daily.sendAll()).toBe(2);
    const [mail] = await dailyMailsTo('ines@igj.test');
    expect(mail!.subject).toBe('Dagelijks overzicht van donderdag 19 november 2026: nieuw bij uw aanbieders');
    // Handlebars writes '=' in an HTML attribute as &#x3D;, which a mail reader reads as '='.
    for (const body of [mail!.text, mail!.html.replaceAll('&#x3D;', '=')]) {
      for (const r of [refs.anna, refs.bram, refs.cleo, refs.report]) expect(body).toContain(r);
      for (const r of [refs.dirk, refs.otherReport, refs.before]) expect(body).not.toContain(r);
      expect(body).not.toContain('Het Anker');
      expect(body).not.toMatch(PERSONAL);
      expect(body).toContain('Cluster van meldingen');
      expect(body).toContain(`${BASE}/overzicht/dagelijks?dag=2026-11-19`);
      expect(body).toMatch(new RegExp(`${BASE}/signalen/[0-9a-f-]{36}`));
      expect(body).toMatch(new RegExp(`${BASE}/meldingen/[0-9a-f-]{36}`));
      expect(body).toMatch(new RegExp(`${BASE}/patronen/[0-9a-f-]{36}`));
    }
    expect(mail!.text).toContain(`${refs.anna}: Jeugdige zelf, via Telefoon, De Horst locatie — Eikenhof`);
    expect(mail!.text).toContain(
      `${refs.report}: Geweld in de zorgrelatie (ook tussen cliënten), De Horst locatie — Eikenhof; te laat gemeld: ja; overlijden: ja`,
    );
    expect(mail!.text).toMatch(/Cluster van meldingen \(nieuw\): De Horst locatie — Eikenhof\n {2}waargenomen 4 · grens 3/);
    expect(mail!.text).toContain('3 signalen, 1 melding en 1 waarschuwing');

    const [other] = await dailyMailsTo('otto@igj.test');
    expect(other!.text).toContain(refs.dirk);
    expect(other!.text).toContain(refs.otherReport);
    expect(other!.text).not.toContain('De Horst');
    expect(other!.text).not.toMatch(PERSONAL);
  });

  test('idempotent per day: a second run, and one later that day, send nothing; a day without news sends nothing', async () => {
    expect(await ctx.services.daily.sendAll()).toBe(0);
    clock.set(at('2026-11-20T15:30:00Z'));
    expect(await ctx.services.daily.sendAll()).toBe(0);
    expect(await dailyMailsTo('ines@igj.test')).toHaveLength(1);
    const rows = await ctx.services.db.selectFrom('daily_overviews').selectAll().where('day', '=', '2026-11-19').execute();
    expect(rows.map((r) => [r.user_id, r.signals, r.reports, r.alerts]).sort()).toEqual(
      [
        [ines.id, 3, 1, 1],
        [otto.id, 1, 1, 0],
      ].sort(),
    );

    // 20 November brought nothing: the next morning no mail, only the record that the day is done.
    clock.set(at('2026-11-21T06:00:00Z'));
    expect(await ctx.services.daily.sendAll()).toBe(0);
    const quiet = await ctx.services.db.selectFrom('daily_overviews').selectAll().where('day', '=', '2026-11-20').execute();
    expect(quiet).toHaveLength(2);
    expect(quiet.every((r) => r.mail_id === null)).toBe(true);
    expect(await dailyMailsTo('ines@igj.test')).toHaveLength(1);
    clock.set(MORNING);
  });

  test('the page shows an inspector the same overview of any day, and refuses other roles', async () => {
    const { agent } = await loginAs(app, 'ines@igj.test');
    expect((await agent.get('/')).text).toContain('href="/overzicht/dagelijks"');
    const page = await agent.get('/overzicht/dagelijks?dag=2026-11-19');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Dagelijks overzicht van donderdag 19 november 2026');
    for (const r of [refs.anna, refs.bram, refs.cleo, refs.report]) expect(page.text).toContain(r);
    expect(page.text).not.toContain(refs.dirk);
    expect(page.text).not.toMatch(PERSONAL);
    // Without a day: yesterday's, the one the mail of this morning covered.
    expect((await agent.get('/overzicht/dagelijks')).text).toContain('donderdag 19 november 2026');
    expect((await agent.get('/overzicht/dagelijks?dag=2026-11-20')).text).toContain('Niets nieuws over uw aanbieders op deze dag.');

    const bad = await agent.get('/overzicht/dagelijks?dag=19-11-2026');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Vul een geldige datum in');
    expect(bad.text).toContain('value="19-11-2026"');
    const future = await agent.get('/overzicht/dagelijks?dag=2026-11-21');
    expect(future.status).toBe(400);
    expect(future.text).toContain('Kies vandaag of een dag in het verleden');

    for (const email of ['mark@igj.test', 'mila@igj.test', 'bea@igj.test']) {
      const { agent: other } = await loginAs(app, email);
      expect((await other.get('/overzicht/dagelijks?dag=2026-11-19')).status).toBe(403);
    }
  });
});

describe('the hourly digest and the daily overview', () => {
  let digestUnit: Unit;

  beforeAll(async () => {
    digestUnit = (await provider(ctx.services, 'De Kring', [{ name: 'Lindehof', careType: 'ambulant', places: 0 }])).units[0]!;
    await ctx.services.providers.setInspectors(actor, digestUnit.providerId, [ines.id], new Set([ines.id]));
  });

  test('an alert a digest already named is not mailed again; a day with only such alerts sends no mail', async () => {
    // 4 December, evening: three reporters; the nightly scan of 5 December raises the alert; the digest names it at once.
    for (const [i, who] of ['p', 'q', 'r'].entries()) {
      clock.set(at(`2026-12-04T1${7 + i}:00:00Z`));
      await signal(ctx.services, digestUnit, clock.now(), { email: `${who}@example.test` });
    }
    clock.set(at('2026-12-05T02:00:00Z'));
    await ctx.services.patterns.scan();
    clock.set(at('2026-12-05T02:10:00Z'));
    expect(await ctx.services.patterns.sendDigests()).toBe(1);

    // The overview of 4 December: the three signals (the alert came on the 5th).
    clock.set(at('2026-12-05T06:00:00Z'));
    const before = (await dailyMailsTo('ines@igj.test')).length;
    expect(await ctx.services.daily.sendAll()).toBe(1);
    const dec4 = (await dailyMailsTo('ines@igj.test'))[0]!;
    expect(dec4.subject).toContain('vrijdag 4 december 2026');
    expect(dec4.text).not.toContain('Cluster van meldingen');

    // The overview of 5 December would hold only the alert the digest mailed: no mail, but the page lists it.
    clock.set(at('2026-12-06T06:00:00Z'));
    expect(await ctx.services.daily.sendAll()).toBe(0);
    expect(await dailyMailsTo('ines@igj.test')).toHaveLength(before + 1);
    const row = await ctx.services.db
      .selectFrom('daily_overviews')
      .selectAll()
      .where('day', '=', '2026-12-05')
      .where('user_id', '=', ines.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mail_id: null, alerts: 0 });
    const { agent } = await loginAs(app, 'ines@igj.test');
    const page = await agent.get('/overzicht/dagelijks?dag=2026-12-05');
    expect(page.text).toContain('Cluster van meldingen');

    // Strengthened on 6 December after the digest of that hour: mailed the next morning, with a note on the earlier one.
    clock.set(at('2026-12-06T09:00:00Z'));
    const extra = await signal(ctx.services, digestUnit, clock.now(), { email: 's@example.test' });
    await ctx.services.patterns.check({ kind: 'signal', id: extra.id });
    clock.set(at('2026-12-07T06:00:00Z'));
    expect(await ctx.services.daily.sendAll()).toBe(1);
    const dec6 = (await dailyMailsTo('ines@igj.test'))[0]!;
    expect(dec6.text).toMatch(/Cluster van meldingen \(versterkt\): De Kring locatie — Lindehof\n {2}waargenomen 4/);
    expect(dec6.text).not.toMatch(/kreeg u die dag al/);
    clock.set(MORNING);
  });

  test('the mail says how many alerts of the day a digest already named', async () => {
    const unit = (await provider(ctx.services, 'Het Erf', [{ name: 'Hooiberg', careType: 'ambulant', places: 0 }])).units[0]!;
    await ctx.services.providers.setInspectors(actor, unit.providerId, [ines.id], new Set([ines.id]));
    for (const [i, who] of ['t', 'u', 'v'].entries()) {
      clock.set(at(`2026-12-09T1${i}:00:00Z`));
      await signal(ctx.services, unit, clock.now(), { email: `${who}@example.test` });
    }
    await ctx.services.patterns.scan();
    clock.set(at('2026-12-09T13:00:00Z'));
    expect(await ctx.services.patterns.sendDigests()).toBe(1);
    clock.set(at('2026-12-10T06:00:00Z'));
    expect(await ctx.services.daily.sendAll()).toBe(1);
    const mail = (await dailyMailsTo('ines@igj.test'))[0]!;
    expect(mail.text).toContain('3 signalen over de aanbieders');
    expect(mail.text).not.toContain('Cluster van meldingen');
    expect(mail.text).toContain('1 nieuwe of versterkte waarschuwing kreeg u die dag al in een tussentijdse e-mail');
    clock.set(MORNING);
  });
});

describe('Amsterdam days, summer time included', () => {
  let unit: Unit;
  let ivo: { id: string; email: string };

  beforeAll(async () => {
    ivo = await makeUser(ctx.services, ['inspecteur'], 'ivo@igj.test');
    unit = (await provider(ctx.services, 'De Vaart', [{ name: 'Wilgenhof', careType: 'ambulant', places: 0 }])).units[0]!;
    await ctx.services.providers.setInspectors(actor, unit.providerId, [ivo.id], new Set([ivo.id]));
  });

  test('the day an overview covers, and its length: 25 hours in October, 23 in March', () => {
    expect(coveredDay(at('2026-10-26T06:00:00Z'))).toBe('2026-10-25');
    // 00:30 on 26 October in Amsterdam, still the 25th in UTC: yesterday is the 25th.
    expect(coveredDay(at('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
    expect(coveredDay(at('2026-03-29T22:30:00Z'))).toBe('2026-03-29');
    const hours = (d: string) => (dayBounds(d).to.getTime() - dayBounds(d).from.getTime()) / 3_600_000;
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-11-19')).toBe(24);
    expect(dayBounds('2026-10-25').from.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(dayBounds('2026-03-29').to.toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  const registerAt = async (iso: string) => {
    clock.set(at(iso));
    return (await signal(ctx.services, unit, clock.now(), { email: `${iso.replace(/\W/g, '')}@example.test` })).reference;
  };

  test.each([
    [
      '2026-10-25',
      ['2026-10-24T21:59:00Z', '2026-10-25T23:00:00Z'],
      ['2026-10-24T22:00:00Z', '2026-10-25T22:59:00Z'],
      '2026-10-26T06:00:00Z',
    ],
    [
      '2026-03-29',
      ['2026-03-28T22:59:00Z', '2026-03-29T22:00:00Z'],
      ['2026-03-28T23:00:00Z', '2026-03-29T21:59:00Z'],
      '2026-03-30T05:00:00Z',
    ],
  ])(
    'the overview of %s holds what was registered from its midnight to the next, Amsterdam time',
    async (day, outside, inside, morning) => {
      const out: string[] = [];
      for (const iso of outside) out.push(await registerAt(iso));
      const inn: string[] = [];
      for (const iso of inside) inn.push(await registerAt(iso));
      clock.set(at(morning));
      expect(await ctx.services.daily.sendAll()).toBe(1);
      const title = day === '2026-10-25' ? 'zondag 25 oktober 2026' : 'zondag 29 maart 2026';
      const mail = (await mailsTo('ivo@igj.test')).find((m) => m.subject.includes(title))!;
      for (const r of inn) expect(mail.text).toContain(r);
      for (const r of out) expect(mail.text).not.toContain(r);
      expect(mail.text).toContain('2 signalen over de aanbieders');
      clock.set(MORNING);
    },
  );
});
