import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createApp } from '../../src/app';
import { systemActor } from '../../src/audit/types';
import { testServices, type TestContext } from '../support/testServices';
import { PASSWORD, csrfFrom, makeUser } from '../support/web';

// Issue 8, point 5: express-session sends a redirect's headers before the changed session (with the confirmation) is
// stored, so a quick browser asks for the next page first and the confirmation shows a page late. Holding the session
// row's lock in PostgreSQL stretches that moment: the redirect must not leave before the session is stored.
let ctx: TestContext;
let server: http.Server;
let base: string;

beforeAll(async () => {
  ctx = await testServices();
  const app = createApp(ctx.services, { loginRateLimit: 1000 });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await ctx.cleanup();
});

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

async function logIn(email: string): Promise<{ cookie: string; sid: string; csrf: string }> {
  const page = await fetch(`${base}/inloggen`);
  const anon = cookiesOf(page).join('; ');
  const res = await fetch(`${base}/inloggen`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: anon, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, _csrf: csrfFrom(await page.text()) }),
  });
  const session = cookiesOf(res).find((c) => c.startsWith('jt.sid='))!;
  const cookie = `${anon}; ${session}`;
  const home = await fetch(`${base}/`, { headers: { cookie } });
  const sid = decodeURIComponent(session.slice('jt.sid='.length)).replace(/^s:/, '').split('.')[0]!;
  return { cookie, sid, csrf: csrfFrom(await home.text()) };
}

/** POSTs a form and reports when the response's headers arrive (ms after sending), before waiting for its end. */
function postForm(path: string, cookie: string, form: Record<string, string>): { headersAfter: Promise<number>; done: Promise<void> } {
  const started = Date.now();
  const body = new URLSearchParams(form).toString();
  let resolveHeaders!: (ms: number) => void;
  const headersAfter = new Promise<number>((r) => (resolveHeaders = r));
  const done = new Promise<void>((resolve, reject) => {
    const req = http.request(
      `${base}${path}`,
      {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        resolveHeaders(Date.now() - started);
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  return { headersAfter, done };
}

test('a redirect with a confirmation leaves only after the session is stored, so the next page shows it', async () => {
  const user = await makeUser(ctx.services, ['meldpunt'], 'snel@igj.test');
  const { signal } = await ctx.services.signals.register(systemActor('t'), {
    channel: 'telefoon',
    reporterType: 'ouder',
    summary: 'Zorgen',
    description: 'Zorgen over de groep.',
  });
  const { cookie, sid, csrf } = await logIn(user.email);

  const lock = new Client({ connectionString: ctx.databaseUrl });
  await lock.connect();
  let early: number | null;
  try {
    await lock.query('begin');
    await lock.query('select 1 from sessions where sid = $1 for update', [sid]);
    const post = postForm(`/signalen/${signal.id}/toewijzen`, cookie, { _csrf: csrf, assigneeId: user.id });
    early = await Promise.race([post.headersAfter, new Promise<null>((r) => setTimeout(() => r(null), 700))]);
    await lock.query('commit');
    await post.done;
  } finally {
    await lock.end();
  }
  // Before the fix the 303 arrived while the session could not be written: the browser would then have loaded the
  // signal page without its confirmation.
  expect(early).toBeNull();
  const page = await (await fetch(`${base}/signalen/${signal.id}`, { headers: { cookie } })).text();
  expect(page).toContain('De behandelaar is gewijzigd.');
});
