import type { Express } from 'express';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 8, point 9: GET /signalen finds signals by reference, words, provider or place, paged and sortable with
// the filters kept in every link; an inspector finds only the signals signalReader.canRead lets them open.

const clock = fixedClock(new Date('2026-11-20T09:00:00Z'));
const actor = systemActor('test');
let ctx: TestContext;
let app: Express;
type Session = Awaited<ReturnType<typeof loginAs>> & { id: string };
let meldpunt: Session;
let inspector: Session;
let consulting: Session;
let beheerder: Session;
const ids: Record<string, string> = {};
let jzpId: string;
const refs: Record<string, string> = {};

async function session(roles: Parameters<typeof makeUser>[1], email: string): Promise<Session> {
  const u = await makeUser(ctx.services, roles, email);
  return { ...(await loginAs(app, u.email)), id: u.id };
}
const base = {
  channel: 'telefoon',
  reporterType: 'jeugdige',
  description: 'Sanne (15) belt vanaf 06 55554444 over de nacht.',
  contact: { phone: '06 55554444', email: 'sanne@voorbeeld.test' },
};
async function register(key: string, input: Record<string, unknown>) {
  const { signal } = await ctx.services.signals.register(actor, { ...base, summary: key, ...input });
  ids[key] = signal.id;
  refs[key] = signal.reference;
  return signal;
}
const total = (html: string) => Number(/van ([\d.]+)/.exec(html)?.[1]?.replace('.', '') ?? (/Geen signalen gevonden/.test(html) ? 0 : NaN));
// Handlebars writes = and & in attributes as entities.
const unescape = (href: string) => href.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const found = (html: string) => [...html.matchAll(/href="\/signalen\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  meldpunt = await session(['meldpunt'], 'mila@igj.test');
  inspector = await session(['inspecteur'], 'ines@igj.test');
  consulting = await session(['inspecteur'], 'ivo@igj.test');
  beheerder = await session(['beheerder'], 'bea@igj.test');
  const everyone = new Set([inspector.id, consulting.id]);
  const mine = await ctx.services.providers.create(actor, {
    name: 'Huize Vlinder',
    locations: [
      {
        name: 'Vlinder Zwolle',
        address: 'Laan 1',
        municipality: 'Zwolle',
        units: [{ name: 'Groep Eik', careType: 'open-residentieel', places: 6 }],
      },
    ],
  });
  await ctx.services.providers.setInspectors(actor, mine.id, [inspector.id], everyone);
  const other = await ctx.services.providers.create(actor, { name: 'De Verre Kust', locations: [] });
  const jzp = await ctx.services.providers.create(actor, {
    name: 'Het Slot',
    locations: [
      { name: 'Slot Ede', address: 'Weg 2', municipality: 'Ede', units: [{ name: 'Groep Toren', careType: 'jeugdzorgplus', places: 8 }] },
    ],
  });
  jzpId = jzp.id;
  await ctx.services.providers.setInspectors(actor, jzp.id, [consulting.id], everyone);
  const unit = (await ctx.services.providers.get(mine.id)).locations[0]!.units[0]!;
  await register('Afzondering in de nacht', { unitId: unit.id, receivedAt: '2026-11-19T08:00:00Z' });
  await register('Geen school', { providerId: other.id, reporterType: 'ouder', channel: 'email', receivedAt: '2026-11-10T10:00:00Z' });
  await register('Vastgehouden 100% zeker', { providerId: jzp.id, receivedAt: '2026-11-18T10:00:00Z' });
  await register('Over de kust', { providerId: other.id, receivedAt: '2026-11-05T10:00:00Z' });
  // The consultation is Ivo's (he is assigned to Het Slot); Ines never reads it.
  expect(await ctx.services.assessments.consultationOf(ids['Vastgehouden 100% zeker']!)).toBeDefined();
});
afterAll(() => ctx.cleanup());

test('roles that read no signals are refused; meldpunt sees every signal', async () => {
  expect((await beheerder.agent.get('/signalen')).status).toBe(403);
  const page = await meldpunt.agent.get('/signalen');
  expect(page.status).toBe(200);
  expect(new Set(found(page.text))).toEqual(new Set(Object.values(ids)));
});

test('an inspector finds exactly the signals canRead lets them open, never another provider’s', async () => {
  for (const who of [inspector, consulting]) {
    const listed = new Set(found((await who.agent.get('/signalen')).text));
    for (const id of Object.values(ids)) {
      const may = await ctx.services.signalReader.canRead({ id: who.id, roles: ['inspecteur'] }, { id });
      expect([id, listed.has(id)]).toEqual([id, may]);
    }
  }
  const mineOnly = found((await inspector.agent.get('/signalen')).text);
  expect(mineOnly).toEqual([ids['Afzondering in de nacht']]);
  // Not by its exact reference, its provider's name, nor the provider filter either.
  for (const q of [`q=${refs['Geen school']}`, 'q=Verre+Kust', `q=${encodeURIComponent('Vastgehouden')}`]) {
    const res = await inspector.agent.get(`/signalen?${q}`);
    expect([q, found(res.text)]).toEqual([q, []]);
  }
});

test('an inspector who recorded a consultation still finds that signal after being unassigned, as canRead says', async () => {
  const id = ids['Vastgehouden 100% zeker']!;
  await ctx.services.assessments.recordConsultation({ userId: consulting.id, label: 'Ivo', requestId: null }, id, 'Besproken');
  await ctx.services.providers.setInspectors(actor, jzpId, [], new Set());
  expect(await ctx.services.signalReader.canRead({ id: consulting.id, roles: ['inspecteur'] }, { id })).toBe(true);
  expect(found((await consulting.agent.get('/signalen')).text)).toEqual([id]);
  await ctx.services.providers.setInspectors(actor, jzpId, [inspector.id], new Set([inspector.id]));
  expect(new Set(found((await inspector.agent.get('/signalen')).text))).toEqual(new Set([id, ids['Afzondering in de nacht']]));
  await ctx.services.providers.setInspectors(actor, jzpId, [consulting.id], new Set([consulting.id]));
});

test('finds by exact reference (also typed loosely), by words in the summary, and by provider, location or unit name', async () => {
  const search = async (q: string) => found((await meldpunt.agent.get(`/signalen?q=${encodeURIComponent(q)}`)).text);
  expect(await search(refs['Geen school']!)).toEqual([ids['Geen school']]);
  expect(await search(refs['Geen school']!.toLowerCase().replace(/-0+/, '-'))).toEqual([ids['Geen school']]);
  // As read out on the phone: the year and number without the S, or the number alone.
  const [, year, number] = /^S-(\d{4})-(\d{6})$/.exec(refs['Geen school']!)!;
  expect(await search(`${year}-${Number(number)}`)).toEqual([ids['Geen school']]);
  expect(await search(number!)).toEqual([ids['Geen school']]);
  expect(await search(String(Number(number)))).toEqual([ids['Geen school']]);
  expect(await search('afzondering NACHT')).toEqual([ids['Afzondering in de nacht']]);
  expect(await search('vlinder')).toEqual([ids['Afzondering in de nacht']]);
  expect(await search('Groep Eik')).toEqual([ids['Afzondering in de nacht']]);
  expect(await search('Ede')).toEqual([ids['Vastgehouden 100% zeker']]);
  expect(new Set(await search('Verre Kust'))).toEqual(new Set([ids['Geen school'], ids['Over de kust']]));
  // A typed % is a percent sign, not "anything".
  expect(await search('100%')).toEqual([ids['Vastgehouden 100% zeker']]);
  expect(await search('0% zeker')).toEqual([ids['Vastgehouden 100% zeker']]);
  expect(await search('de_nacht')).toEqual([]);
  // A short word narrows what a longer one found, in any of the same fields, but never across two of them.
  expect(await search('afzondering de')).toEqual([ids['Afzondering in de nacht']]);
  expect(await search('afzondering Ei')).toEqual([ids['Afzondering in de nacht']]);
  expect(await search('afzondering zq')).toEqual([]);
  expect(await search('vlinder rvl')).toEqual([]);
});

test('a list never shows contact details or the reporter’s words, and each row links to the signal page', async () => {
  const html = (await meldpunt.agent.get('/signalen')).text;
  for (const secret of ['06 55554444', 'sanne@voorbeeld.test', 'Sanne', 'over de nacht']) expect(html).not.toContain(secret);
  expect(html).toContain(`<a class="utrecht-link app-nowrap" href="/signalen/${ids['Geen school']}">${refs['Geen school']}</a>`);
});

test('filters: status, reporter, channel, period, urgent, new message, due and assignee', async () => {
  const db = ctx.services.db;
  await db.updateTable('signals').set({ urgent_at: clock.now() }).where('id', '=', ids['Afzondering in de nacht']!).execute();
  await db.updateTable('signals').set({ reporter_message_at: clock.now() }).where('id', '=', ids['Geen school']!).execute();
  await ctx.services.signals.claim({ userId: meldpunt.id, label: 'Mila', requestId: null }, ids['Over de kust']!);
  const get = async (q: string) => new Set(found((await meldpunt.agent.get(`/signalen?${q}`)).text));
  expect(await get('reporterType=ouder')).toEqual(new Set([ids['Geen school']]));
  expect(await get('channel=email')).toEqual(new Set([ids['Geen school']]));
  expect(await get('from=2026-11-18&to=2026-11-19')).toEqual(new Set([ids['Vastgehouden 100% zeker'], ids['Afzondering in de nacht']]));
  expect(await get('urgent=1')).toEqual(new Set([ids['Afzondering in de nacht']]));
  expect(await get('newMessage=1')).toEqual(new Set([ids['Geen school']]));
  expect(await get(`assignee=${meldpunt.id}`)).toEqual(new Set([ids['Over de kust']]));
  expect((await get('assignee=niemand')).has(ids['Over de kust'])).toBe(false);
  expect(await get('status=in-behandeling')).toEqual(new Set([ids['Over de kust']]));
  // Received 5 and 10 November: their contact term has passed.
  expect(await get('due=overdue')).toEqual(new Set([ids['Geen school'], ids['Over de kust']]));
  // A duplicate is no open work.
  await db.updateTable('signals').set({ duplicate_of: ids['Geen school']! }).where('id', '=', ids['Over de kust']!).execute();
  expect((await get('status=open')).has(ids['Over de kust'])).toBe(false);
  expect(await get('due=overdue')).toEqual(new Set([ids['Geen school']]));
  await db.updateTable('signals').set({ duplicate_of: null }).where('id', '=', ids['Over de kust']!).execute();
});

test('typed dates and search text that cannot be used are shown beside their field, with what was typed', async () => {
  const res = await meldpunt.agent.get('/signalen?q=afzondering&from=2026-02-30&to=gisteren');
  expect(res.status).toBe(400);
  expect(res.text).toContain('id="veld-from-error">Vul een geldige datum in');
  expect(res.text).toContain('id="veld-to-error">Vul een geldige datum in');
  expect(res.text).toContain('value="afzondering"');
  // Year 9999 once reached PostgreSQL as "+010000-01" and failed there; it is a typing error like any other.
  const far = await meldpunt.agent.get('/signalen?to=9999-12-31');
  expect(far.status).toBe(400);
  expect(far.text).toContain('id="veld-to-error">Vul een geldige datum in');
  const nul = await meldpunt.agent.get('/signalen?q=a%00b');
  expect(nul.status).toBe(400);
  expect(nul.text).toContain('id="veld-q-error"');
});

test('a search of only one- or two-letter words asks for a longer word instead of reading every signal', async () => {
  const res = await meldpunt.agent.get('/signalen?q=de+%25');
  expect(res.status).toBe(400);
  expect(res.text).toContain('id="veld-q-error">Typ een woord met minstens 3 letters of cijfers');
  expect(res.text).toContain('value="de %"');
  // Nothing was searched, so nothing claims that nothing was found.
  expect(res.text).not.toContain('Geen signalen gevonden');
  // Punctuation makes no trigram: it would read every signal as surely as a short word.
  for (const q of ['!!!', '%%%', '___', 'a-b c.d'])
    expect([q, (await meldpunt.agent.get(`/signalen?q=${encodeURIComponent(q)}`)).status]).toEqual([q, 400]);
  // More words than are searched are refused, not dropped: a ninth word would otherwise widen the search in silence.
  // Half a reference is not a word to search for.
  expect((await meldpunt.agent.get('/signalen?q=S-2026')).text).toContain('id="veld-q-error">Typ het hele kenmerk');
  const many = await meldpunt.agent.get('/signalen?q=a+b+c+d+e+f+g+h+nacht');
  expect(many.status).toBe(400);
  expect(many.text).toContain('id="veld-q-error">Zoek met hoogstens 8 woorden');
  // A short word beside a longer one narrows the search; a number alone is a reference.
  expect((await meldpunt.agent.get('/signalen?q=de+nacht')).status).toBe(200);
  expect((await meldpunt.agent.get('/signalen?q=12')).status).toBe(200);
});

test('paged with a true total; page and sort links keep every filter', async () => {
  for (let i = 0; i < 27; i++)
    await register(`Reeks ${i}`, {
      reporterType: 'professional',
      receivedAt: new Date(Date.parse('2026-11-01T08:00:00Z') + i * 3_600_000).toISOString(),
    });
  const first = (await meldpunt.agent.get('/signalen?q=reeks&reporterType=professional')).text;
  expect(first).toContain('Signalen 1–25 van 27');
  expect(total(first)).toBe(27);
  // Newest first by default.
  expect(found(first)[0]).toBe(ids['Reeks 26']);
  const next = unescape(/<a class="utrecht-link" href="([^"]+)" rel="next">/.exec(first)![1]!);
  expect(new URLSearchParams(next.split('?')[1])).toEqual(new URLSearchParams('q=reeks&reporterType=professional&page=2'));
  const second = (await meldpunt.agent.get(next)).text;
  expect(second).toContain('Signalen 26–27 van 27');
  expect(found(second)).toEqual([ids['Reeks 1'], ids['Reeks 0']]);
  // Sorting by reference, oldest first, keeps the filter; its page 2 link keeps filter and sort.
  const sortHref = unescape(/<th [^>]*><a class="utrecht-link" href="([^"]+)">Signaal/.exec(second)![1]!);
  expect(Object.fromEntries(new URLSearchParams(sortHref.split('?')[1]))).toEqual({
    q: 'reeks',
    reporterType: 'professional',
    sort: 'reference',
    dir: 'desc',
  });
  const asc = (await meldpunt.agent.get('/signalen?q=reeks&reporterType=professional&sort=reference&dir=asc')).text;
  expect(found(asc)[0]).toBe(ids['Reeks 0']);
  expect(asc).toContain('aria-sort="ascending"');
  expect(asc).toContain('name="sort" value="reference"');
  expect(unescape(/href="([^"]+)" rel="next"/.exec(asc)![1]!)).toContain('sort=reference&dir=asc&page=2');
  // A page past the end shows the last page; a junk page number the first.
  expect((await meldpunt.agent.get('/signalen?q=reeks&page=99')).text).toContain('Signalen 26–27 van 27');
  expect((await meldpunt.agent.get('/signalen?q=reeks&page=-1&sort=drop+table')).text).toContain('Signalen 1–25 van 27');
});

test('/signalen is its own route: registration and the signal page still open', async () => {
  expect((await meldpunt.agent.get('/signalen/nieuw')).text).toContain('Registreren');
  expect((await meldpunt.agent.get(`/signalen/${ids['Geen school']}`)).status).toBe(200);
  expect((await meldpunt.agent.get('/signalen/')).status).toBe(200);
});

test('sorted by provider: by its name or the typed provider, those without either last, and a renamed provider moves', async () => {
  const zebra = await ctx.services.providers.create(actor, { name: 'Zebra Zorg', locations: [] });
  const october = (day: string) => ({ receivedAt: `2026-10-${day}T10:00:00Z` });
  await register('Bij Zebra', { providerId: zebra.id, ...october('02') });
  await register('Getypt Bos', { providerText: 'Bosrand (zo getypt)', ...october('03') });
  await register('Zonder plaats', { ...october('04') });
  await register('Bij het Slot', { providerId: jzpId, ...october('05') });
  const order = async (dir: string) =>
    found((await meldpunt.agent.get(`/signalen?from=2026-10-01&to=2026-10-31&sort=provider&dir=${dir}`)).text);
  expect(await order('asc')).toEqual([ids['Getypt Bos'], ids['Bij het Slot'], ids['Bij Zebra'], ids['Zonder plaats']]);
  expect(await order('desc')).toEqual([ids['Bij Zebra'], ids['Bij het Slot'], ids['Getypt Bos'], ids['Zonder plaats']]);
  await ctx.services.db.updateTable('providers').set({ name: 'Aap en Beer' }).where('id', '=', zebra.id).execute();
  expect((await order('asc'))[0]).toBe(ids['Bij Zebra']);
});
