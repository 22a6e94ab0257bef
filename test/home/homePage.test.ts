import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import type { Role } from '../../src/auth/roles';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 8, point 8: the home page shows a section per role the user holds, each count a link to the filtered list
// it counts; the count and the list's own total always agree, and an inspector's counts cover only their providers.

// Friday 20 November 2026, 10:00 in Amsterdam; the week began on Monday 16 November.
const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
const actor = systemActor('test');
let ctx: TestContext;
let app: Express;
type Session = Awaited<ReturnType<typeof loginAs>> & { id: string };
const sessions: Record<string, Session> = {};
const ids: Record<string, string> = {};
const HEADINGS = { meldpunt: 'Meldpunt', inspecteur: 'Inspecteur: mijn aanbieders', manager: 'Manager: termijnen', beheerder: 'Beheer' };

async function session(key: string, roles: Role[]) {
  const u = await makeUser(ctx.services, roles, `${key}@igj.test`);
  sessions[key] = { ...(await loginAs(app, u.email)), id: u.id };
}
async function register(key: string, receivedAt: string, providerId?: string) {
  const input = {
    channel: 'telefoon',
    reporterType: 'jeugdige',
    summary: key,
    description: 'Iets',
    receivedAt,
    providerId,
    contact: { phone: '06 12341234' },
  };
  ids[key] = (await ctx.services.signals.register(actor, input)).signal.id;
}
const set = (key: string, changes: Record<string, unknown>) =>
  ctx.services.db.updateTable('signals').set(changes).where('id', '=', ids[key]!).execute();
const unescape = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

/** The tiles of a home page: label, shown value and link. */
function tiles(html: string) {
  const re =
    /<a class="utrecht-link app-tile__link" href="([^"]+)"><span class="app-tile__value">([^<]+)<\/span> <span class="app-tile__label">([^<]+)<\/span>/g;
  return [...html.matchAll(re)].map((m) => ({ href: unescape(m[1]!), value: m[2]!, label: m[3]! }));
}
const value = (html: string, label: string) => tiles(html).find((t) => t.label === label)?.value;
/** The true total a list page says it holds. */
function listTotal(html: string): number {
  if (/Geen (signalen|afstemmingen|waarschuwingen) gevonden/.test(html)) return 0;
  const m = /(?:Signalen|Afstemmingen|Waarschuwingen) [\d.]+–[\d.]+ van ([\d.]+)/.exec(html);
  if (m) return Number(m[1]!.replace(/\./g, ''));
  return [...html.matchAll(/href="\/beheer\/mail\/[0-9a-f-]{36}"/g)].length;
}

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  for (const role of ['meldpunt', 'inspecteur', 'manager', 'beheerder'] as const) await session(role, [role]);
  await session('other', ['inspecteur']);
  await session('both', ['inspecteur', 'manager']);
  const inspectors = new Set([sessions.inspecteur!.id, sessions.other!.id, sessions.both!.id]);
  const mine = await ctx.services.providers.create(actor, { name: 'Huize Mijn', locations: [] });
  await ctx.services.providers.setInspectors(actor, mine.id, [sessions.inspecteur!.id, sessions.both!.id], inspectors);
  const theirs = await ctx.services.providers.create(actor, { name: 'Huize Ander', locations: [] });
  await ctx.services.providers.setInspectors(actor, theirs.id, [sessions.other!.id], inspectors);
  const jzp = await ctx.services.providers.create(actor, {
    name: 'Het Slot',
    locations: [{ name: 'Slot', address: 'Weg 1', municipality: 'Ede', units: [{ name: 'Toren', careType: 'jeugdzorgplus', places: 6 }] }],
  });
  await ctx.services.providers.setInspectors(actor, jzp.id, [sessions.inspecteur!.id], inspectors);

  await register('urgent', '2026-11-19T20:00:00Z', mine.id);
  await register('mijn', '2026-11-19T10:00:00Z', theirs.id);
  await register('bericht', '2026-11-19T10:00:00Z', theirs.id);
  await register('te laat', '2026-11-17T08:00:00Z', theirs.id);
  await register('vandaag', '2026-11-18T15:00:00Z', mine.id);
  await register('op tijd', '2026-11-17T09:00:00Z', mine.id);
  await register('laat gehaald', '2026-11-16T06:00:00Z', theirs.id);
  await register('dubbel', '2026-11-17T07:00:00Z', theirs.id);
  await register('vorige week', '2026-11-13T09:00:00Z', mine.id);
  await register('gesloten zorg', '2026-11-19T12:00:00Z', jzp.id);
  await register('gesloten zorg 2', '2026-11-19T13:00:00Z', jzp.id);
  await set('urgent', { urgent_at: clock.now() });
  await set('mijn', { assignee_id: sessions.meldpunt!.id, status: 'in-behandeling' });
  await set('bericht', { reporter_message_at: clock.now() });
  await set('op tijd', { contacted_at: new Date('2026-11-18T09:00:00Z') });
  await set('laat gehaald', { contacted_at: new Date('2026-11-18T12:00:00Z') });
  await set('vorige week', { contacted_at: new Date('2026-11-14T09:00:00Z') });
  await set('dubbel', { duplicate_of: ids['te laat']! });
  await ctx.services.db
    .updateTable('consultations')
    .set({ due_at: new Date('2026-11-19T09:00:00Z') })
    .where('signal_id', '=', ids['gesloten zorg']!)
    .execute();
  await ctx.services.db
    .insertInto('mail_outbox')
    .values({
      recipient: 'x@igj.test',
      subject: 'Mislukt',
      html: '<p>x</p>',
      text: 'x',
      template: 'welcome',
      status: 'failed',
      created_at: clock.now(),
    })
    .execute();
});
afterAll(() => ctx.cleanup());

test.each(['meldpunt', 'inspecteur', 'manager', 'beheerder'] as const)('as %s: only that role’s section, with counts', async (role) => {
  const html = (await sessions[role]!.agent.get('/')).text;
  for (const [r, heading] of Object.entries(HEADINGS)) {
    expect([r, html.includes(`>${heading}</h2>`)]).toEqual([r, r === role]);
  }
  expect(tiles(html).length).toBeGreaterThan(2);
  expect(html).toContain(`Welkom, Test ${role}`);
});

test('a user with two roles sees both sections', async () => {
  const html = (await sessions.both!.agent.get('/')).text;
  expect(html).toContain(`>${HEADINGS.inspecteur}</h2>`);
  expect(html).toContain(`>${HEADINGS.manager}</h2>`);
  expect(html).not.toContain(`>${HEADINGS.meldpunt}</h2>`);
});

test('the counts are what happened', async () => {
  const m = (await sessions.meldpunt!.agent.get('/')).text;
  expect(value(m, 'Urgent: jongere nu niet veilig')).toBe('1');
  expect(value(m, 'Nieuwe berichten van melders')).toBe('1');
  expect(value(m, 'Mijn open signalen')).toBe('1');
  expect(value(m, 'Contacttermijn verloopt vandaag')).toBe('1');
  // The duplicate of the overdue signal is not a second overdue one.
  expect(value(m, 'Te laat, nog geen contact')).toBe('1');
  const g = (await sessions.manager!.agent.get('/')).text;
  // This week: one in time, one late, one overdue without contact; last week's and the duplicate are not counted.
  expect(g).toMatch(
    new RegExp(
      '<span class="app-tile__value">33%</span> <span class="app-tile__label">Deze week binnen de norm</span></a>' +
        '\\s*<span class="app-tile__detail">1 van 3</span>',
    ),
  );
  expect(g).toContain('href="/rapportage/opvolging?from&#x3D;2026-11-16&amp;to&#x3D;2026-11-20"');
  expect(value(g, 'Afstemmingen JeugdzorgPlus te laat')).toBe('1');
  const i = (await sessions.inspecteur!.agent.get('/')).text;
  expect(value(i, 'Open afstemmingen voor mijn aanbieders')).toBe('2');
  expect(value(i, 'Afstemmingen te laat')).toBe('1');
  // Received in the last 7 days about Huize Mijn or Het Slot: urgent, vandaag, op tijd, gesloten zorg (2).
  expect(value(i, 'Nieuwe signalen over mijn aanbieders (7 dagen)')).toBe('5');
  expect(value((await sessions.other!.agent.get('/')).text, 'Nieuwe signalen over mijn aanbieders (7 dagen)')).toBe('5');
  const b = (await sessions.beheerder!.agent.get('/')).text;
  expect(value(b, 'Mail niet verzonden')).toBe('1');
  expect(Number(value(b, 'Actieve gebruikers'))).toBe(6);
});

test('every count links to a list that exists and holds exactly that many', async () => {
  for (const who of ['meldpunt', 'inspecteur', 'manager', 'beheerder', 'both', 'other']) {
    const { agent } = sessions[who]!;
    for (const t of tiles((await agent.get('/')).text)) {
      const res = await agent.get(t.href);
      expect([who, t.label, res.status]).toEqual([who, t.label, 200]);
      if (/^\d+$/.test(t.value) && !t.href.startsWith('/beheer/gebruikers') && !t.href.startsWith('/beheer/audit')) {
        expect([who, t.label, listTotal(res.text)]).toEqual([who, t.label, Number(t.value)]);
      }
    }
  }
});

test('an inspector’s counts and lists never include a provider they are not assigned to', async () => {
  const mine = tiles((await sessions.inspecteur!.agent.get('/')).text).find((t) => t.label.startsWith('Nieuwe signalen'))!;
  const list = (await sessions.inspecteur!.agent.get(mine.href)).text;
  for (const key of ['mijn', 'bericht', 'te laat', 'laat gehaald']) expect(list).not.toContain(ids[key]);
  // A manager who is also an inspector: the inspector section's link shows their own providers, not everything.
  const both = tiles((await sessions.both!.agent.get('/')).text).find((t) => t.label.startsWith('Nieuwe signalen'))!;
  expect(both.href).toContain('mine=1');
  expect(listTotal((await sessions.both!.agent.get(both.href)).text)).toBe(3);
  expect(listTotal((await sessions.both!.agent.get(both.href.replace('mine=1&', ''))).text)).toBeGreaterThan(3);
});
