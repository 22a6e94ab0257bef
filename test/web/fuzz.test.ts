import request from 'supertest';
import type { Server } from 'node:http';
import { createApp } from '../../src/app';
import { ROLES } from '../../src/auth/roles';
import { systemActor } from '../../src/audit/types';
import { projectRoot } from '../../src/common/projectRoot';
import type { RouteDef } from '../../src/web/routeTable';
import { testServices, type TestContext } from '../support/testServices';
import { PASSWORD, csrfFrom, makeUser } from '../support/web';
import {
  FORM_HOSTILE,
  HUGE,
  JSON_HOSTILE,
  UNKNOWN_FIELDS,
  VALUES,
  csvOf,
  envelopes,
  fieldNamesFromCode,
  formsOf,
  leaves,
  queryNamesFromCode,
  seeded,
  withLeaf,
} from './fuzzInput';

// Issue 7, point 17: walks every route of the route table — forms and API, new routes included without writing
// anything — as a user holding every role (and with an API token), with a valid CSRF token so the handlers are
// really reached. Path parameters get real ids and junk. Bodies and queries get every field name the code reads,
// plus unknown ones, with values of every wrong type, empty, huge, NUL bytes and odd Unicode; and every valid
// submission the app's own forms make (or, for the API, one written here) is spoiled one field at a time.
// Nothing may answer 5xx. Seeded: every run draws the same requests (sent six at a time, so they may interleave).

// Every route times every kind of junk: minutes on a busy machine. How long it takes is no behaviour of the app, so it
// is bounded by the timeout only, not asserted.
jest.setTimeout(300_000);

type Agent = ReturnType<typeof request.agent>;
type Body = Record<string, unknown>;

let ctx: TestContext;
/** One listening server for the whole walk, rather than one per request. */
let server: Server;
let routes: RouteDef[];
let agent: Agent;
let csrf: string;
let token: string;
const FIELDS = fieldNamesFromCode(projectRoot);
const results: Array<{ route: string; label: string; status: number }> = [];
/** Form posts refused (403) for CSRF or role: those never reached their handler. */
const refused: string[] = [];
/** Real ids per parameter; `id` per the path segment before it (`/aanbieders/:id` is a provider). */
const real: Record<string, string> = {};
/** Valid submissions per `method path`, from the app's own forms and, for the API, written below. */
const valid = new Map<string, { body: Body; multipart: boolean }>();

const JUNK_PARAMS = [
  'abc',
  '-'.repeat(36),
  'a%00b',
  '%F0%9F%98%80',
  '%E0%A4%A',
  'x'.repeat(3000),
  '00000000-0000-4000-8000-000000000000',
  '..%2F..%2Fetc',
  '%E2%80%AE',
];
/** Query parameters the routes read: a URL beyond 16 kB never reaches a handler, so long values go here alone. */
const QUERY_FIELDS = queryNamesFromCode(projectRoot);

beforeAll(async () => {
  ctx = await testServices({ env: { LOGIN_RATE_LIMIT: '100000', REPORT_RATE_LIMIT: '100000' } });
  const app = createApp(ctx.services, { loginRateLimit: 100_000 });
  // Compiled templates kept, as in production; outside production every render compiles them again, which would
  // make this walk several times slower without testing anything more.
  app.enable('view cache');
  server = app.listen(0, '127.0.0.1');
  routes = app.locals.routeTable as RouteDef[];
  const s = ctx.services;
  const actor = systemActor('fuzz');
  const me = await makeUser(s, [...ROLES]);
  ({ agent, csrf } = await login(me.email));
  token = (await s.apiTokens.create(actor, 'fuzz')).token;

  // One of everything a path can name.
  const provider = await s.providers.create(actor, {
    name: 'Fuzz Zorg',
    kvkNumber: '12345678',
    locations: [
      {
        name: 'Fuzz Locatie',
        address: 'Straat 1',
        municipality: 'Zwolle',
        units: [{ name: 'Groep F', careType: 'jeugdzorgplus', places: 4 }],
      },
    ],
  });
  await s.providers.setInspectors(actor, provider.id, [me.id], new Set([me.id]));
  await s.providers.addStatus(actor, provider.id, { kind: 'verscherpt-toezicht', startsOn: '2026-01-01' });
  const full = await s.providers.get(provider.id);
  const [location, unit] = [full.locations[0]!, full.locations[0]!.units[0]!];
  const { signal } = await s.signals.register(
    actor,
    {
      channel: 'telefoon',
      reporterType: 'jeugdige',
      unitId: unit.id,
      summary: 'Fuzz',
      description: 'Fuzz signaal',
      contact: { phone: '06 12345678' },
    },
    { receipt: true },
  );
  const [norm] = await s.norms.active();
  const [theme] = await s.assessments.allThemes();
  const reportBody = {
    kind: 'geweld',
    occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
    providerId: provider.id,
    locationId: location.id,
    unitId: unit.id,
    youngPeopleInvolved: 2,
    summary: 'Fuzz melding',
    description: 'Fuzz melding',
    themes: [theme!.code],
  };
  const { report } = await s.reports.register(actor, reportBody, { via: 'api' });
  const [mail] = await s.mail.list();
  Object.assign(real, {
    aanbieders: provider.id,
    providers: provider.id,
    signalen: signal.id,
    signals: signal.id,
    meldingen: report.id,
    reports: report.id,
    gebruikers: (await makeUser(s, ['meldpunt'])).id,
    normen: norm!.id,
    mail: mail!.id,
    locationId: location.id,
    unitId: unit.id,
    statusId: full.statuses[0]!.id,
    code: theme!.code,
  });

  // Valid API bodies, written here since no page shows them; a new API route is still fuzzed, only not from a valid base.
  const now = new Date().toISOString();
  valid.set(`post ${fill('/api/v1/signals', {})}`, {
    multipart: false,
    body: {
      receivedAt: now,
      channel: 'telefoon',
      reporterType: 'jeugdige',
      unitId: unit.id,
      providerText: 'Fuzz',
      summary: 'Fuzz',
      description: 'Fuzz',
      sinceWhen: 'gisteren',
      safeNow: 'ja',
      consentShare: true,
      contact: { name: 'Fuzz', phone: '06 12345678', email: 'fuzz@igj.test', preferredMoments: 'altijd' },
    },
  });
  valid.set(`post ${fill('/api/v1/reports', {})}`, { multipart: false, body: reportBody });
  valid.set(`post ${fill('/api/v1/signals/:id/contacts', {})}`, {
    multipart: false,
    body: { at: now, channel: 'telefoon', successful: false, note: 'Fuzz' },
  });
  valid.set(`post ${fill('/api/v1/providers', {})}`, {
    multipart: false,
    body: {
      name: 'Fuzz API',
      kvkNumber: '87654321',
      type: 'jeugdhulpaanbieder',
      locations: [
        { name: 'L', address: 'A 1', municipality: 'M', region: 'R', units: [{ name: 'U', careType: 'open-residentieel', places: 2 }] },
      ],
    },
  });
  valid.set('get /api/v1/reports/follow-up', { multipart: false, body: { from: '2026-01-01', to: '2026-12-31' } });
  valid.set('get /api/v1/providers', { multipart: false, body: { q: 'Fuzz' } });
  // And every form of every page, as a browser would submit it.
  for (const r of routes.filter((x) => x.method === 'get' && x.access !== 'api')) {
    for (const f of formsOf((await agent.get(fill(r.path, {}))).text)) {
      const key = `${f.method} ${f.action.split('?')[0]}`;
      if (!valid.has(key)) valid.set(key, { body: f.fields, multipart: f.multipart });
    }
  }
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  await ctx.cleanup();
});

async function login(email: string): Promise<{ agent: Agent; csrf: string }> {
  const a = request.agent(server);
  // The page first: the agent attaches its cookies when a request is created.
  const page = await a.get('/inloggen');
  await a
    .post('/inloggen')
    .type('form')
    .send({ email, password: PASSWORD, _csrf: csrfFrom(page.text) })
    .expect(303);
  return { agent: a, csrf: csrfFrom((await a.get('/')).text) };
}

/** Real ids for each parameter of a path; an unknown kind of parameter gets some real id. */
function fill(path: string, override: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string, at: number) => {
    if (override[name] !== undefined) return override[name];
    const segment = path.slice(0, at).split('/').filter(Boolean).pop() ?? '';
    return encodeURIComponent((name === 'id' ? real[segment] : real[name]) ?? real.signalen!);
  });
}

const asForm = (body: Body): Body => Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === null ? '' : v]));
const onlyHuge = (body: unknown) =>
  Boolean(body) &&
  typeof body === 'object' &&
  Object.values(body as Body).length > 0 &&
  Object.values(body as Body).every((v) => v === HUGE);

async function send(r: RouteDef, path: string, body: unknown, label: string, multipart = false): Promise<string> {
  let res;
  if (r.access === 'api') {
    const req = request(server)[r.method](path).set('Authorization', `Bearer ${token}`);
    res =
      r.method === 'get' ? await req.query(body as object) : await req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  } else if (r.method === 'get') {
    res = await agent.get(path).query(asForm(body as Body));
  } else if (multipart) {
    let req = agent.post(path).field('_csrf', csrf);
    for (const [k, v] of Object.entries(body as Body))
      for (const one of [v].flat(2)) req = req.field(k, typeof one === 'object' ? JSON.stringify(one) : String(one));
    res = await req.attach('file', Buffer.from(csvOf(body as Body)), { filename: 'fuzz.csv', contentType: 'text/csv' });
  } else if (onlyHuge(body)) {
    // Encoded by hand: qs would spend seconds escaping megabytes of characters that need no escaping.
    res = await agent
      .post(path)
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(csrf)}&${Object.keys(body as Body)
          .map((k) => `${k}=${HUGE}`)
          .join('&')}`,
      );
  } else {
    res = await agent
      .post(path)
      .type('form')
      .send({ ...asForm(body as Body), _csrf: csrf });
  }
  results.push({
    route: `${r.method.toUpperCase()} ${r.path}`,
    label: `${r.method.toUpperCase()} ${path.slice(0, 120)} — ${label}`,
    status: res.status,
  });
  if (r.method === 'post' && r.access !== 'api' && res.status === 403) refused.push(`${r.path} — ${label}`);
  return res.status === 200 ? res.text : '';
}

/** A body as raw bytes with its own Content-Type: what the parsers see before any handler does. */
async function sendRaw(r: RouteDef, path: string, type: string, data: string, label: string): Promise<void> {
  const req = r.access === 'api' ? request(server).post(path).set('Authorization', `Bearer ${token}`) : agent.post(path);
  const res = await req.set('Content-Type', type).send(data);
  results.push({ route: `POST ${r.path}`, label: `POST ${path.slice(0, 120)} — ${label}`, status: res.status });
}

const everyField = (value: unknown): Body => Object.fromEntries([...FIELDS, ...UNKNOWN_FIELDS].map((f) => [f, value]));
const nested = (value: unknown): Body => ({
  ...everyField(value),
  contact: everyField(value),
  locations: [{ ...everyField(value), units: [everyField(value)] }, value],
});

/** Runs the tasks a few at a time: requests wait mostly on PostgreSQL, so overlapping them keeps the walk short. */
async function inParallel(tasks: Array<() => Promise<void>>, width = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

/** Which form (and which step and button of it) a submission is, to walk each one once. */
const shapeOf = (fields: Body) => JSON.stringify([Object.keys(fields).sort(), fields.step, fields.action]);

function tasksFor(r: RouteDef, rnd: ReturnType<typeof seeded>): Array<() => Promise<void>> {
  const path = fill(r.path, {});
  const tasks: Array<() => Promise<void>> = [];
  const push = (body: unknown, label: string, multipart = false) =>
    tasks.push(async () => void (await send(r, path, body, label, multipart)));
  // Every wrong type in every field at once; for the JSON API also nested in its objects and lists, and as the body.
  for (const [kind, value] of VALUES) {
    push(everyField(value), kind);
    if (r.access === 'api' && r.method === 'post') {
      push(nested(value), `genest ${kind}`);
      push(value, `hele body ${kind}`);
    }
  }
  // Huge values, a few fields at a time so the body stays under the parser's limit and reaches the handler.
  const [names, perRequest, size]: [string[], number, number] =
    r.method === 'post' ? [FIELDS, r.access === 'api' ? 9 : 18, HUGE.length] : [QUERY_FIELDS, 4, 3000];
  for (let i = 0; i < names.length; i += perRequest)
    push(Object.fromEntries(names.slice(i, i + perRequest).map((f) => [f, HUGE.slice(0, size)])), `lang in ${names[i]}…`);
  // A valid submission, then that submission with one field spoiled at a time (nested ones too, for JSON). When the
  // answer is a form posting to the same path again (the public form's next step), that form is walked the same way.
  const base = valid.get(`${r.method} ${path}`);
  const seen = new Set<string>();
  const spoil = (body: Body, multipart: boolean, step: number) => {
    tasks.push(async () => {
      const next = await send(r, path, body, step === 0 ? 'geldig' : `geldig stap ${step}`, multipart);
      for (const f of formsOf(next).filter((x) => x.method === r.method && x.action === path)) {
        const shape = shapeOf(f.fields);
        if (step < 6 && !seen.has(shape)) spoil((seen.add(shape), f.fields), f.multipart, step + 1);
      }
    });
    const hostile =
      r.access === 'api'
        ? JSON_HOSTILE
        : r.method === 'get'
          ? FORM_HOSTILE.map(([k, v]): [string, unknown] => [k, v === HUGE ? HUGE.slice(0, 3000) : v])
          : FORM_HOSTILE;
    for (const leaf of r.access === 'api' ? leaves(body) : Object.keys(body).map((k) => [k])) {
      for (const [kind, value] of hostile)
        push(withLeaf(body, leaf, value), `${step > 0 ? `stap ${step} ` : ''}${leaf.join('.')}=${kind}`, multipart);
    }
  };
  if (base) spoil(base.body, base.multipart, (seen.add(shapeOf(base.body)), 0));
  // Seeded mixes: each field a valid value where one is known, else a hostile one.
  for (let n = 0; n < 4; n++) {
    push(
      Object.fromEntries(FIELDS.map((f) => [f, rnd.next() < 0.5 && base?.body[f] !== undefined ? base.body[f] : rnd.pick(VALUES)[1]])),
      `mix ${n}`,
      base?.multipart,
    );
  }
  if (r.method === 'post')
    for (const [label, type, data] of envelopes(r.access === 'api', csrf)) tasks.push(() => sendRaw(r, path, type, data, label));
  // Junk in each path parameter in turn, the others real.
  for (const name of [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!)) {
    for (const junk of JUNK_PARAMS)
      tasks.push(async () => void (await send(r, fill(r.path, { [name]: junk }), {}, `:${name}=${junk.slice(0, 20)}`)));
  }
  return tasks;
}

// Logging out ends the session the other requests use, so that route gets a session of its own.
const isLogout = (r: RouteDef) => r.path === '/uitloggen';

test('every route answers every fuzzed input without a 5xx', async () => {
  const rnd = seeded(7);
  for (const r of routes.filter((x) => !isLogout(x))) await inParallel(tasksFor(r, rnd));
  for (const r of routes.filter(isLogout)) {
    const spare = await login((await makeUser(ctx.services, [...ROLES])).email);
    const res = await spare.agent
      .post(r.path)
      .type('form')
      .send({ ...everyField('\u0000'), _csrf: spare.csrf });
    results.push({ route: `POST ${r.path}`, label: `POST ${r.path}`, status: res.status });
  }

  expect(results.filter((x) => x.status >= 500).map((x) => `${x.status} ${x.label}`)).toEqual([]);
  expect(refused).toEqual([]);
  // The walk really got past the guards: every route answered something else than 401/403/404 at least once.
  const reached = new Set(results.filter((x) => ![401, 403, 404].includes(x.status)).map((x) => x.route));
  expect(routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).filter((x) => !reached.has(x))).toEqual([]);
  // And valid submissions were found for most forms (some show only in a state the fixtures are not in), so spoiling
  // one field at a time reached the handlers' deeper checks.
  expect(routes.filter((r) => r.method === 'post' && valid.has(`post ${fill(r.path, {})}`)).length).toBeGreaterThan(20);
});
