import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { makeUser } from '../support/web';

const clock = fixedClock(new Date('2026-10-24T12:00:00Z'));
let ctx: TestContext;
let app: Express;
let auth: string;

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services);
  auth = `Bearer ${(await ctx.services.apiTokens.create(systemActor('t'), 'koppeling')).token}`;
});
afterAll(() => ctx.cleanup());

const api = () => ({
  post: (path: string, body: unknown) =>
    request(app)
      .post(path)
      .set('Authorization', auth)
      .send(body as object),
  get: (path: string) => request(app).get(path).set('Authorization', auth),
});

const youth = {
  receivedAt: '2026-10-24T10:00:00Z',
  channel: 'telefoon',
  reporterType: 'jeugdige',
  summary: 'Afzondering zonder uitleg',
  description: 'Ik werd twee dagen op mijn kamer opgesloten.',
  contact: { phone: '06 12345678', preferredMoments: 'na 16 uur' },
};
const questions = { structuralUnsafety: 'ja', boundaryCrossing: 'nee' };

test('a young person’s signal received 2026-10-24 10:00 UTC is due 2026-10-26 10:00 UTC, across the DST change', async () => {
  const res = await api().post('/api/v1/signals', youth);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    reference: expect.stringMatching(/^S-2026-\d{6}$/),
    youngPersonSelf: true,
    followUp: { norm: { unit: 'hours', amount: 48 }, dueAt: '2026-10-26T10:00:00.000Z', status: 'open', contactedAt: null },
  });
  const got = await api().get(`/api/v1/signals/${res.body.id}`);
  expect(got.body.followUp).toEqual(res.body.followUp);
});

test('other reporters get 5 working days, across Christmas', async () => {
  clock.set(new Date('2026-12-22T09:30:00Z'));
  const res = await api().post('/api/v1/signals', {
    receivedAt: '2026-12-22T09:00:00Z',
    channel: 'email',
    reporterType: 'ouder',
    summary: 'Zorgen over mijn dochter',
    description: 'Ze mag niet bellen.',
  });
  expect(res.body.followUp).toMatchObject({ norm: { unit: 'working-days', amount: 5 }, dueAt: '2026-12-30T09:00:00.000Z', status: 'open' });
  clock.set(new Date('2026-10-24T12:00:00Z'));
});

test('invalid input answers 400 with an error per field', async () => {
  const res = await api().post('/api/v1/signals', {
    receivedAt: 'gisteren',
    channel: 'fax',
    reporterType: 'buurman',
    summary: '',
    description: '',
    unitId: 'x',
    contact: { email: 'nee' },
  });
  expect(res.status).toBe(400);
  expect(Object.keys(res.body.errors).sort()).toEqual([
    'channel',
    'contact.email',
    'description',
    'receivedAt',
    'reporterType',
    'summary',
    'unitId',
  ]);
  const future = await api().post('/api/v1/signals', { ...youth, receivedAt: '2026-10-25T12:00:00Z' });
  expect(future.body.errors.receivedAt).toContain('toekomst');
});

test('a successful contact with a young person needs the two standard questions', async () => {
  const { body: s } = await api().post('/api/v1/signals', youth);
  const without = await api().post(`/api/v1/signals/${s.id}/contacts`, {
    at: '2026-10-24T11:00:00Z',
    channel: 'telefoon',
    successful: true,
  });
  expect(without.status).toBe(400);
  expect(Object.keys(without.body.errors).sort()).toEqual(['boundaryCrossing', 'structuralUnsafety']);
  const notDiscussed = await api().post(`/api/v1/signals/${s.id}/contacts`, {
    at: '2026-10-24T11:00:00Z',
    channel: 'telefoon',
    successful: true,
    structuralUnsafety: 'niet-besproken',
    boundaryCrossing: 'nee',
  });
  expect(notDiscussed.body.errors).toEqual({ notDiscussedReason: expect.any(String) });
  expect((await api().get(`/api/v1/signals/${s.id}`)).body.followUp.status).toBe('open');
  // A failed attempt needs no answers and does not stop the clock.
  const failed = await api().post(`/api/v1/signals/${s.id}/contacts`, {
    at: '2026-10-24T11:00:00Z',
    channel: 'telefoon',
    successful: false,
    note: 'voicemail',
  });
  expect(failed.status).toBe(201);
  expect(failed.body.followUp.status).toBe('open');
  const ok = await api().post(`/api/v1/signals/${s.id}/contacts`, {
    at: '2026-10-24T11:30:00Z',
    channel: 'telefoon',
    successful: true,
    ...questions,
  });
  expect(ok.status).toBe(201);
  expect(ok.body.followUp).toMatchObject({ status: 'met', contactedAt: '2026-10-24T11:30:00.000Z' });
});

test('contact after the due instant is late; no contact at all is breached', async () => {
  const { body: late } = await api().post('/api/v1/signals', youth);
  const { body: none } = await api().post('/api/v1/signals', youth);
  clock.set(new Date('2026-10-26T12:00:00Z'));
  expect((await api().get(`/api/v1/signals/${none.id}`)).body.followUp.status).toBe('breached');
  const res = await api().post(`/api/v1/signals/${late.id}/contacts`, {
    at: '2026-10-26T11:00:00Z',
    channel: 'telefoon',
    successful: true,
    ...questions,
  });
  expect(res.body.followUp).toMatchObject({ status: 'late', contactedAt: '2026-10-26T11:00:00.000Z' });
  const attempts = await ctx.services.contacts.attempts(late.id);
  expect(attempts[0]).toMatchObject({ within_norm: false, structural_unsafety: 'ja', boundary_crossing: 'nee' });
  clock.set(new Date('2026-10-24T12:00:00Z'));
});

test('a contact cannot lie before the receipt or in the future', async () => {
  const { body: s } = await api().post('/api/v1/signals', youth);
  const before = await api().post(`/api/v1/signals/${s.id}/contacts`, {
    at: '2026-10-24T09:00:00Z',
    channel: 'telefoon',
    successful: false,
  });
  expect(before.body.errors.at).toContain('vóór de ontvangst');
  const unknown = await api().post('/api/v1/signals/00000000-0000-4000-8000-000000000000/contacts', {
    at: '2026-10-24T11:00:00Z',
    channel: 'telefoon',
    successful: false,
  });
  expect(unknown.status).toBe(404);
});

test('correcting the reporter type recomputes the due instant and audits it', async () => {
  const { body: s } = await api().post('/api/v1/signals', { ...youth, reporterType: 'professional' });
  // Saturday 12:00 Amsterdam → Friday 30 October 12:00 Amsterdam, which is 11:00 UTC after the clocks went back.
  expect(s.followUp.dueAt).toBe('2026-10-30T11:00:00.000Z');
  await ctx.services.signals.correctReporterType(systemActor('test'), s.id, 'jeugdige');
  const after = (await api().get(`/api/v1/signals/${s.id}`)).body;
  expect(after.followUp.dueAt).toBe('2026-10-26T10:00:00.000Z');
  // The GET above is itself audited as a read (issue 7), so the correction is the newest 'update' entry.
  const entry = (await ctx.services.audit.find({ objectType: 'signal', objectId: s.id, limit: 10 })).find((e) => e.action === 'update');
  expect(entry!.changes).toMatchObject({
    reporterType: { before: 'professional', after: 'jeugdige' },
    dueAt: { before: '2026-10-30T11:00:00.000Z', after: '2026-10-26T10:00:00.000Z' },
  });
});

test('the signal, its deadline, its contact details and its audit entry are saved together; the audit holds no personal data', async () => {
  const { body: s } = await api().post('/api/v1/signals', youth);
  const contact = await ctx.services.db.selectFrom('signal_contacts').selectAll().where('signal_id', '=', s.id).executeTakeFirstOrThrow();
  expect(contact).toMatchObject({ phone: '06 12345678', preferred_moments: 'na 16 uur' });
  const [entry] = await ctx.services.audit.find({ objectType: 'signal', objectId: s.id, limit: 1 });
  expect(entry!.action).toBe('create');
  expect(JSON.stringify(entry!.changes)).not.toMatch(/06 12345678|opgesloten/);
});

test('a signal about a JeugdzorgPlus unit creates a consultation for the provider’s inspectors, due within one working day, and mails them', async () => {
  const inspector = await makeUser(ctx.services, ['inspecteur'], 'jzp-inspecteur@igj.test');
  const p = await ctx.services.providers.create(systemActor('t'), {
    name: 'Gesloten Hoeve',
    locations: [{ name: 'Hoofd', address: 'Weg 1', municipality: 'Ede', units: [{ name: 'ZIKOS', careType: 'zikos', places: 4 }] }],
  });
  await ctx.services.providers.setInspectors(systemActor('t'), p.id, [inspector.id], new Set([inspector.id]));
  clock.set(new Date('2026-10-23T14:00:00Z')); // a Friday
  const res = await api().post('/api/v1/signals', { ...youth, receivedAt: '2026-10-23T13:00:00Z', unitId: p.locations[0]!.units[0]!.id });
  expect(res.body).toMatchObject({ providerId: p.id, locationId: p.locations[0]!.id, concernsClosedCare: true });
  const c = await ctx.services.assessments.consultationOf(res.body.id);
  expect(c!.due_at.toISOString()).toBe('2026-10-26T15:00:00.000Z'); // Monday, same wall-clock time (winter time by then)
  const [created] = await ctx.services.audit.find({ objectType: 'consultation', objectId: c!.id, limit: 5 });
  expect(created).toMatchObject({ action: 'create', changes: { signalId: { after: res.body.id }, providerId: { after: p.id } } });
  const mails = await ctx.services.mail.list();
  const m = mails.find((x) => x.recipient === 'jzp-inspecteur@igj.test' && x.subject.startsWith('Afstemming JeugdzorgPlus'))!;
  expect(m.subject).toBe(`Afstemming JeugdzorgPlus: signaal ${res.body.reference}`);
  expect(m.text).toContain('Gesloten Hoeve');
  clock.set(new Date('2026-10-24T12:00:00Z'));
});

test('the follow-up report is available as JSON', async () => {
  const res = await api().get('/api/v1/reports/follow-up?from=2026-10-01&to=2026-10-31');
  expect(res.status).toBe(200);
  expect(res.body.youth.total).toBeGreaterThan(0);
  expect(res.body).toHaveProperty('weeks');
  const bad = await api().get('/api/v1/reports/follow-up?from=2026-10-31&to=2026-10-01');
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toHaveProperty('to');
});
