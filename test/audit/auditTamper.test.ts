import { readFile, writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { systemActor } from '../../src/audit/types';
import { auditSettings } from '../../src/audit/auditSettings';
import { services as buildServices } from '../../src/composition';
import type { Db } from '../../src/db/connection';
import { testServices, type TestContext } from '../support/testServices';
import { ownerDb, rewriteFrom, verifyAuditCli } from './support';

// Each attack runs as the database owner (the postgres superuser here) against a healthy, anchored chain of its own.
let ctx: TestContext;
let owner: Db;

beforeEach(async () => {
  ctx = await testServices();
  owner = ownerDb(ctx);
  for (let i = 1; i <= 5; i++) await ctx.services.providers.create(systemActor('t'), { name: `Aanbieder ${i}`, locations: [] });
  expect(await ctx.services.audit.checkpoint()).toBe(true);
});
afterEach(async () => {
  await owner.destroy();
  await ctx.cleanup();
});

const ids = async () => (await owner.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);

test('a healthy, anchored chain verifies OK, also after more entries than the last anchor', async () => {
  await ctx.services.providers.create(systemActor('t'), { name: 'Na het anker', locations: [] });
  const r = await verifyAuditCli(ctx);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Audittrail in orde: 6 regels gecontroleerd, 1 anker in ');
});

test('(a) removing the newest entries is refused by verify-audit', async () => {
  const all = await ids();
  await owner.deleteFrom('audit_log').where('id', 'in', all.slice(-2)).execute();
  const r = await verifyAuditCli(ctx);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`regel ${all[4]} uit het anker`);
  expect(r.stderr).toContain('de keten is ingekort of geleegd');
});

// Found by an attack: the app reached PostgreSQL through another address, so its anchors went to a file that
// verify-audit, given the usual address, never read.
test('(a) is caught whichever address reaches the database: the anchor belongs to the database, not the address', async () => {
  const all = await ids();
  await owner.deleteFrom('audit_log').where('id', 'in', all.slice(-2)).execute();
  const other = new URL(ctx.databaseUrl);
  other.hostname = 'localhost';
  const r = await verifyAuditCli(ctx, other.toString());
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('de keten is ingekort of geleegd');
});

test('(a) removing the newest entries, rewinding the sequence and letting the app append again is refused', async () => {
  const all = await ids();
  await owner.deleteFrom('audit_log').where('id', 'in', all.slice(-2)).execute();
  await sql`select setval('audit_log_id_seq', ${all[2]}::bigint)`.execute(owner);
  // The app fills the same ids again, with valid MACs of its own, and the worker anchors the new head.
  for (const name of ['Nieuw 1', 'Nieuw 2']) await ctx.services.providers.create(systemActor('t'), { name, locations: [] });
  await ctx.services.audit.checkpoint();
  expect(await ids()).toEqual(all);
  const r = await verifyAuditCli(ctx);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`regel ${all[4]} verschilt van het anker`);
});

test('(b) truncating the audit tables is refused by verify-audit', async () => {
  await sql`truncate audit_log, audit_instance`.execute(owner);
  const r = await verifyAuditCli(ctx);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('audit_instance ontbreekt');

  // Also with a new instance row, as a re-run migration would make.
  await sql`insert into audit_instance default values`.execute(owner);
  const again = await verifyAuditCli(ctx);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('hoort bij een andere database-instantie');
});

test('(b) emptying only the entries is refused by verify-audit', async () => {
  await sql`truncate audit_log`.execute(owner);
  const r = await verifyAuditCli(ctx);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/uit het anker van .* ontbreekt: de keten is ingekort of geleegd \(laatste regel nu: geen\)/);
});

test('(c) rewriting an entry and recomputing every later hash with the plain sha256 function is refused', async () => {
  const all = await ids();
  await rewriteFrom(owner, all[1]!, { sha256: true });
  const r = await verifyAuditCli(ctx);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`regel ${all[1]}: zonder sleutel vastgelegd (sha256) na de overstap op HMAC`);
  expect(r.stderr).toContain(`regel ${all[4]} verschilt van het anker`);
});

test('(c) rewriting with the project hash after the last anchor, with the legacy boundary moved up, is refused', async () => {
  await ctx.services.providers.create(systemActor('t'), { name: 'Na het anker', locations: [] });
  const all = await ids();
  await rewriteFrom(owner, all[5]!, { sha256: true });
  await sql`update audit_instance set legacy_until = ${all[5]}`.execute(owner);
  const r = await verifyAuditCli(ctx);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('de grens van de oude regels zonder sleutel is verschoven');
});

test('(c) rewriting an entry and recomputing every later MAC with a guessed key is refused', async () => {
  const all = await ids();
  await rewriteFrom(owner, all[1]!, { guessedKey: 'development-only-secret-not-for-production-use' });
  const r = await verifyAuditCli(ctx);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`regel ${all[1]}: inhoud komt niet overeen met de MAC`);
});

test('an anchor line that was altered, or signed with another key, fails verification', async () => {
  const file = auditSettings(ctx.config).anchorFile;
  const original = await readFile(file, 'utf8');
  const line = JSON.parse(original.trim()) as { id: string };
  await writeFile(file, original.replace(`"id":"${line.id}"`, `"id":"${Number(line.id) - 1}"`));
  const altered = await verifyAuditCli(ctx);
  expect(altered.code).toBe(1);
  expect(altered.stderr).toContain('regel 1: de handtekening klopt niet');

  await writeFile(file, original);
  const otherKey = buildServices({ ...ctx.config, auditKey: 'b'.repeat(64) });
  try {
    await ctx.services.providers.create(systemActor('t'), { name: 'Nog een', locations: [] });
    await otherKey.audit.checkpoint();
  } finally {
    await otherKey.close();
  }
  const foreign = await verifyAuditCli(ctx);
  expect(foreign.code).toBe(1);
  expect(foreign.stderr).toContain('regel 2: de handtekening klopt niet');
});
