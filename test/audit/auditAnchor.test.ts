import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { systemActor } from '../../src/audit/types';
import { auditSettings, developmentKey } from '../../src/audit/auditSettings';
import { GENESIS_HASH, entryHash } from '../../src/audit/hash';
import { loadConfig } from '../../src/config';
import { services as buildServices } from '../../src/composition';
import { createDb, createPool } from '../../src/db/connection';
import { migrations } from '../../src/db/migrations';
import { startWorkers } from '../../src/jobs/worker';
import { prepareDatabase } from '../../src/startup';
import { adminQuery, dropTestDatabase, urlFor } from '../support/db';
import { freePort, healthStatus, spawnApp } from '../support/spawnApp';
import { testServices, type TestContext } from '../support/testServices';
import { until } from '../support/until';
import { verifyAuditCli } from './support';

const lines = async (file: string) =>
  (await readFile(file, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { db: string; id: string; mac: string });
const head = async (ctx: TestContext) =>
  ctx.services.db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').executeTakeFirstOrThrow();
const entry = (ctx: TestContext, name: string) => ctx.services.providers.create(systemActor('t'), { name, locations: [] });

test('the anchors of two databases on one machine never touch each other, even in one shared file', async () => {
  const a = await testServices();
  const b = await testServices();
  try {
    const fileA = auditSettings(a.config).anchorFile;
    const fileB = auditSettings(b.config).anchorFile;
    expect(fileA).not.toBe(fileB);
    expect(path.basename(fileA)).toBe(`${a.databaseName}.log`);
    await entry(a, 'In A');
    await a.services.audit.checkpoint();
    const before = await readFile(fileA, 'utf8');
    for (let i = 0; i < 3; i++) await entry(b, `In B ${i}`);
    await b.services.audit.checkpoint();
    expect(await readFile(fileA, 'utf8')).toBe(before);
    expect((await lines(fileA)).map((l) => l.db)).toEqual([a.databaseName]);
    expect((await lines(fileB)).map((l) => l.db)).toEqual([b.databaseName]);

    // An operator may point both at one file: each database then checks only its own lines.
    const shared = path.join(mkdtempSync(path.join(os.tmpdir(), 'jt-shared-anchor-')), 'anker.log');
    const sharedA = buildServices({ ...a.config, auditAnchorFile: shared });
    const sharedB = buildServices({ ...b.config, auditAnchorFile: shared });
    try {
      await sharedA.audit.checkpoint();
      await sharedB.audit.checkpoint();
      expect(await lines(shared)).toHaveLength(2);
      expect(await sharedA.audit.verify()).toMatchObject({ ok: true, anchors: 1 });
      expect(await sharedB.audit.verify()).toMatchObject({ ok: true, anchors: 1 });
    } finally {
      await sharedA.close();
      await sharedB.close();
    }
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
});

test("the worker's sweep anchors the chain's head, and only a changed head adds a line", async () => {
  const ctx = await testServices({ env: { SWEEP_EVERY_MS: '1000' } });
  const workers = await startWorkers(ctx.services);
  try {
    const file = auditSettings(ctx.config).anchorFile;
    const lastId = async () => (await lines(file)).at(-1)?.id;
    await entry(ctx, 'Eerste');
    const first = await head(ctx);
    expect(await until(lastId, (id) => id === first.id, 10_000)).toBe(first.id);
    await entry(ctx, 'Tweede');
    const second = await head(ctx);
    expect(await until(lastId, (id) => id === second.id, 10_000)).toBe(second.id);
    expect((await lines(file)).at(-1)!.mac).toBe(second.hash);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await lines(file)).toHaveLength(2);
  } finally {
    await workers.close();
    await ctx.cleanup();
  }
}, 30_000);

test('a web process anchors the head when it stops', async () => {
  const ctx = await testServices();
  const port = await freePort();
  const app = spawnApp(['web'], {
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: ctx.databaseUrl,
    QUEUE_PREFIX: ctx.config.queuePrefix,
  });
  try {
    expect(await healthStatus(port, 200, 30_000)).toBe(200);
    await entry(ctx, 'Niet verankerd');
    const file = auditSettings(ctx.config).anchorFile;
    expect(await lines(file)).toEqual([]);
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
    const last = (await lines(file)).at(-1);
    expect(last).toMatchObject({ id: (await head(ctx)).id, mac: (await head(ctx)).hash });
  } finally {
    app.child.kill('SIGKILL');
    await ctx.cleanup();
  }
}, 60_000);

test('a trail without any anchor, or a database recreated under the same name, fails verification', async () => {
  const ctx = await testServices();
  try {
    await entry(ctx, 'Nooit verankerd');
    const none = await ctx.services.audit.verify();
    expect(none.ok).toBe(false);
    expect(none.problems.join('\n')).toContain('geen anker voor deze database');

    await ctx.services.audit.checkpoint();
    expect((await ctx.services.audit.verify()).ok).toBe(true);
    // Dropped and made again (migrated afresh, so a new instance id), then used as before.
    await dropTestDatabase(ctx.databaseName);
    await prepareDatabase(ctx.config);
    await entry(ctx, 'Na het opnieuw aanmaken');
    const r = await verifyAuditCli(ctx);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hoort bij een andere database-instantie');
  } finally {
    await ctx.cleanup();
  }
});

test('entries made with plain sha256 before keys were used still verify, as the start of the chain', async () => {
  const name = `jt_test_legacy_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database "${name}"`);
  const owner = createDb(createPool(urlFor(name), 1));
  try {
    // A demo database as the previous release left it: hash chain and head row, no key.
    const migrator = new Migrator({ db: owner, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('2026-11-22_002_signals')).error).toBeUndefined();
    let prev = GENESIS_HASH;
    for (let i = 1; i <= 3; i++) {
      const fields = {
        at: new Date(Date.UTC(2026, 0, i)),
        actorId: null,
        actorLabel: 'demo',
        action: 'create',
        objectType: 'provider',
        objectId: `p${i}`,
        changes: { name: { before: null, after: `Oud ${i}` } },
        requestId: null,
      };
      const hash = entryHash(prev, fields);
      const { rows } = await sql<{
        id: string;
      }>`insert into audit_log (at, actor_label, action, object_type, object_id, changes, prev_hash, hash)
        values (${fields.at}, 'demo', 'create', 'provider', ${fields.objectId}, ${JSON.stringify(fields.changes)}::jsonb, ${prev}, ${hash}) returning id`.execute(
        owner,
      );
      await sql`insert into audit_head (last_id, last_hash) values (${rows[0]!.id}, ${hash}) on conflict (singleton) do update set last_id = excluded.last_id, last_hash = excluded.last_hash`.execute(
        owner,
      );
      prev = hash;
    }

    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: urlFor(name),
      LOG_LEVEL: 'silent',
      AUDIT_KEY: process.env.AUDIT_KEY,
      AUDIT_ANCHOR_DIR: process.env.AUDIT_ANCHOR_DIR,
    });
    await prepareDatabase(config);
    const services = buildServices(config);
    try {
      await services.providers.create(systemActor('t'), { name: 'Nieuw', locations: [] });
      await services.audit.checkpoint();
      expect(await services.audit.verify()).toMatchObject({ ok: true, checked: 4, problems: [] });
      const algs = await owner.selectFrom('audit_log').select('alg').orderBy('id').execute();
      expect(algs.map((r) => r.alg)).toEqual(['sha256', 'sha256', 'sha256', 'hmac-sha256']);

      // The keyed entry commits to the old ones: changing one of them is still found.
      await sql`update audit_log set actor_label = 'iemand anders' where object_id = 'p2'`.execute(owner);
      expect((await services.audit.verify()).problems.join('\n')).toContain('inhoud komt niet overeen met de hash');
    } finally {
      await services.close();
    }
  } finally {
    await owner.destroy();
    await dropTestDatabase(name);
  }
});

test('AUDIT_KEY is required in production; elsewhere a development key file is made once, readable by its owner only', () => {
  expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) })).toThrow(/AUDIT_KEY: is verplicht in productie/);
  expect(() => loadConfig({ AUDIT_KEY: 'te kort' })).toThrow(/AUDIT_KEY: minstens 32 tekens/);
  expect(() => developmentKey('production', '/nergens')).toThrow(/AUDIT_KEY is verplicht/);

  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jt-key-')), 'var', 'audit.key');
  const key = developmentKey('development', file);
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(developmentKey('development', file)).toBe(key);
});
