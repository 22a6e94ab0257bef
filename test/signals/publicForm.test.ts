import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { testServices, type TestContext } from '../support/testServices';
import { csrfFrom } from '../support/web';

// Issue 8, points 14 and 15: the public form asks only what it uses, and its place search also finds groups.
let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services);
});
afterAll(() => ctx.cleanup());

const base = { reporterType: 'jeugdige', placeText: 'Groep Zon, Ede', description: 'Er wordt geschreeuwd.', safeNow: 'ja' };
const contact = { name: 'Sam', phone: '06 12345678', email: 'sam@voorbeeld.nl', preferredMoments: 'Na school', consent: 'ja' };

async function visitor() {
  const agent = request.agent(app);
  return { agent, csrf: csrfFrom((await agent.get('/melden')).text) };
}

const radios = (html: string, name: string) => [...html.matchAll(new RegExp(`name="${name}" value="([^"]+)"`, 'g'))].map((m) => m[1]!);
const hidden = (html: string) => [...html.matchAll(/type="hidden" name="([^"]+)"/g)].map((m) => m[1]!);

describe('contact details', () => {
  test('the contact step asks only how; anonymous skips the details step and drops what was posted with it', async () => {
    const { agent, csrf } = await visitor();
    const step = await agent
      .post('/melden')
      .type('form')
      .send({ _csrf: csrf, ...base, step: 'wat', action: 'volgende' });
    expect(step.text).toContain('Hoe kunnen we je bereiken?');
    expect(step.text).not.toMatch(/name="(phone|email|name|consent)"/);

    const review = await agent
      .post('/melden')
      .type('form')
      .send({ _csrf: csrf, ...base, ...contact, reach: 'anoniem', step: 'contact', action: 'volgende' });
    expect(review.status).toBe(200);
    expect(review.text).toContain('Klopt alles?');
    expect(review.text).toContain('Stap 5 van 5');
    for (const f of ['name', 'phone', 'email', 'preferredMoments', 'consent']) expect(hidden(review.text)).not.toContain(f);
    expect(review.text).not.toContain('06 12345678');
    expect(review.text).not.toContain('Mogen we');

    // Contact details sent along with "anoniem" (a tampered or stale form) are not stored anywhere.
    const sent = await agent
      .post('/melden')
      .type('form')
      .send({ _csrf: csrf, ...base, ...contact, reach: 'anoniem', step: 'controle', action: 'verstuur' });
    expect(sent.text).toContain('id="volgcode"');
    const signal = await ctx.services.db.selectFrom('signals').selectAll().orderBy('registered_at', 'desc').executeTakeFirstOrThrow();
    expect(signal).toMatchObject({ anonymous: true, consent_share: false });
    expect(
      await ctx.services.db.selectFrom('signal_contacts').selectAll().where('signal_id', '=', signal.id).executeTakeFirst(),
    ).toBeUndefined();
    const audit = await ctx.services.audit.find({ objectType: 'signal', objectId: signal.id, limit: 20 });
    expect(JSON.stringify(audit)).not.toMatch(/06 12345678|sam@voorbeeld|Na school/);
  });

  test('"Bel me" asks the name and the phone number, not the e-mail address, on the next step', async () => {
    const { agent, csrf } = await visitor();
    const stale = { email: 'oud@voorbeeld.nl' };
    const res = await agent
      .post('/melden')
      .type('form')
      .send({ _csrf: csrf, ...base, ...stale, reach: 'telefoon', step: 'contact', action: 'volgende' });
    expect(res.text).toContain('Je gegevens');
    expect(res.text).toContain('Stap 5 van 6');
    expect(res.text).toContain('Hoe mogen we je noemen? (mag je leeg laten)');
    expect(res.text).toMatch(/<input[^>]+name="phone"/);
    expect(res.text).not.toMatch(/name="email"/);
    expect(res.text).not.toContain('oud@voorbeeld.nl');
  });

  test('consent names the name only when one was given; the name is stored as the contact name', async () => {
    const { agent, csrf } = await visitor();
    const byPhone = { _csrf: csrf, ...base, reach: 'telefoon', phone: '06 12345678' };
    const toReview = (extra: Record<string, string>) =>
      agent
        .post('/melden')
        .type('form')
        .send({ ...byPhone, ...extra, step: 'gegevens', action: 'volgende' });
    const withoutName = await toReview({});
    expect(withoutName.text).toContain('Mogen we je telefoonnummer delen met de inspecteur');
    expect(withoutName.text).not.toContain('je naam');
    const withName = await toReview({ name: 'Sam' });
    expect(withName.text).toContain('Mogen we je naam en je telefoonnummer delen met de inspecteur');
    expect(radios(withName.text, 'consent')).toEqual(['ja', 'nee']);

    const answers = { _csrf: csrf, ...base, reach: 'telefoon', phone: '06 12345678', name: 'Sam', step: 'controle', action: 'verstuur' };
    const noConsent = await agent.post('/melden').type('form').send(answers);
    expect(noConsent.status).toBe(400);
    expect(noConsent.text).toContain('id="veld-consent-error"');
    const sent = await agent
      .post('/melden')
      .type('form')
      .send({ ...answers, consent: 'ja' });
    expect(sent.text).toContain('We nemen binnen');
    const signal = await ctx.services.db.selectFrom('signals').selectAll().orderBy('registered_at', 'desc').executeTakeFirstOrThrow();
    expect(signal).toMatchObject({ anonymous: false, consent_share: true });
    const row = await ctx.services.db
      .selectFrom('signal_contacts')
      .selectAll()
      .where('signal_id', '=', signal.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Sam', phone: '06 12345678', email: null });
  });
});

describe('place search', () => {
  let unitId: string;
  beforeAll(async () => {
    const units = Array.from({ length: 18 }, (_, i) => ({
      name: `Groep Zwaluw ${String(i + 1).padStart(2, '0')}`,
      careType: 'kleinschalig',
      places: 4,
    }));
    const kievit = { name: 'Huize Kievit', address: 'Dorpsstraat 1', municipality: 'Ede', units };
    await ctx.services.providers.create(systemActor('t'), { name: 'Stichting Nestwarmte', locations: [kievit] });
    const veld = {
      name: 'Het Veld',
      address: 'Laan 2',
      municipality: 'Epe',
      units: [{ name: 'Groep Merel', careType: 'jeugdzorgplus', places: 6 }],
    };
    await ctx.services.providers.create(systemActor('t'), { name: 'Jeugdhulp Veldzicht', locations: [veld] });
    unitId = (await ctx.services.db.selectFrom('units').select('id').where('name', '=', 'Groep Merel').executeTakeFirstOrThrow()).id;
  });

  const search = async (q: string) => {
    const { agent, csrf } = await visitor();
    return {
      agent,
      csrf,
      res: await agent.post('/melden').type('form').send({ _csrf: csrf, reporterType: 'jeugdige', q, step: 'waar', action: 'zoek' }),
    };
  };

  test('a group is found by its own name, shown with its location and provider; choosing it sets the unit', async () => {
    const { agent, csrf, res } = await search('merel');
    expect(res.text).toContain('Groep Merel — Het Veld, Jeugdhulp Veldzicht');
    expect(radios(res.text, 'place')).toEqual([`u:${unitId}`]);
    const chosen = { _csrf: csrf, ...base, placeText: '', place: `u:${unitId}`, reach: 'anoniem' };
    const review = await agent
      .post('/melden')
      .type('form')
      .send({ ...chosen, step: 'contact', action: 'volgende' });
    expect(review.text).toContain('Groep Merel — Het Veld, Jeugdhulp Veldzicht');
    await agent
      .post('/melden')
      .type('form')
      .send({ ...chosen, step: 'controle', action: 'verstuur' });
    const signal = await ctx.services.db.selectFrom('signals').selectAll().orderBy('registered_at', 'desc').executeTakeFirstOrThrow();
    expect(signal).toMatchObject({ unit_id: unitId, concerns_closed_care: true });
    expect(signal.location_id).not.toBeNull();
  });

  test('one letter gets a hint instead of nothing or everything', async () => {
    const { res } = await search('Z');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Typ minstens twee letters van de naam of de plaats.');
    expect(radios(res.text, 'place')).toEqual([]);
    expect(res.text).not.toContain('We hebben niets gevonden');
  });

  test('"more results" shows only when more than twenty places match; adding a word narrows the search', async () => {
    const fewer = await search('zwaluw');
    expect(radios(fewer.res.text, 'place')).toHaveLength(18);
    expect(fewer.res.text).not.toContain('Er zijn meer resultaten');
    const zwaluwhuis = { name: 'Zwaluwhuis', address: 'Weg 3', municipality: 'Ede', units: [] };
    await ctx.services.providers.create(systemActor('t'), { name: 'Zwaluwhuis Jeugd', locations: [zwaluwhuis] });
    await ctx.services.providers.create(systemActor('t'), { name: 'Zwaluwhof', locations: [] });
    const exactly = await search('zwaluw');
    expect(radios(exactly.res.text, 'place')).toHaveLength(20);
    expect(exactly.res.text).not.toContain('Er zijn meer resultaten');
    await ctx.services.providers.create(systemActor('t'), { name: 'Zwaluwstaart', locations: [] });
    const more = await search('zwaluw');
    expect(radios(more.res.text, 'place')).toHaveLength(20);
    expect(more.res.text).toContain('Er zijn meer resultaten. Verfijn je zoekopdracht');
    // Whole places come before groups.
    expect(more.res.text.indexOf('Zwaluwhof')).toBeLessThan(more.res.text.indexOf('Groep Zwaluw 01'));
    const narrowed = await search('zwaluw 07 ede');
    expect(narrowed.res.text).toContain('Groep Zwaluw 07 — Huize Kievit, Stichting Nestwarmte');
    expect(radios(narrowed.res.text, 'place')).toHaveLength(1);
  });

  test('search text is data, not a pattern: % and _ match only themselves', async () => {
    expect(radios((await search('%%')).res.text, 'place')).toEqual([]);
    expect(radios((await search('__')).res.text, 'place')).toEqual([]);
  });
});

describe('the safety question', () => {
  const whatStep = async (reporterType: string) => {
    const { agent, csrf } = await visitor();
    const res = await agent
      .post('/melden')
      .type('form')
      .send({ _csrf: csrf, ...base, reporterType, step: 'waar', action: 'volgende' });
    return /<legend[^>]*>([^<]*veilig[^<]*)<\/legend>/.exec(res.text)?.[1]?.trim();
  };

  test('is asked of the young person about themself, and of anyone else about the young person', async () => {
    expect(await whatStep('jeugdige')).toBe('Ben je nu veilig?');
    expect(await whatStep('oud-bewoner')).toBe('Ben je nu veilig?');
    expect(await whatStep('ouder')).toBe('Is de jongere nu veilig?');
    expect(await whatStep('professional')).toBe('Is de jongere nu veilig?');
  });
});
