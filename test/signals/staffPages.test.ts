import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
let ctx: TestContext;
let app: Express;
let meldpunt: Awaited<ReturnType<typeof loginAs>>;
let manager: Awaited<ReturnType<typeof loginAs>>;
let managerId: string;
const actor = systemActor('test');

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'], 'mila@igj.test')).email);
  const m = await makeUser(ctx.services, ['manager'], 'mark@igj.test');
  managerId = m.id;
  manager = await loginAs(app, m.email);
});
afterAll(() => ctx.cleanup());
beforeEach(() => clock.set(new Date('2026-11-20T09:00:00Z')));

const youth = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Opgesloten',
  description: 'Twee dagen op de kamer.',
  contact: { phone: '06 11112222' },
};

test('meldpunt registers a phone signal with the real time of receipt, in Amsterdam time', async () => {
  const res = await meldpunt.agent.post('/signalen/nieuw').type('form').send({
    _csrf: meldpunt.csrf,
    receivedAt: '2026-11-20T08:30',
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: 'Belde over afzondering',
    description: 'Jongen belde, was boos en bang.',
    contactPhone: '06 12345678',
  });
  expect(res.status).toBe(303);
  const page = await meldpunt.agent.get(res.headers.location!);
  expect(page.text).toContain('20 november 2026 om 08:30');
  expect(page.text).toContain('22 november 2026 om 08:30');
  expect(page.text).toContain('nog 1 dag 22 uur');
  expect(page.text).toContain('06 12345678');
});

test('registration errors show beside the fields and keep the input', async () => {
  const res = await meldpunt.agent.post('/signalen/nieuw').type('form').send({
    _csrf: meldpunt.csrf,
    receivedAt: '2026-11-20T08:30',
    channel: '',
    reporterType: 'jeugdige',
    summary: 'Iets',
    description: 'Beschrijving blijft staan',
    contactEmail: 'fout',
  });
  expect(res.status).toBe(400);
  expect(res.text).toContain('id="veld-channel-error">Kies hoe het signaal binnenkwam');
  expect(res.text).toContain('id="veld-contactEmail-error">Vul een geldig e-mailadres in');
  expect(res.text).toContain('Beschrijving blijft staan</textarea>');
  expect(res.text).toContain('value="2026-11-20T08:30"');
});

// Issue 8, point 6: a double click or Back and "Registreren" again made a second signal.
test('the registration form sent twice (also after a refused try) registers one signal and says so', async () => {
  const page = await meldpunt.agent.get('/signalen/nieuw');
  const token = /name="submission" value="([0-9a-f-]{36})"/.exec(page.text)![1]!;
  const body = {
    _csrf: meldpunt.csrf,
    submission: token,
    receivedAt: '2026-11-20T08:40',
    channel: 'telefoon',
    reporterType: 'ouder',
    summary: 'Twee keer verstuurd',
    description: 'Moeder belde.',
  };
  const refused = await meldpunt.agent
    .post('/signalen/nieuw')
    .type('form')
    .send({ ...body, channel: '' });
  expect(refused.text).toContain(`name="submission" value="${token}"`);
  const before = (await ctx.services.db.selectFrom('signals').select('id').where('summary', '=', 'Twee keer verstuurd').execute()).length;
  const first = await meldpunt.agent.post('/signalen/nieuw').type('form').send(body);
  const again = await meldpunt.agent.post('/signalen/nieuw').type('form').send(body);
  expect([first.status, again.status]).toEqual([303, 303]);
  expect(again.headers.location).toBe(first.headers.location);
  expect((await meldpunt.agent.get(again.headers.location!)).text).toContain('Dit formulier was al verstuurd');
  const after = await ctx.services.db.selectFrom('signals').select('id').where('summary', '=', 'Twee keer verstuurd').execute();
  expect([before, after.length]).toEqual([0, 1]);
});

test('an incomplete assessment names each question it misses, beside that question', async () => {
  const { signal } = await ctx.services.signals.register(actor, { ...youth, summary: 'Te beoordelen' });
  const res = await meldpunt.agent
    .post(`/signalen/${signal.id}/beoordeling`)
    .type('form')
    .send({ _csrf: meldpunt.csrf, possibleMisstand: 'ja' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('id="veld-seriousThreat-error">Kies ja of nee bij ‘ernstige bedreiging van de veiligheid’');
  expect(res.text).toContain('id="veld-meldplicht-error">Kies ja of nee bij ‘had de aanbieder moeten melden’');
  expect(res.text).toContain('id="veld-concernsJzp-error">Kies ja of nee bij ‘gaat het over JeugdzorgPlus’');
});

// Issue 9: what can still be in time (due within 12 hours) comes before what is already overdue.
test('the work queue puts what is due within 12 hours before what is overdue, and says in words which is which', async () => {
  const overdue = await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-18T08:00:00Z', summary: 'Te laat signaal' });
  const soon = await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-18T19:00:00Z', summary: 'Bijna signaal' });
  const page = await meldpunt.agent.get('/werkvoorraad');
  const iOverdue = page.text.indexOf(overdue.signal.reference);
  const iSoon = page.text.indexOf(soon.signal.reference);
  expect(iSoon).toBeGreaterThan(0);
  expect(iOverdue).toBeGreaterThan(iSoon);
  const rowSoon = page.text.slice(iSoon, iOverdue);
  expect(rowSoon).toContain('Binnen 12 uur');
  expect(rowSoon).not.toContain('Te laat');
  const rowOverdue = page.text.slice(iOverdue, iOverdue + 600);
  expect(rowOverdue).toContain('Te laat');
  expect(rowOverdue).toContain('1 uur te laat');
  const filtered = await meldpunt.agent.get('/werkvoorraad?reporterType=ouder');
  expect(filtered.text).not.toContain(overdue.signal.reference);
});

test('claim, then a contact without the two standard questions is refused with the messages beside the fields', async () => {
  const { signal } = await ctx.services.signals.register(actor, youth);
  await meldpunt.agent.post(`/signalen/${signal.id}/oppakken`).type('form').send({ _csrf: meldpunt.csrf }).expect(303);
  expect((await ctx.services.signals.get(signal.id)).assigneeName).toBe('Test meldpunt');
  const refused = await meldpunt.agent
    .post(`/signalen/${signal.id}/contact`)
    .type('form')
    .send({ _csrf: meldpunt.csrf, at: '2026-11-20T10:00', channel: 'telefoon', successful: 'ja', note: 'Goed gesprek' });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('Beantwoord de vraag over signalen van structurele onveiligheid');
  expect(refused.text).toContain('Beantwoord de vraag over grensoverschrijdend gedrag');
  expect(refused.text).toContain('Goed gesprek</textarea>');
  expect((await ctx.services.signals.get(signal.id)).followUp).toBe('open');
  await meldpunt.agent
    .post(`/signalen/${signal.id}/contact`)
    .type('form')
    .send({
      _csrf: meldpunt.csrf,
      at: '2026-11-20T10:00',
      channel: 'telefoon',
      successful: 'ja',
      structuralUnsafety: 'ja',
      boundaryCrossing: 'niet-besproken',
      notDiscussedReason: 'Jongere wilde er niet over praten',
      note: 'Goed gesprek',
    })
    .expect(303);
  const s = await ctx.services.signals.get(signal.id);
  expect(s.followUp).toBe('met');
  expect(s.contactedAt!.toISOString()).toBe('2026-11-20T09:00:00.000Z');
});

test('workflow follows the transition table: no closing before contact, assessment before "beoordeeld"', async () => {
  const { signal } = await ctx.services.signals.register(actor, youth);
  await meldpunt.agent.post(`/signalen/${signal.id}/oppakken`).type('form').send({ _csrf: meldpunt.csrf });
  const close = await meldpunt.agent
    .post(`/signalen/${signal.id}/status`)
    .type('form')
    .send({ _csrf: meldpunt.csrf, status: 'afgesloten' });
  expect(close.status).toBe(400);
  expect(close.text).toContain('Sluit pas af na contact');
  const skip = await meldpunt.agent.post(`/signalen/${signal.id}/status`).type('form').send({ _csrf: meldpunt.csrf, status: 'doorgezet' });
  expect(skip.text).toContain('Deze statuswijziging is niet toegestaan');
  const assess = await meldpunt.agent
    .post(`/signalen/${signal.id}/beoordeling`)
    .type('form')
    .send({
      _csrf: meldpunt.csrf,
      possibleMisstand: 'ja',
      seriousThreat: 'nee',
      meldplicht: 'ja',
      concernsJzp: 'nee',
      themes: ['vbm', 'bejegening'],
      advice: 'Klachtencommissie uitgelegd',
      referrals: ['klachtencommissie', 'jeugdstem'],
    });
  expect(assess.status).toBe(303);
  const a = await ctx.services.assessments.assessment(signal.id);
  expect(a).toMatchObject({
    possible_misstand: true,
    meldplicht: true,
    themes: ['vbm', 'bejegening'],
    referrals: ['klachtencommissie', 'jeugdstem'],
  });
  expect((await ctx.services.signals.get(signal.id)).status).toBe('beoordeeld');
});

test('unreachable: only after two failed attempts, confirmed by a manager who did not ask, and counted apart', async () => {
  const { signal } = await ctx.services.signals.register(actor, { ...youth, summary: 'Onbereikbaar' });
  const tooEarly = await meldpunt.agent
    .post(`/signalen/${signal.id}/onbereikbaar`)
    .type('form')
    .send({ _csrf: meldpunt.csrf, unreachableReason: 'Nummer bestaat niet' });
  expect(tooEarly.text).toContain('Leg eerst minstens twee mislukte contactpogingen vast');
  for (const at of ['2026-11-20T10:00', '2026-11-20T10:02']) {
    await meldpunt.agent
      .post(`/signalen/${signal.id}/contact`)
      .type('form')
      .send({ _csrf: meldpunt.csrf, at, channel: 'telefoon', successful: 'nee', note: 'geen gehoor' })
      .expect(303);
  }
  await meldpunt.agent
    .post(`/signalen/${signal.id}/onbereikbaar`)
    .type('form')
    .send({ _csrf: meldpunt.csrf, unreachableReason: 'Nummer bestaat niet' })
    .expect(303);
  expect((await ctx.services.signals.get(signal.id)).followUp).toBe('open');
  // The meldpunt user cannot confirm (route is for managers).
  expect(
    (await meldpunt.agent.post(`/signalen/${signal.id}/onbereikbaar/bevestigen`).type('form').send({ _csrf: meldpunt.csrf })).status,
  ).toBe(403);
  await manager.agent.post(`/signalen/${signal.id}/onbereikbaar/bevestigen`).type('form').send({ _csrf: manager.csrf }).expect(303);
  expect((await ctx.services.signals.get(signal.id)).followUp).toBe('unreachable');
  const report = await ctx.services.followUpReport('2026-11-20', '2026-11-20');
  expect(report.youth.unreachable).toBeGreaterThanOrEqual(1);
  expect(report.unreachable.map((u) => u.reference)).toContain(signal.reference);
  expect(report.youth.shareWithinNorm).toBe(report.youth.met / (report.youth.met + report.youth.late + report.youth.breached));

  const { signal: own } = await ctx.services.signals.register(actor, { ...youth, summary: 'Eigen verzoek' });
  for (const at of ['2026-11-20T09:00:00Z', '2026-11-20T09:01:00Z'])
    await ctx.services.contacts.recordAttempt({ userId: managerId, label: 'm', requestId: null }, own.id, {
      at: new Date(at),
      channel: 'telefoon',
      successful: false,
    });
  await ctx.services.contacts.requestUnreachable({ userId: managerId, label: 'm', requestId: null }, own.id, 'Geen gehoor');
  const self = await manager.agent.post(`/signalen/${own.id}/onbereikbaar/bevestigen`).type('form').send({ _csrf: manager.csrf });
  expect(self.text).toContain('Een andere manager moet dit bevestigen');
});

test('contact details: meldpunt sees them; an inspector only with consent and only for their own provider; every view is audited', async () => {
  const insp = await makeUser(ctx.services, ['inspecteur'], 'ines@igj.test');
  const inspector = await loginAs(app, insp.email);
  const p = await ctx.services.providers.create(actor, { name: 'Huize Privacy', locations: [] });
  await ctx.services.providers.setInspectors(actor, p.id, [insp.id], new Set([insp.id]));
  const { signal: noConsent } = await ctx.services.signals.register(actor, {
    ...youth,
    providerId: p.id,
    contact: { phone: '06 99990000' },
  });
  const { signal: consent } = await ctx.services.signals.register(actor, {
    ...youth,
    providerId: p.id,
    consentShare: true,
    contact: { phone: '06 88880000' },
  });
  expect((await inspector.agent.get(`/signalen/${noConsent.id}`)).text).not.toContain('06 99990000');
  expect((await inspector.agent.get(`/signalen/${noConsent.id}`)).text).toContain('Niet zichtbaar voor u');
  expect((await inspector.agent.get(`/signalen/${consent.id}`)).text).toContain('06 88880000');
  // Since issue 7 an inspector not assigned to the provider does not open the signal at all (403).
  const other = await loginAs(app, (await makeUser(ctx.services, ['inspecteur'])).email);
  const refused = await other.agent.get(`/signalen/${consent.id}`);
  expect(refused.status).toBe(403);
  expect(refused.text).not.toContain('06 88880000');
  await meldpunt.agent.get(`/signalen/${noConsent.id}`);
  const reads = (await ctx.services.audit.find({ objectType: 'signal', objectId: consent.id, limit: 20 })).filter(
    (e) => e.action === 'read',
  );
  expect(reads.map((r) => r.actorId)).toEqual([insp.id]);
  expect((reads[0]!.changes as { fields: string[] }).fields).toContain('contact');
  // Since issue 7 every page view is a read (two by the inspector, one by meldpunt); only meldpunt's showed contact details.
  const noConsentReads = (await ctx.services.audit.find({ objectType: 'signal', objectId: noConsent.id, limit: 20 })).filter(
    (e) => e.action === 'read',
  );
  expect(noConsentReads).toHaveLength(3);
  expect(noConsentReads.filter((e) => (e.changes as { fields: string[] }).fields.includes('contact')).map((e) => e.actorLabel)).toEqual([
    expect.stringContaining('mila@igj.test'),
  ]);
  // Inspectors may read signals but not act on them as meldpunt.
  expect((await inspector.agent.post(`/signalen/${consent.id}/oppakken`).type('form').send({ _csrf: inspector.csrf })).status).toBe(403);
});

test('only the provider’s own inspector records the JeugdzorgPlus consultation; managers see it when overdue', async () => {
  const insp = await makeUser(ctx.services, ['inspecteur'], 'ivo@igj.test');
  const p = await ctx.services.providers.create(actor, {
    name: 'De Gesloten Poort',
    locations: [{ name: 'L', address: 'A 1', municipality: 'Ede', units: [{ name: 'G', careType: 'jeugdzorgplus', places: 8 }] }],
  });
  await ctx.services.providers.setInspectors(actor, p.id, [insp.id], new Set([insp.id]));
  const { signal } = await ctx.services.signals.register(actor, { ...youth, providerId: p.id });
  // Registered on a Friday: due Monday, one working day later. Tuesday it is overdue.
  clock.advance(4 * 86_400_000);
  const queue = await manager.agent.get('/werkvoorraad');
  expect(queue.text).toContain('Afstemming JeugdzorgPlus te laat');
  expect(queue.text).toContain(signal.reference);
  const stranger = await loginAs(app, (await makeUser(ctx.services, ['inspecteur'])).email);
  const refused = await stranger.agent
    .post(`/signalen/${signal.id}/afstemming`)
    .type('form')
    .send({ _csrf: stranger.csrf, outcome: 'Besproken' });
  // Since issue 7 an inspector of another provider gets 403 rather than the signal page with a message.
  expect(refused.status).toBe(403);
  expect(refused.text).not.toContain('Twee dagen op de kamer.');
  expect((await ctx.services.assessments.consultationOf(signal.id))!.outcome).toBeNull();
  const own = await loginAs(app, insp.email);
  await own.agent
    .post(`/signalen/${signal.id}/afstemming`)
    .type('form')
    .send({ _csrf: own.csrf, outcome: 'Besproken; bezoek volgende week' })
    .expect(303);
  expect((await ctx.services.assessments.consultationOf(signal.id))!.outcome).toBe('Besproken; bezoek volgende week');
  clock.set(new Date('2026-11-20T09:00:00Z'));
});

test('the managers’ report shows the figures, a chart and a CSV export', async () => {
  const page = await manager.agent.get('/rapportage/opvolging?from=2026-11-01&to=2026-11-30');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Jeugdigen en oud-bewoners (48 uur)');
  expect(page.text).toContain('<svg class="app-chart" role="img"');
  // Week labels with the year (issue 8 point 18); the CSV keeps the ISO week.
  expect(page.text).toContain('wk 47 2026');
  const csv = await manager.agent.get('/rapportage/opvolging.csv?from=2026-11-01&to=2026-11-30');
  expect(csv.headers['content-type']).toContain('text/csv');
  expect(csv.text).toContain('periode;groep;totaal;binnen norm');
  expect(csv.text).toMatch(/2026-W47;jeugdigen \(48 uur\);\d+/);
  expect((await meldpunt.agent.get('/rapportage/opvolging')).status).toBe(403);
});

test('a beheerder changes a norm: new signals get it, existing ones keep theirs', async () => {
  const admin = await loginAs(app, (await makeUser(ctx.services, ['beheerder'])).email);
  const { signal: before } = await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-20T09:00:00Z' });
  const youthNorm = (await ctx.services.norms.active()).find((n) => n.reporter_types.includes('jeugdige'))!;
  const bad = await admin.agent
    .post(`/beheer/normen/${youthNorm.id}`)
    .type('form')
    .send({ _csrf: admin.csrf, label: '', unit: 'hours', amount: '-1', reporterTypes: ['jeugdige'] });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('Vul een positief aantal in');
  await admin.agent
    .post(`/beheer/normen/${youthNorm.id}`)
    .type('form')
    .send({ _csrf: admin.csrf, label: 'Jeugdige: binnen 24 uur', unit: 'hours', amount: '24', reporterTypes: ['jeugdige', 'oud-bewoner'] })
    .expect(303);
  const { signal: after } = await ctx.services.signals.register(actor, { ...youth, receivedAt: '2026-11-20T09:00:00Z' });
  expect(after.dueAt.toISOString()).toBe('2026-11-21T09:00:00.000Z');
  expect((await ctx.services.signals.get(before.id)).dueAt.toISOString()).toBe('2026-11-22T09:00:00.000Z');
  expect(after.normLabel).toBe('Jeugdige: binnen 24 uur');
});

test('contact details are removed 12 months after closing; the substance stays', async () => {
  const { signal } = await ctx.services.signals.register(actor, { ...youth, summary: 'Oud signaal' });
  await ctx.services.contacts.recordAttempt(actor, signal.id, {
    at: new Date('2026-11-20T09:00:00Z'),
    channel: 'telefoon',
    successful: true,
    structuralUnsafety: 'nee',
    boundaryCrossing: 'nee',
  });
  await ctx.services.signals.transition(actor, signal.id, 'afgesloten');
  clock.set(new Date('2027-11-19T09:00:00Z'));
  expect(await ctx.services.enforcement.purgeContactDetails()).toBe(0);
  clock.set(new Date('2027-11-21T09:00:00Z'));
  expect(await ctx.services.enforcement.purgeContactDetails()).toBeGreaterThanOrEqual(1);
  const s = await ctx.services.signals.get(signal.id);
  expect(s.contactRemovedAt).not.toBeNull();
  expect(s.description).toBe('Twee dagen op de kamer.');
  expect(
    await ctx.services.db.selectFrom('signal_contacts').selectAll().where('signal_id', '=', signal.id).executeTakeFirst(),
  ).toBeUndefined();
  clock.set(new Date('2026-11-20T09:00:00Z'));
});

test('a beheerder manages the theme list: a new theme can be chosen, a switched-off one no longer', async () => {
  const admin = await loginAs(app, (await makeUser(ctx.services, ['beheerder'])).email);
  await admin.agent.post('/beheer/themas').type('form').send({ _csrf: admin.csrf, label: 'Isolatie en contact met thuis' }).expect(303);
  const dup = await admin.agent.post('/beheer/themas').type('form').send({ _csrf: admin.csrf, label: 'Isolatie en contact met thuis' });
  expect(dup.text).toContain('Er is al een thema met deze naam');
  await admin.agent.post('/beheer/themas/onderwijs').type('form').send({ _csrf: admin.csrf, active: 'nee' }).expect(303);
  const { signal } = await ctx.services.signals.register(actor, youth);
  const page = (await meldpunt.agent.get(`/signalen/${signal.id}`)).text;
  expect(page).toContain('Isolatie en contact met thuis');
  expect(page).not.toContain('Onderwijs en dagbesteding');
  const refused = await meldpunt.agent
    .post(`/signalen/${signal.id}/beoordeling`)
    .type('form')
    .send({
      _csrf: meldpunt.csrf,
      possibleMisstand: 'nee',
      seriousThreat: 'nee',
      meldplicht: 'nee',
      concernsJzp: 'nee',
      themes: ['onderwijs'],
    });
  expect(refused.text).toContain('Kies alleen thema’s uit de lijst');
  await meldpunt.agent
    .post(`/signalen/${signal.id}/beoordeling`)
    .type('form')
    .send({
      _csrf: meldpunt.csrf,
      possibleMisstand: 'nee',
      seriousThreat: 'nee',
      meldplicht: 'nee',
      concernsJzp: 'nee',
      themes: ['isolatie-en-contact-met-thuis'],
    })
    .expect(303);
});

test('overdue consultations: the queue names the five oldest and links to all of them; the report gives the count and the link', async () => {
  const p = await ctx.services.providers.create(actor, {
    name: 'De Zeven Sloten',
    locations: [{ name: 'L', address: 'A 1', municipality: 'Ede', units: [{ name: 'G', careType: 'jeugdzorgplus', places: 8 }] }],
  });
  const refs: string[] = [];
  for (let i = 0; i < 7; i++) {
    refs.push((await ctx.services.signals.register(actor, { ...youth, providerId: p.id })).signal.reference);
    clock.advance(60_000);
  }
  clock.advance(4 * 86_400_000);
  const { total } = await ctx.services.assessments.overdueConsultations();
  expect(total).toBeGreaterThanOrEqual(7);
  const page = (await manager.agent.get('/werkvoorraad')).text;
  const queue = page.slice(page.indexOf('utrecht-alert--warning'), page.indexOf('</div>', page.indexOf('utrecht-alert--warning')));
  expect(queue).toContain(`Afstemming JeugdzorgPlus te laat (${total})`);
  expect(queue).toContain(`<a class="utrecht-link" href="/afstemmingen?status=te-laat">Alle ${total} te late afstemmingen</a>`);
  // Oldest first: the last of these seven is not among the five shown.
  expect(queue).not.toContain(refs[6]);
  const whole = (await manager.agent.get('/rapportage/opvolging')).text;
  const report = whole.slice(whole.indexOf('>Nu</h2>'), whole.indexOf('Binnen de norm'));
  expect(report).toContain(
    `<a class="utrecht-link" href="/afstemmingen?status=te-laat"><strong>${total} afstemmingen over JeugdzorgPlus zijn te laat</strong></a>`,
  );
  expect(report).not.toContain(refs[6]);
});
