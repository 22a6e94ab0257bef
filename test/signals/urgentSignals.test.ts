import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { startWorkers } from '../../src/jobs/worker';
import { testServices, type TestContext } from '../support/testServices';
import { startSmtp } from '../support/smtp';
import { csrfFrom, loginAs, makeUser } from '../support/web';

// Issue 8, point 4: "Ben je nu veilig? — Nee", or an assessment that finds a serious threat, makes the signal urgent:
// set with the registration (or assessment) itself, first in the work queue, the team mailed at once with a reference
// and a link only, and the thank-you page says what happens now and whom to call.
let ctx: TestContext;
let app: Express;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let workers: { close(): Promise<void> };
let meldpunt: Awaited<ReturnType<typeof loginAs>>;
// The raw message is quoted-printable: soft line breaks and =XX escapes undone, so words are found whole.
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
const TEAM = ['team-a@igj.test', 'team-b@igj.test'];
const actor = systemActor('test');

beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await testServices({ env: { SMTP_URL: smtp.url } });
  workers = await startWorkers(ctx.services);
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  for (const email of TEAM) await makeUser(ctx.services, ['meldpunt'], email);
  await makeUser(ctx.services, ['manager'], 'manager@igj.test');
  meldpunt = await loginAs(app, TEAM[0]!);
});
afterAll(async () => {
  await workers.close();
  await ctx.cleanup();
  await smtp.close();
});

const row = (id: string) =>
  ctx.services.db.selectFrom('signals').select(['urgent_at', 'registered_at']).where('id', '=', id).executeTakeFirstOrThrow();
const urgentMails = (reference: string) =>
  ctx.services.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'text', 'html'])
    .where('subject', '=', `Spoed: signaal ${reference}`)
    .orderBy('recipient')
    .execute();
const idOf = async (reference: string) =>
  (await ctx.services.db.selectFrom('signals').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;

test('public form, not safe now: urgent with the registration, the page says what happens and whom to call, the team is mailed', async () => {
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden')).text);
  const answers = {
    step: 'controle',
    reporterType: 'jeugdige',
    placeText: 'Groep Zon, Ede',
    description: 'Fenna de Vries wordt vannacht weer opgesloten in de isoleer.',
    safeNow: 'nee',
    reach: 'anoniem',
  };
  const done = await agent
    .post('/melden')
    .type('form')
    .send({ _csrf: csrf, ...answers, action: 'verstuur' });
  expect(done.status).toBe(200);
  expect(done.text).toContain('Je gaf aan dat je nu niet veilig bent. Dit gebeurt er nu');
  expect(done.text).toContain('Het team van het meldpunt krijgt er nu meteen bericht over.');
  for (const tel of ['tel:112', 'tel:08000432', 'tel:0885551000']) expect(done.text).toContain(`href="${tel}"`);
  const reference = /Het nummer is <strong>(S-\d{4}-\d{6})<\/strong>/.exec(done.text)![1]!;
  const id = await idOf(reference);
  const r = await row(id);
  expect(r.urgent_at).toEqual(r.registered_at);

  const mails = await urgentMails(reference);
  expect(mails.map((m) => m.recipient)).toEqual(TEAM);
  const delivered = await smtp.waitForMatch((m) => m.raw.includes(`Subject: Spoed: signaal ${reference}`) && m.to.includes(TEAM[1]!));
  expect(delivered).toBeDefined();
  for (const m of [...mails.map((x) => x.text + x.html), decoded(delivered!.raw)]) {
    expect(m).toContain(`/signalen/${id}`);
    expect(m).not.toMatch(/Fenna|Vries|isoleer|Groep Zon|Ede/);
  }
  expect(
    await ctx.services.db.selectFrom('signal_events').select('kind').where('signal_id', '=', id).where('kind', '=', 'urgent').execute(),
  ).toHaveLength(1);
});

test('a safe (or unsure) reporter: no urgency, no mail, no urgent block on the thank-you page', async () => {
  const agent = request.agent(app);
  const csrf = csrfFrom((await agent.get('/melden')).text);
  const done = await agent.post('/melden').type('form').send({
    _csrf: csrf,
    step: 'controle',
    reporterType: 'jeugdige',
    placeText: 'Groep Maan',
    description: 'Het eten is slecht.',
    safeNow: 'weet-niet',
    reach: 'anoniem',
    action: 'verstuur',
  });
  expect(done.text).not.toContain('niet veilig bent');
  const reference = /Het nummer is <strong>(S-\d{4}-\d{6})<\/strong>/.exec(done.text)![1]!;
  expect((await row(await idOf(reference))).urgent_at).toBeNull();
  expect(await urgentMails(reference)).toEqual([]);
});

test('the staff form and the API make a not-safe signal urgent the same way', async () => {
  const form = await meldpunt.agent.post('/signalen/nieuw').type('form').send({
    _csrf: meldpunt.csrf,
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: 'Belde in paniek',
    description: 'Jongen belde vanaf de groep.',
    safeNow: 'nee',
  });
  expect(form.status).toBe(303);
  const fromForm = form.headers.location!.split('/').pop()!;
  expect((await row(fromForm)).urgent_at).not.toBeNull();
  const page = await meldpunt.agent.get(form.headers.location!);
  expect(page.text).toMatch(
    /<span class="app-tag app-tag--danger">Spoed<\/span> Sinds .*: de melder gaf aan dat de jongere nu niet veilig is/,
  );

  const auth = `Bearer ${(await ctx.services.apiTokens.create(actor, 'koppeling')).token}`;
  const api = await request(app).post('/api/v1/signals').set('Authorization', auth).send({
    channel: 'organisatie',
    reporterType: 'professional',
    summary: 'Doorgestuurd',
    description: 'Zorgen over veiligheid.',
    safeNow: 'nee',
  });
  expect(api.status).toBe(201);
  expect((await row(api.body.id)).urgent_at).not.toBeNull();
  expect((await urgentMails(api.body.reference)).map((m) => m.recipient)).toEqual(TEAM);
});

test('an assessment that finds a serious threat makes the signal urgent once, and it goes first in the work queue', async () => {
  const early = await ctx.services.signals.register(actor, {
    channel: 'telefoon',
    receivedAt: new Date(Date.now() - 40 * 3_600_000),
    reporterType: 'jeugdige',
    summary: 'Vroeg',
    description: 'Eerder binnen.',
  });
  const { signal } = await ctx.services.signals.register(actor, {
    channel: 'brief',
    reporterType: 'ouder',
    summary: 'Brief van moeder',
    description: 'Zorgen over de groep.',
  });
  expect((await row(signal.id)).urgent_at).toBeNull();
  const [theme] = await ctx.services.assessments.themes();
  const assess = {
    _csrf: meldpunt.csrf,
    possibleMisstand: 'ja',
    seriousThreat: 'ja',
    meldplicht: 'nee',
    concernsJzp: 'nee',
    themes: theme!.code,
  };
  await meldpunt.agent.post(`/signalen/${signal.id}/beoordeling`).type('form').send(assess).expect(303);
  const first = (await row(signal.id)).urgent_at;
  expect(first).not.toBeNull();
  await meldpunt.agent.post(`/signalen/${signal.id}/beoordeling`).type('form').send(assess).expect(303);
  expect((await row(signal.id)).urgent_at).toEqual(first);
  expect((await urgentMails(signal.reference)).map((m) => m.recipient)).toEqual(TEAM);
  const audit = await ctx.services.db
    .selectFrom('audit_log')
    .select('changes')
    .where('object_type', '=', 'signal')
    .where('object_id', '=', signal.id)
    .where('action', '=', 'update')
    .execute();
  expect(audit.map((a) => Object.keys(a.changes as object))).toEqual([['urgentAt']]);

  // Urgent before anything due earlier (the signal received 40 hours ago), and marked as such.
  const { items } = await ctx.services.workQueue({}, 1, 1000);
  const at = (id: string) => items.findIndex((i) => i.id === id);
  expect(at(signal.id)).toBeLessThan(at(early.signal.id));
  expect(items.slice(items.findIndex((i) => !i.urgent)).some((i) => i.urgent)).toBe(false);
  expect(items.find((i) => i.id === signal.id)).toMatchObject({ urgent: true, newMessage: false });
  const queue = await meldpunt.agent.get('/werkvoorraad');
  expect(queue.text).toMatch(new RegExp(`${signal.reference}</a> <span class="app-tag app-tag--danger">Spoed</span>`));
});

test('once the young person is reached, the urgency lets go: out of the urgent list and tile, and the page no longer says to act now', async () => {
  const { signal } = await ctx.services.signals.register(actor, {
    channel: 'telefoon',
    reporterType: 'jeugdige',
    safeNow: 'nee',
    summary: 'Niet veilig vannacht',
    description: 'Ik ben niet veilig.',
    contact: { phone: '06 44445555' },
  });
  const urgentNow = async () => (await meldpunt.agent.get('/signalen?urgent=1')).text.includes(signal.reference);
  expect(await urgentNow()).toBe(true);
  expect((await meldpunt.agent.get(`/signalen/${signal.id}`)).text).toContain('Pak dit direct op');
  await ctx.services.contacts.recordAttempt(actor, signal.id, {
    at: new Date(),
    channel: 'telefoon',
    successful: true,
    structuralUnsafety: 'ja',
    boundaryCrossing: 'nee',
  });
  expect(await urgentNow()).toBe(false);
  const page = (await meldpunt.agent.get(`/signalen/${signal.id}`)).text;
  expect(page).not.toContain('Pak dit direct op');
  expect(page).toContain('Spoed gemeld op');
});
