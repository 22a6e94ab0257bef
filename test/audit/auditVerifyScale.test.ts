import { execFile } from 'node:child_process';
import { appendFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { systemActor } from '../../src/audit/types';
import { services as buildServices } from '../../src/composition';
import type { Db } from '../../src/db/connection';
import { verifyProgress } from '../../src/audit/verifyProgress';
import { appendAnchor, newestAnchor, readAnchors, type Anchor } from '../../src/audit/anchorFile';
import { testServices, type TestContext } from '../support/testServices';
import { ownerDb, rewriteFrom } from './support';

// Issue 9, point 7: verify-audit reads the chain in batches (memory of one batch, however long the chain), shows its
// progress on a terminal, and with --since-anchor checks only from the newest anchor on, in seconds.

const run = promisify(execFile);
let ctx: TestContext;
let owner: Db;
let all: string[];
let anchored: string;

const entry = (name: string) => ctx.services.providers.create(systemActor('t'), { name, locations: [] });
const ids = async () => (await owner.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
const sinceAnchor = () => ctx.services.audit.verify({ sinceAnchor: true });
const cli = async (...args: string[]) => {
  try {
    const r = await run('npm', ['run', '--silent', 'cli', '--', 'verify-audit', ...args], {
      env: { ...process.env, DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.config.queuePrefix },
    });
    return { code: 0, ...r };
  } catch (e) {
    return e as { code: number; stdout: string; stderr: string };
  }
};

// Five entries, an anchor on the fifth, then three more: ids all[0..7], anchored = all[4].
beforeEach(async () => {
  ctx = await testServices();
  owner = ownerDb(ctx);
  for (let i = 1; i <= 5; i++) await entry(`Voor het anker ${i}`);
  await ctx.services.audit.checkpoint();
  for (let i = 1; i <= 3; i++) await entry(`Na het anker ${i}`);
  all = await ids();
  anchored = all[4]!;
});
afterEach(async () => {
  await owner.destroy();
  await ctx.cleanup();
});

test('--since-anchor checks the anchored entry and every later one, says from where and how many', async () => {
  expect(await sinceAnchor()).toMatchObject({ ok: true, checked: 4, since: { id: anchored, line: 1 }, problems: [] });
  const r = await cli('--since-anchor');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    new RegExp(`^Audittrail in orde: 4 regels gecontroleerd vanaf het anker van \\S+ \\(regel ${anchored}; eerdere regels niet\\)`),
  );
  // Nothing on stderr when it is not a terminal: no progress line in a log.
  expect(r.stderr).toBe('');
  expect(await ctx.services.audit.verify()).toMatchObject({ ok: true, checked: 8 });
}, 30_000);

test('--since-anchor finds an entry changed after the anchor, or the anchored one, even with every later MAC recomputed', async () => {
  await sql`update audit_log set actor_label = 'iemand anders' where id = ${all[6]}`.execute(owner);
  expect((await sinceAnchor()).problems).toEqual([
    `regel ${all[6]}: inhoud komt niet overeen met de MAC (gewijzigd, of niet met de AUDIT_KEY gemaakt)`,
  ]);
  const r = await cli('--since-anchor');
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`regel ${all[6]}: inhoud komt niet overeen`);

  // The attacker recomputes from there on, under a guessed key: the MACs no longer follow from the real key.
  await rewriteFrom(owner, all[5]!, { guessedKey: 'development-only-secret-not-for-production-use' });
  expect((await sinceAnchor()).problems).toContain(
    `regel ${all[5]}: inhoud komt niet overeen met de MAC (gewijzigd, of niet met de AUDIT_KEY gemaakt)`,
  );
});

test('--since-anchor refuses a chain rewritten through the anchored entry, one with a gap after it, and one cut before it', async () => {
  await rewriteFrom(owner, all[2]!, { sha256: true });
  const rewritten = (await sinceAnchor()).problems.join('\n');
  expect(rewritten).toContain(`regel ${anchored} verschilt van het anker`);
  expect(rewritten).toContain(`regel ${anchored}: zonder sleutel vastgelegd (sha256) na de overstap op HMAC`);

  const fresh = await ids();
  await owner.deleteFrom('audit_log').where('id', '=', fresh[6]!).execute();
  expect((await sinceAnchor()).problems).toContain(
    `regel ${fresh[7]}: sluit niet aan op de vorige regel (ontbrekende of gewijzigde regel ervoor)`,
  );

  await owner.deleteFrom('audit_log').where('id', '>=', anchored).execute();
  const cut = await sinceAnchor();
  expect(cut).toMatchObject({ ok: false, checked: 0 });
  expect(cut.problems.join('\n')).toContain(`regel ${anchored} uit het anker van`);
});

test('an entry changed before the anchor is for the full check: --since-anchor does not read that far back', async () => {
  await sql`update audit_log set actor_label = 'iemand anders' where id = ${all[1]}`.execute(owner);
  expect(await sinceAnchor()).toMatchObject({ ok: true, checked: 4 });
  expect((await ctx.services.audit.verify()).problems).toEqual([
    `regel ${all[1]}: inhoud komt niet overeen met de MAC (gewijzigd, of niet met de AUDIT_KEY gemaakt)`,
  ]);
});

test('without an anchor of this database --since-anchor has nothing to start from and says so', async () => {
  const other = buildServices({ ...ctx.config, auditAnchorFile: `${ctx.config.auditAnchorDir ?? '/tmp'}/nergens-${ctx.databaseName}.log` });
  try {
    const r = await other.audit.verify({ sinceAnchor: true });
    expect(r).toMatchObject({ ok: false, checked: 0 });
    expect(r.problems.join('\n')).toContain('geen bruikbaar anker van deze database');
  } finally {
    await other.close();
  }
});

test('the chain is read in batches, and a link across a batch boundary is still checked', async () => {
  const progress: Array<[number, string]> = [];
  const r = await ctx.services.audit.verify({ batchSize: 3, onProgress: (p) => progress.push([p.checked, p.lastId]) });
  expect(r).toMatchObject({ ok: true, checked: 8, batches: 3 });
  expect(progress).toEqual([
    [3, all[2]],
    [6, all[5]],
    [8, all[7]],
  ]);
  expect(await ctx.services.audit.verify({ batchSize: 3, sinceAnchor: true })).toMatchObject({ ok: true, checked: 4, batches: 1 });

  // The first entry of the second batch goes: the second batch's next entry no longer links to the first batch's last.
  await owner.deleteFrom('audit_log').where('id', '=', all[3]!).execute();
  const gap = await ctx.services.audit.verify({ batchSize: 3 });
  expect(gap.problems[0]).toBe(`regel ${all[4]}: sluit niet aan op de vorige regel (ontbrekende of gewijzigde regel ervoor)`);
});

test('with the wrong key every entry fails, but only the first hundred problems are kept, the rest counted', async () => {
  for (let i = 0; i < 110; i++) await entry(`Veel ${i}`);
  const wrongKey = buildServices({ ...ctx.config, auditKey: 'b'.repeat(64) });
  try {
    const r = await wrongKey.audit.verify({ batchSize: 50 });
    expect(r.checked).toBe(118);
    expect(r.problems).toHaveLength(101);
    // The anchor line (signed with the real key, so no anchor left), 118 entries and 'no anchor': 100 listed, 20 counted.
    expect(r.problems.at(-1)).toBe('… en nog 20 problemen (niet getoond)');
  } finally {
    await wrongKey.close();
  }
}, 30_000);

test('progress goes to a terminal only, at most five times a second, and is wiped before the result', () => {
  let t = 0;
  const written: string[] = [];
  const tty = verifyProgress({ isTTY: true, write: (s: string) => written.push(s) > 0 }, () => t);
  const at = (ms: number, lastId: string, checked: number) => {
    t = ms;
    tty.update({ checked, lastId, fromId: '0', headId: '1000' });
  };
  at(0, '10', 10);
  at(250, '500', 500);
  at(300, '600', 600);
  at(500, '1000', 1000);
  tty.done();
  expect(written).toEqual([
    `\rAudittrail controleren [${'#'.repeat(15)}${'.'.repeat(15)}]  50% 500 regels 0.3 s`,
    `\rAudittrail controleren [${'#'.repeat(30)}] 100% 1.000 regels 0.5 s`,
    '\r\x1b[K',
  ]);

  const logged: string[] = [];
  const log = verifyProgress({ isTTY: false, write: (s: string) => logged.push(s) > 0 }, () => (t += 1000));
  log.update({ checked: 1, lastId: '1', fromId: '0', headId: '1' });
  log.done();
  expect(logged).toEqual([]);
});

test('--since-anchor reads the anchor file from its end: the newest good line of this database, whatever came before', async () => {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'jt-anchors-')), 'anker.log');
  const key = Buffer.from('k'.repeat(64));
  const line = (id: number, db = 'jt'): Anchor => ({
    v: 1,
    at: new Date(id * 1000).toISOString(),
    db,
    instance: 'i',
    legacyUntil: null,
    id: String(id),
    mac: 'm'.repeat(64),
  });
  // Ten years of minutes would be millions of lines; these 30,000 span many reads of the end, and the oldest is unreadable.
  await appendFile(file, 'kapot\n');
  let text = '';
  for (let id = 1; id <= 30_000; id++) text += `${JSON.stringify({ ...line(id), sig: 'x' })}\n`;
  await appendFile(file, text);
  await appendAnchor(file, key, line(30_001));
  await appendAnchor(file, key, line(30_002, 'een-andere-database'));
  await appendFile(file, `${JSON.stringify({ ...line(30_003), sig: 'f'.repeat(64) })}\n{niet af`);
  const newest = await newestAnchor(file, key, 'jt');
  expect(newest.anchor).toMatchObject({ id: '30001', line: 30_002 });
  expect(newest.problems).toEqual([
    `ankerbestand ${file} regel 30004: de handtekening klopt niet (gewijzigd, of gemaakt met een andere AUDIT_KEY)`,
    `ankerbestand ${file} regel 30005: onleesbaar`,
  ]);
  // The full check reads every line, with the same numbers.
  const all = await readAnchors(file, key, 'jt');
  expect(all.anchors.map((a) => [a.id, a.line])).toEqual([['30001', 30_002]]);
  expect(all.problems).toHaveLength(30_003);
  expect(all.problems[0]).toBe(`ankerbestand ${file} regel 1: onleesbaar`);
  expect(await newestAnchor(`${file}.ontbreekt`, key, 'jt')).toEqual({ anchor: undefined, problems: [] });
});
