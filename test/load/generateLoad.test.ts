import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { dropTestDatabase, urlFor } from '../support/db';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');
const name = `jt_test_load_${randomBytes(4).toString('hex')}`;
const env = { ...process.env, DATABASE_URL: urlFor(name), QUEUE_PREFIX: `jt-test-${name}`, LOG_LEVEL: 'silent' };
const tsx = (script: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env, timeout: 120_000 });

let db: Client;
beforeAll(async () => {
  await tsx('scripts/load/generateLoad.ts', ['--providers', '40', '--signals', '4000', '--years', '10']);
  db = new Client({ connectionString: urlFor(name) });
  await db.connect();
}, 150_000);
afterAll(async () => {
  await db?.end();
  await dropTestDatabase(name);
});

const one = async (q: string) => (await db.query(q)).rows[0] as Record<string, string>;

test('a national history in miniature: providers with locations and units of every care type', async () => {
  expect(await one(`select count(*)::int as n from providers`)).toEqual({ n: 40 });
  const types = (await db.query(`select distinct care_type from units order by 1`)).rows.map((r) => r.care_type);
  expect(types).toEqual(expect.arrayContaining(['jeugdzorgplus', 'zikos', 'ambulant', 'gezinshuis', 'open-residentieel']));
  expect(Number((await one(`select count(*) from provider_inspectors`)).count)).toBeGreaterThanOrEqual(40);
});

test('signals of every channel and reporter type, over ten years, a few per cent open, late ones, breaches and unreachable reporters', async () => {
  expect(await one(`select count(*)::int as n from signals`)).toEqual({ n: 4000 });
  expect(Number((await one(`select count(distinct channel) from signals`)).count)).toBe(7);
  expect(Number((await one(`select count(distinct reporter_type) from signals`)).count)).toBe(7);
  const years = await one(
    `select extract(year from min(received_at))::int as first, extract(year from max(received_at))::int as last from signals`,
  );
  expect(Number(years.last) - Number(years.first)).toBeGreaterThanOrEqual(9);
  const f =
    await one(`select count(*) filter (where closed_at is null)::float / count(*) as open, count(*) filter (where contacted_at > due_at) as late,
    count(*) filter (where breached_at is not null) as breached, count(*) filter (where unreachable_at is not null) as unreachable,
    count(*) filter (where urgent_at is not null) as urgent from signals`);
  expect(Number(f.open)).toBeGreaterThan(0.005);
  expect(Number(f.open)).toBeLessThan(0.05);
  const present = (k: string) => [k, Number(f[k]) > 0];
  expect(['late', 'breached', 'unreachable', 'urgent'].map(present)).toEqual([
    ['late', true],
    ['breached', true],
    ['unreachable', true],
    ['urgent', true],
  ]);
  // As in the app, a signal is closed only after contact or when the reporter proved unreachable: what was never
  // reached is still work in the queue, not closed history.
  expect(
    await one(`select count(*)::int as n from signals where closed_at is not null and contacted_at is null and unreachable_at is null`),
  ).toEqual({ n: 0 });
  // References are unique per year and numbered in order of receipt.
  expect(await one(`select count(*)::int as n from signals where reference !~ '^S-[0-9]{4}-[0-9]{6}$'`)).toEqual({ n: 0 });
  // The app's reference sequence goes on after the generated ones: a signal registered by hand gets a free number.
  const next = await one(
    `select nextval('signal_reference_seq')::int as n, (select max(substring(reference from 8)::int) from signals) as max`,
  );
  expect(Number(next.n)).toBeGreaterThan(Number(next.max));
});

test('contacts, assessments and consultations are there, and contact details are gone after the retention period', async () => {
  expect(Number((await one(`select count(*) from contact_attempts`)).count)).toBeGreaterThan(3000);
  expect(Number((await one(`select count(*) from signal_assessments`)).count)).toBeGreaterThan(2500);
  expect(Number((await one(`select count(*) from consultations`)).count)).toBeGreaterThan(0);
  expect(
    await one(
      `select count(*)::int as n from signals s join signal_contacts c on c.signal_id = s.id where s.contact_removed_at is not null`,
    ),
  ).toEqual({ n: 0 });
});

test('mandatory reports: one per ten signals, most meldplicht signals matched by their provider, about one in ten late', async () => {
  expect(await one(`select count(*)::int as n from mandatory_reports`)).toEqual({ n: 400 });
  const f = await one(`select count(*) filter (where late)::float / count(*) as late, count(distinct kind)::int as kinds,
    count(*) filter (where decision is null)::int as undecided, count(*) filter (where reference !~ '^M-[0-9]{4}-[0-9]{6}$')::int as bad_refs,
    count(*) filter (where unit_id is not null and location_id is null)::int as orphans from mandatory_reports`);
  expect(Number(f.late)).toBeGreaterThan(0.02);
  expect(Number(f.late)).toBeLessThan(0.25);
  expect(f).toMatchObject({ kinds: 2, bad_refs: 0, orphans: 0 });
  // Matched: a report of the same provider and place within two days before the signal.
  const m = await one(`select count(*) filter (where exists (select 1 from mandatory_reports r where r.provider_id = s.provider_id
      and r.unit_id is not distinct from s.unit_id and r.occurred_at between s.received_at - interval '2 days' and s.received_at))::float
      / count(*) as matched
    from signals s join signal_assessments a on a.signal_id = s.id where a.meldplicht and s.provider_id is not null`);
  expect(Number(m.matched)).toBeGreaterThan(0.6);
  expect(Number(m.matched)).toBeLessThan(0.97);
  // The app's sequence goes on after the generated references.
  const next = await one(
    `select nextval('report_reference_seq')::int as n, (select max(substring(reference from 8)::int) from mandatory_reports) as max`,
  );
  expect(Number(next.n)).toBeGreaterThan(Number(next.max));
});

test('the audit trail is a valid chain: verify-audit accepts it', async () => {
  expect(Number((await one(`select count(*) from audit_log`)).count)).toBeGreaterThan(4000 * 3);
  const { stdout } = await tsx('src/cli.ts', ['verify-audit']);
  expect(stdout).toMatch(/Audittrail in orde/);
  expect(Number((await one(`select count(*) from audit_log where object_type = 'mandatory-report'`)).count)).toBeGreaterThanOrEqual(400);
}, 60_000);

test('a database that already has signals is refused, not doubled', async () => {
  await expect(tsx('scripts/load/generateLoad.ts', ['--providers', '1', '--signals', '1'])).rejects.toMatchObject({
    stderr: expect.stringMatching(/al 4000 signalen/),
  });
  expect(await one(`select count(*)::int as n from signals`)).toEqual({ n: 4000 });
}, 60_000);
