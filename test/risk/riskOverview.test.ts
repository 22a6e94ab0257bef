import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import { fixedClock, testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';
import { daysBefore, openAlert, provider, report, signals, spread, status, type Unit } from './support';

// Issue 10, point 5: the risk overview ranks providers and groups on a transparent score, says why in words, filters
// and pages with true counts, and is for inspectors and managers only. Point 7: its funnel names the group above the limit.

const NOW = new Date('2026-11-20T12:00:00Z');
let ctx: TestContext;
let app: Express;
let manager: Awaited<ReturnType<typeof loginAs>>;
let inspector: Awaited<ReturnType<typeof loginAs>>;
let busy: Unit;
let busyProvider: string;

beforeAll(async () => {
  ctx = await testServices({ clock: fixedClock(NOW) });
  const s = ctx.services;
  app = createApp(s, { loginRateLimit: 1000 });

  // The provider that needs a look: three open alerts (one a missing report behind two signals), two late reports this
  // year (one late report two years ago and one in time do not count), 14 signals in 90 days on its closed group,
  // an admission stop since 3 November and an intensified supervision that has ended.
  const a = await provider(s, 'Aanbieder Onrustig', [
    { name: 'De Linde', careType: 'jeugdzorgplus', places: 8 },
    { name: 'De Eik', careType: 'open-residentieel', places: 8 },
  ]);
  busy = a.units[0]!;
  busyProvider = a.id;
  await openAlert(s, busy, 'cluster', daysBefore(NOW, 5));
  await openAlert(s, busy, 'rise', daysBefore(NOW, 4));
  await openAlert(s, busy, 'missing-report', daysBefore(NOW, 3), 2);
  await report(s, busy, daysBefore(NOW, 30), true);
  await report(s, busy, daysBefore(NOW, 200), true);
  await report(s, busy, daysBefore(NOW, 730), true);
  await report(s, busy, daysBefore(NOW, 20), false);
  await signals(s, busy, spread(NOW, 89, 14));
  await signals(s, busy, [daysBefore(NOW, 120), daysBefore(NOW, 200), daysBefore(NOW, 400)]);
  await status(s, a.id, 'opnamestop', '2026-11-03');
  await status(s, a.id, 'verscherpt-toezicht', '2025-01-01', '2025-07-01');

  // A quiet provider in another region with one signal, assigned to the inspector.
  const b = await provider(s, 'Aanbieder Rustig', [{ name: 'Het Anker', careType: 'jeugdzorgplus', places: 8 }], {
    municipality: 'Ede',
    region: 'Gelderland',
  });
  await signals(s, b.units[0]!, [daysBefore(NOW, 10)]);
  const user = await makeUser(s, ['inspecteur']);
  await s.db.insertInto('provider_inspectors').values({ provider_id: b.id, user_id: user.id }).execute();

  // Thirty quiet closed groups in Zwolle (ten with one signal), so a page is full and comparable groups exist.
  for (let i = 1; i <= 30; i++) {
    const q = await provider(
      s,
      `Aanbieder Q${String(i).padStart(2, '0')}`,
      [{ name: `Groep ${i}`, careType: 'jeugdzorgplus', places: 8 }],
      {
        municipality: 'Zwolle',
        region: 'IJsselland',
      },
    );
    if (i <= 10) await signals(s, q.units[0]!, [daysBefore(NOW, 5 + i)]);
  }
  // An ambulant provider: a group without places, compared per group.
  const d = await provider(s, 'Aanbieder Ambulant', [{ name: 'Thuisteam', careType: 'ambulant', places: 0 }]);
  await signals(s, d.units[0]!, [daysBefore(NOW, 3), daysBefore(NOW, 4)]);

  manager = await loginAs(app, (await makeUser(s, ['manager'])).email);
  inspector = await loginAs(app, user.email);
}, 60_000);
afterAll(() => ctx.cleanup());

/** A page with the entities Handlebars writes in attributes undone, so links read as typed. */
const get = async (who: Awaited<ReturnType<typeof loginAs>>, url: string) => {
  const res = await who.agent.get(url);
  return { status: res.status, text: res.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&') };
};

const rowsOf = (html: string): string[] =>
  [
    ...html.matchAll(
      /<tr class="utrecht-table__row">\s*<td class="utrecht-table__cell utrecht-table__cell--numeric-column">[\s\S]*?<\/tr>/g,
    ),
  ].map((m) =>
    m[0]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
const names = (html: string): string[] =>
  [
    ...html.matchAll(
      /<th class="utrecht-table__header-cell app-risk-name" scope="row">\s*<a class="utrecht-link" href="[^"]+">([^<]+)<\/a>/g,
    ),
  ].map((m) => m[1]!);
const status_ = (html: string): string => /role="status">([^<]+)</.exec(html)![1]!.trim();

test('the score: a provider with open alerts, a missing and a late report ranks above quiet ones, with its reasons in words', async () => {
  const res = await get(manager, '/risico');
  expect(res.status).toBe(200);
  expect(names(res.text)[0]).toBe('Aanbieder Onrustig');
  const first = rowsOf(res.text)[0]!;
  // Closed care: 25 signals on 256 places in 90 days, so the 8-place group expects 0,78 and 13,2 are above it.
  expect(first).toContain('3 open waarschuwingen (cluster van meldingen, stijging, ontbrekende melding)');
  expect(first).toContain('2 signalen met meldplicht zonder melding van de aanbieder');
  expect(first).toContain('2 meldingen te laat');
  expect(first).toContain('14 signalen in 90 dagen op 16 plaatsen (verwacht 0,8)');
  expect(first).toContain('opnamestop sinds 3 november 2026');
  expect(first).not.toContain('verscherpt toezicht');
  // 30 + 10 + 6 + 13,2 + 20, each term named.
  expect(first).toContain(
    '79,2 = 30 waarschuwingen + 10 zonder melding + 6 te laat gemeld + 13,2 signalen boven verwachting + 20 opnamestop',
  );
  expect(first).toContain('nog geen inspecties');
  // Then the groups with one signal where 0,8 was expected (0,2 above it), then those with nothing that counts.
  expect(names(res.text).slice(1, 3)).toEqual(['Aanbieder Q01', 'Aanbieder Q02']);
  expect(rowsOf(res.text)[1]).toContain('1 signaal in 90 dagen op 8 plaatsen (verwacht 0,8) 0,2 = 0,2 signalen boven verwachting');
  const last = await get(manager, '/risico?page=2');
  expect(rowsOf(last.text).at(-1)).toContain('Niets dat telt');
  expect(res.text).toContain('Hoe de score wordt berekend');
  expect(res.text).toContain('De plaatsen van een aanbieder zijn de plaatsen van al haar groepen op al haar locaties opgeteld');
});

test('each row links to the provider page, its timeline and its open alerts', async () => {
  const res = await get(manager, '/risico');
  expect(res.text).toContain(`href="/aanbieders/${busyProvider}"`);
  expect(res.text).toContain(`href="/aanbieders/${busyProvider}/tijdlijn"`);
  expect(res.text).toContain(`href="/patronen?provider=${busyProvider}&status=open"`);
  const groups = await get(manager, '/risico?view=groepen');
  expect(names(groups.text)[0]).toBe('De Linde');
  expect(groups.text).toContain(`href="/aanbieders/${busyProvider}/groepen/${busy.id}/tijdlijn"`);
});

test('filters and paging: true counts, the last page, and every filter kept in the page and sort links', async () => {
  const all = await get(manager, '/risico');
  expect(status_(all.text)).toBe('Aanbieders 1–25 van 33');
  expect(all.text).toContain('href="/risico?page=2"');
  const second = await get(manager, '/risico?page=2');
  expect(status_(second.text)).toBe('Aanbieders 26–33 van 33');
  expect(rowsOf(second.text)).toHaveLength(8);
  // Past the end: the last page.
  expect(status_((await get(manager, '/risico?page=99')).text)).toBe('Aanbieders 26–33 van 33');

  const region = await get(manager, '/risico?region=IJsselland&page=2');
  expect(status_(region.text)).toBe('Aanbieders 26–30 van 30');
  expect(region.text).toContain('href="/risico?region=IJsselland"');
  expect(region.text).toContain('href="/risico?region=IJsselland&sort=name&dir=asc"');
  expect(status_((await get(manager, '/risico?municipality=Ede')).text)).toBe('Aanbieders 1–1 van 1');
  expect(status_((await get(manager, '/risico?careType=jeugdzorgplus')).text)).toBe('Aanbieders 1–25 van 32');
  const rise = await get(manager, '/risico?rule=rise');
  expect(names(rise.text)).toEqual(['Aanbieder Onrustig']);

  const groups = await get(manager, '/risico?view=groepen&careType=jeugdzorgplus&page=2');
  expect(status_(groups.text)).toBe('Groepen 26–32 van 32');
  expect(groups.text).toContain('href="/risico?view=groepen&careType=jeugdzorgplus"');
  expect(status_((await get(manager, '/risico?view=groepen')).text)).toBe('Groepen 1–25 van 34');
});

test('sorting: by name, by signals, and back; ties by name', async () => {
  const byName = await get(manager, '/risico?sort=name&dir=asc');
  expect(names(byName.text).slice(0, 3)).toEqual(['Aanbieder Ambulant', 'Aanbieder Onrustig', 'Aanbieder Q01']);
  expect(byName.text).toContain('aria-sort="ascending"');
  const desc = await get(manager, '/risico?sort=name&dir=desc');
  expect(names(desc.text)[0]).toBe('Aanbieder Rustig');
  const bySignals = await get(manager, '/risico?sort=signals');
  expect(names(bySignals.text).slice(0, 2)).toEqual(['Aanbieder Onrustig', 'Aanbieder Ambulant']);
  const byRate = await get(manager, '/risico?sort=rate&dir=asc');
  // Lowest rate first, providers without places (no rate) last.
  expect(names(byRate.text)[0]).toBe('Aanbieder Q11');
  const groupsByName = await get(manager, '/risico?view=groepen&sort=name&dir=asc');
  expect(names(groupsByName.text).slice(0, 2)).toEqual(['Thuisteam', 'De Eik']);
  // Quiet providers with equal scores come by name.
  const ranked = names((await get(manager, '/risico')).text);
  expect(ranked.indexOf('Aanbieder Q02')).toBeGreaterThan(ranked.indexOf('Aanbieder Q01'));
});

test('"only my providers" for an inspector; a manager has no such filter', async () => {
  const mine = await get(inspector, '/risico?mine=1');
  expect(status_(mine.text)).toBe('Aanbieders 1–1 van 1');
  expect(names(mine.text)).toEqual(['Aanbieder Rustig']);
  expect(mine.text).toContain('Alleen mijn aanbieders');
  const asManager = await get(manager, '/risico?mine=1');
  expect(status_(asManager.text)).toBe('Aanbieders 1–25 van 33');
  expect(asManager.text).not.toContain('Alleen mijn aanbieders');
});

test('other roles are refused, and without login the page asks to log in', async () => {
  for (const role of ['meldpunt', 'beheerder'] as const) {
    const other = await loginAs(app, (await makeUser(ctx.services, [role])).email);
    expect((await other.agent.get('/risico')).status).toBe(403);
    expect((await other.agent.get('/')).text).not.toContain('href="/risico"');
  }
  const anonymous = await request(app).get('/risico');
  expect(anonymous.status).toBe(302);
  expect(anonymous.headers.location).toMatch(/^\/inloggen/);
  expect((await get(manager, '/')).text).toContain('href="/risico"');
  expect((await get(inspector, '/')).text).toContain('href="/risico"');
});

test('no personal data: not what reporters or providers wrote', async () => {
  for (const url of ['/risico', '/risico?view=groepen', `/risico?view=groepen&mark=${busy.id}`]) {
    const res = await get(manager, url);
    expect(res.text).not.toContain('Jan Jansen');
    expect(res.text).not.toContain('Piet Pietersen');
    expect(res.text).not.toContain('Geheime samenvatting');
  }
});

test('the funnel of closed care names the busy group above the 99.8 % limit, and marks a group from a rise alert', async () => {
  const res = await get(manager, '/risico');
  expect(res.text).toContain('Trechtergrafiek: JeugdzorgPlus (gesloten jeugdhulp)');
  const svg = /<svg class="app-chart" role="img"[\s\S]*?<\/svg>/.exec(res.text)![0];
  expect(Buffer.byteLength(svg)).toBeLessThan(100_000);
  expect(svg).not.toMatch(/style=/);
  expect(svg).toContain('app-funnel__point--998');
  expect(res.text).toContain('>De Linde</a><span class="app-risk-detail">Aanbieder Onrustig locatie, Aanbieder Onrustig</span>');
  expect(res.text).toContain('Groepen boven de 99,8 %-grens, de meest opvallende eerst');
  // A group with one signal on 8 places stays inside the funnel: not named.
  expect(res.text).not.toMatch(/>Het Anker<\/a><span class="app-risk-detail">/);

  const marked = await get(manager, `/risico?view=groepen&mark=${busy.id}`);
  expect(marked.text).toContain('Gemarkeerd: De Linde (Aanbieder Onrustig locatie, Aanbieder Onrustig): 14 signalen op 8 plaatsen');
  expect(marked.text).toContain('boven de 99,8 %-grens');
  expect(marked.text).toContain('app-funnel__mark');

  // A care type without places has no funnel per place.
  const ambulant = await get(manager, '/risico?careType=ambulant');
  expect(ambulant.text).toContain('Een trechter per plaats kan alleen voor groepen met plaatsen.');
});

test('a rise alert about a group links to that group marked in the funnel; other alerts do not', async () => {
  const alerts = await ctx.services.db.selectFrom('pattern_alerts').select(['id', 'rule']).where('unit_id', '=', busy.id).execute();
  const rise = await get(manager, `/patronen/${alerts.find((a) => a.rule === 'rise')!.id}`);
  expect(rise.status).toBe(200);
  expect(rise.text).toContain(`href="/risico?view=groepen&mark=${busy.id}#trechter"`);
  const cluster = await get(manager, `/patronen/${alerts.find((a) => a.rule === 'cluster')!.id}`);
  expect(cluster.text).not.toContain('#trechter');
});
