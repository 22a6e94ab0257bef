import type { Express } from 'express';
import { sql } from 'kysely';
import request from 'supertest';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// Issue 9, point 3: the provider list said "200 aanbieders gevonden" of 5,040 and showed no more.

let ctx: TestContext;
let app: Express;
let user: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  ctx = await testServices();
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  user = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  // 260 providers, one location each; every fourth (65) also runs a JeugdzorgPlus group. Written in one go: the
  // list is what is tested here, not how providers are made.
  await sql`
    with p as (
      insert into providers (name, type)
      select 'Zorgaanbieder ' || lpad(n::text, 3, '0'), 'jeugdhulpaanbieder' from generate_series(1, 260) n returning id, name)
    , l as (
      insert into locations (provider_id, name, address, municipality)
      select id, 'Locatie ' || right(name, 3), 'Laan 1', case when right(name, 1) in ('1', '2') then 'Ede' else 'Zwolle' end from p
      returning id, name)
    insert into units (location_id, name, care_type, places)
    select id, 'Groep', 'jeugdzorgplus', 4 from l where right(name, 3)::int % 4 = 0`.execute(ctx.services.db);
});
afterAll(() => ctx.cleanup());

const rows = (html: string) =>
  [...html.matchAll(/<td class="utrecht-table__cell"><a class="utrecht-link" href="\/aanbieders\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map(
    (m) => m[1]!,
  );
const links = (html: string) =>
  [...html.matchAll(/href="(\/aanbieders\?[^"]*)"/g)].map((m) => decodeURI(m[1]!.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')));

test('the provider list is paged by 50 with its true count, beyond the 200 it used to stop at', async () => {
  const first = await user.agent.get('/aanbieders').expect(200);
  expect(first.text).toContain('260 aanbieders gevonden; u ziet 1–50 van 260.');
  expect(rows(first.text)).toHaveLength(50);
  expect(rows(first.text)[0]).toBe('Zorgaanbieder 001');
  expect(links(first.text)).toContain('/aanbieders?page=6');
  const fifth = await user.agent.get('/aanbieders?page=5');
  expect(fifth.text).toContain('u ziet 201–250 van 260');
  expect(rows(fifth.text)[0]).toBe('Zorgaanbieder 201');
  const last = await user.agent.get('/aanbieders?page=6');
  expect(rows(last.text)).toEqual([...Array(10)].map((_, i) => `Zorgaanbieder ${251 + i}`));
  // An old link past the end shows the last page.
  expect(rows((await user.agent.get('/aanbieders?page=40')).text)).toEqual(rows(last.text));
});

test('the search words and the care type are kept in the page links, and the count follows them', async () => {
  const zwolle = await user.agent.get('/aanbieders?q=zwolle');
  // 208 of the 260 are in Zwolle (names not ending in 1 or 2).
  expect(zwolle.text).toContain('208 aanbieders gevonden voor ‘zwolle’; u ziet 1–50 van 208.');
  expect(links(zwolle.text)).toContain('/aanbieders?q=zwolle&page=2');
  const closed = await user.agent.get('/aanbieders?q=zwolle&careType=jeugdzorgplus');
  // Every fourth provider has a JeugdzorgPlus group; 52 of those 65 are in Zwolle.
  expect(closed.text).toContain(
    '52 aanbieders gevonden voor ‘zwolle’ met zorgvorm JeugdzorgPlus (gesloten jeugdhulp); u ziet 1–50 van 52.',
  );
  expect(links(closed.text)).toContain('/aanbieders?q=zwolle&careType=jeugdzorgplus&page=2');
  const second = await user.agent.get('/aanbieders?q=zwolle&careType=jeugdzorgplus&page=2');
  expect(rows(second.text)).toEqual(['Zorgaanbieder 256', 'Zorgaanbieder 260']);
  expect(second.text).toContain('value="zwolle"');
  expect(second.text).toMatch(/<option value="jeugdzorgplus" selected>/);
  // A single page needs no page links.
  const one = await user.agent.get('/aanbieders?q=Zorgaanbieder%20007');
  expect(one.text).toContain('1 aanbieder gevonden');
  expect(one.text).not.toContain('aria-label="Pagina’s"');
});

test('the API lists providers 200 a page as before, with the true count and the next page in headers', async () => {
  const { token } = await ctx.services.apiTokens.create(systemActor('test'), 'aanbieders');
  const get = (query: string) => request(app).get(`/api/v1/providers${query}`).set('Authorization', `Bearer ${token}`).expect(200);
  const first = await get('');
  expect(first.body).toHaveLength(200);
  expect(first.headers['x-total-count']).toBe('260');
  expect(first.headers.link).toBe('</api/v1/providers?page=2>; rel="next"');
  const second = await get('?page=2');
  expect((second.body as Array<{ name: string }>).map((p) => p.name)).toEqual([...Array(60)].map((_, i) => `Zorgaanbieder ${201 + i}`));
  expect(second.headers.link).toBeUndefined();
  const zwolle = await get('?q=zwolle');
  expect(zwolle.headers['x-total-count']).toBe('208');
  expect(zwolle.headers.link).toBe('</api/v1/providers?q=zwolle&page=2>; rel="next"');
});
