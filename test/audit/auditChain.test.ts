import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { systemActor } from '../../src/audit/types';
import { createDb, createPool } from '../../src/db/connection';
import { testServices, type TestContext } from '../support/testServices';

const run = promisify(execFile);
let ctx: TestContext;

beforeAll(async () => {
  ctx = await testServices();
});
afterAll(() => ctx.cleanup());

/** The exact CLI contract, through npm as the README shows it. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('npm', ['run', '--silent', 'cli', '--', ...args], {
      env: { ...process.env, DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: `jt-test-${ctx.databaseName}` },
    });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test('cli create-user creates a user with repeated roles; create-api-token prints the token alone on the last line', async () => {
  const created = await cli(
    'create-user',
    '--email',
    'cli@igj.test',
    '--name',
    'Cli Gebruiker',
    '--role',
    'meldpunt',
    '--role',
    'manager',
    '--password',
    'cli wachtwoord 123',
  );
  expect(created.code).toBe(0);
  const user = await ctx.services.db.selectFrom('users').selectAll().where('email', '=', 'cli@igj.test').executeTakeFirstOrThrow();
  expect(user.roles).toEqual(['meldpunt', 'manager']);

  const bad = await cli('create-user', '--email', 'x', '--name', '', '--role', 'koning', '--password', 'kort');
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toContain('email: Vul een geldig e-mailadres in');

  const token = await cli('create-api-token', '--name', 'Jeugdstem-koppeling');
  expect(token.code).toBe(0);
  const last = token.stdout.trimEnd().split('\n').pop()!;
  expect(last).toMatch(/^jt_[A-Za-z0-9_-]{43}$/);
  expect(await ctx.services.apiTokens.authenticate(last)).toMatchObject({ name: 'Jeugdstem-koppeling' });
}, 90_000);

test('verify-audit passes on an intact chain and fails when an entry is altered, removed, or the last one dropped', async () => {
  const actor = { userId: null, label: 'test', requestId: 'req-12345678' };
  for (let i = 0; i < 5; i++) await ctx.services.providers.create(actor, { name: `Aanbieder ${i}`, locations: [] });
  await ctx.services.audit.checkpoint();
  expect(await ctx.services.audit.verify()).toMatchObject({ ok: true });
  const ok = await cli('verify-audit');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain('Audittrail in orde');

  // Tampering takes the owner's connection: the app's own role may not change the trail at all.
  const db = createDb(createPool(ctx.databaseUrl, 1));
  const rows = await db.selectFrom('audit_log').select(['id', 'changes']).orderBy('id').execute();
  const victim = rows[3]!;
  // Altered: a changed value in one entry.
  await sql`update audit_log set changes = jsonb_set(changes, '{name,after}', '"Iets anders"') where id = ${victim.id}`.execute(db);
  const altered = await cli('verify-audit');
  expect(altered.code).toBe(1);
  expect(altered.stderr).toContain(`regel ${victim.id}: inhoud komt niet overeen`);
  await sql`update audit_log set changes = ${JSON.stringify(victim.changes)}::jsonb where id = ${victim.id}`.execute(db);
  expect((await ctx.services.audit.verify()).ok).toBe(true);

  // Removed from the middle.
  await db.deleteFrom('audit_log').where('id', '=', rows[2]!.id).execute();
  const removed = await ctx.services.audit.verify();
  expect(removed.ok).toBe(false);
  expect(removed.problems[0]).toContain(`regel ${rows[3]!.id}: sluit niet aan`);
  await db.destroy();
});

test('removing the newest entry is detected through the anchor outside the database', async () => {
  const fresh = await testServices();
  const owner = createDb(createPool(fresh.databaseUrl, 1));
  try {
    await fresh.services.providers.create(systemActor('t'), { name: 'Een', locations: [] });
    await fresh.services.providers.create(systemActor('t'), { name: 'Twee', locations: [] });
    await fresh.services.audit.checkpoint();
    const last = await owner.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await owner.deleteFrom('audit_log').where('id', '=', last.id).execute();
    const r = await fresh.services.audit.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toContain(`regel ${last.id} uit het anker`);
  } finally {
    await owner.destroy();
    await fresh.cleanup();
  }
});

test('concurrent changes still form one unbroken chain', async () => {
  const fresh = await testServices();
  try {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => fresh.services.providers.create(systemActor('t'), { name: `Gelijktijdig ${i}`, locations: [] })),
    );
    await fresh.services.audit.checkpoint();
    expect(await fresh.services.audit.verify()).toMatchObject({ ok: true, checked: 20 });
  } finally {
    await fresh.cleanup();
  }
});

test('a change and its audit entry commit together: a failing change leaves no entry', async () => {
  const before = await ctx.services.db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  // The provider and its audit entry are already written when the next step fails. (This used to be a NUL byte in a
  // location's name, refused by PostgreSQL; since issue 7 validation refuses it before anything is written.)
  await expect(
    ctx.services.db.transaction().execute(async (trx) => {
      await ctx.services.providers.insertProviderIn(trx, systemActor('t'), { name: 'Kapot' });
      throw new Error('de locatie mislukt');
    }),
  ).rejects.toThrow('de locatie mislukt');
  const after = await ctx.services.db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  expect(after.n).toBe(before.n);
  expect(await ctx.services.providers.search('Kapot')).toEqual([]);
});
