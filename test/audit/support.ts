import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createDb, createPool, type Db } from '../../src/db/connection';
import { entryHash, entryMac, hashedFieldsOf } from '../../src/audit/hash';
import type { TestContext } from '../support/testServices';

const run = promisify(execFile);

/** `npm run --silent cli -- verify-audit` against the test's database, as an operator runs it. */
export async function verifyAuditCli(
  ctx: TestContext,
  databaseUrl = ctx.databaseUrl,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('npm', ['run', '--silent', 'cli', '--', 'verify-audit'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: ctx.config.queuePrefix },
    });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The attacker: the database owner (here the postgres superuser), not the application's role. */
export const ownerDb = (ctx: TestContext): Db => createDb(createPool(ctx.databaseUrl, 1));

/**
 * Attack (c): change one entry's label and recompute the hash of it and of every later entry, either with the
 * project's plain sha256 function (marking them as old unkeyed entries) or with an HMAC under a guessed key.
 */
export async function rewriteFrom(db: Db, id: string, how: { sha256: true } | { guessedKey: string }): Promise<void> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  let prev: string | undefined;
  for (const row of rows) {
    if (BigInt(row.id) < BigInt(id)) {
      prev = row.hash;
      continue;
    }
    const fields = hashedFieldsOf({ ...row, actor_label: row.id === id ? 'iemand anders' : row.actor_label });
    const prevHash = prev ?? row.prev_hash;
    const hash = 'sha256' in how ? entryHash(prevHash, fields) : entryMac(Buffer.from(how.guessedKey, 'utf8'), prevHash, row.id, fields);
    const alg = 'sha256' in how ? 'sha256' : 'hmac-sha256';
    await sql`update audit_log set actor_label = ${fields.actorLabel}, prev_hash = ${prevHash}, hash = ${hash}, alg = ${alg} where id = ${row.id}`.execute(
      db,
    );
    prev = hash;
  }
}
